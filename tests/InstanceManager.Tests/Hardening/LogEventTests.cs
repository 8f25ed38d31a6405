using InstanceManager.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace InstanceManager.Tests.Hardening;

/// <summary>
/// What an operator reads in the log of the Instance Manager backend and the facade: one entry per outcome, at the
/// level and with the event id documented in the README (Diagnostics), naming the operation and the tenant.
/// </summary>
public sealed class LogEventTests : IDisposable
{
    private readonly LogCapture _logs = new();
    private readonly ImServer _im;

    public LogEventTests() =>
        _im = new ImServer(configureServices: services => services.AddLogging(logging => logging.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace)));

    public void Dispose() => _im.Dispose();

    [Fact]
    public async Task Create_ThatPolls_LogsPollingThenOneCompletion()
    {
        _im.Answer("POST", ImServer.TenantPath("t1"), 201);
        _im.GetAnswers("t1", (200, InstanceJson.Instance("t1", "CREATION_IN_PROGRESS")), (200, InstanceJson.Instance("t1", "CREATION_SUCCEEDED")));

        await _im.Clock.RunAsync(_im.Client.CreateAsync("t1"));

        Assert.All(Events(2), entry => Assert.Contains("Create for tenant 't1': polling.", entry.Text, StringComparison.Ordinal));
        Assert.Equal(2, Events(2).Count);
        var completed = Assert.Single(Events(3));
        Assert.Equal(LogLevel.Information, completed.Level);
        Assert.Contains("Create for tenant 't1' completed with status CreationSucceeded.", completed.Text, StringComparison.Ordinal);
        Assert.Empty(Events(4));
    }

    [Fact]
    public async Task Get_OfAnInstanceBeingCreated_LogsItsCompletion()
    {
        _im.GetAnswers("t1", (200, InstanceJson.Instance("t1", "CREATION_IN_PROGRESS")), (200, InstanceJson.Instance("t1", "CREATION_SUCCEEDED")));

        await _im.Clock.RunAsync(_im.Client.GetAsync("t1").AsTask());

        Assert.Contains("Get for tenant 't1' completed with status CreationSucceeded.", Assert.Single(Events(3)).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_ThatFails_LogsOneWarningWithTheServiceReason()
    {
        _im.Answer("POST", ImServer.TenantPath("t1"), 201);
        _im.GetAnswers("t1", (200, InstanceJson.Instance("t1", "CREATION_FAILED", "quota exceeded")));

        await Assert.ThrowsAsync<InstanceOperationFailedException>(() => _im.Clock.RunAsync(_im.Client.CreateAsync("t1")));

        var failed = Assert.Single(Events(4));
        Assert.Equal(LogLevel.Warning, failed.Level);
        Assert.Contains("Create for tenant 't1' failed:", failed.Text, StringComparison.Ordinal);
        Assert.Contains("quota exceeded", failed.Text, StringComparison.Ordinal);
        Assert.Empty(Events(3));
    }

    [Fact]
    public async Task Create_WithAnUnknownOutcome_WarnsBeforeLookingForTheInstance()
    {
        _im.Answer("POST", ImServer.TenantPath("t1"), 502, """{"description":"gateway lost the answer"}""");
        _im.GetAnswers("t1", (200, InstanceJson.Instance("t1", "CREATION_SUCCEEDED")));

        await _im.Clock.RunAsync(_im.Client.CreateAsync("t1"));

        var unknown = Assert.Single(Events(12));
        Assert.Equal(LogLevel.Warning, unknown.Level);
        Assert.Contains("Create for tenant 't1': the outcome of the request is unknown", unknown.Text, StringComparison.Ordinal);
        Assert.Contains("502", unknown.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_LogsOneCompletion()
    {
        _im.Answer("DELETE", ImServer.TenantPath("t1"), 204);
        _im.GetAnswers("t1", (200, InstanceJson.Instance("t1", "DELETION_IN_PROGRESS")), (404, ""));

        await _im.Clock.RunAsync(_im.Client.DeleteAsync("t1"));

        var deleted = Assert.Single(Events(6));
        Assert.Equal(LogLevel.Information, deleted.Level);
        Assert.Contains("Delete for tenant 't1' completed.", deleted.Text, StringComparison.Ordinal);
        Assert.Equal(2, Events(2).Count);
    }

    [Fact]
    public async Task Delete_ThatFails_LogsTheFailureAndNoCompletion()
    {
        _im.Answer("DELETE", ImServer.TenantPath("t1"), 204);
        _im.GetAnswers("t1", (200, InstanceJson.Instance("t1", "DELETION_FAILED", "still in use")));

        await Assert.ThrowsAsync<InstanceOperationFailedException>(() => _im.Clock.RunAsync(_im.Client.DeleteAsync("t1")));

        Assert.Contains("still in use", Assert.Single(Events(4)).Text, StringComparison.Ordinal);
        Assert.Empty(Events(6));
    }

    [Fact]
    public async Task GetAll_LogsHowManyInstancesItListedAndCached()
    {
        _im.Answer("GET", ImServer.BasePath, 200, InstanceJson.List(
            InstanceJson.Node("t1", "CREATION_SUCCEEDED"),
            InstanceJson.Node("t2", "CREATION_IN_PROGRESS"),
            InstanceJson.Node("t3", "CREATION_SUCCEEDED")));

        await _im.Client.GetAllAsync();

        var listed = Assert.Single(Events(5));
        Assert.Equal(LogLevel.Debug, listed.Level);
        Assert.Contains("GetAll returned 3 instances; 2 cached.", listed.Text, StringComparison.Ordinal);
    }

    private List<(EventId EventId, LogLevel Level, string Text)> Events(int id) => _logs.Entries.Where(entry => entry.EventId.Id == id).ToList();
}
