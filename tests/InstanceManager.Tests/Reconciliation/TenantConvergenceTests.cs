using InstanceManager.Reconciliation;
using InstanceManager.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace InstanceManager.Tests.Reconciliation;

/// <summary>How a run converges one tenant from each state the service reports, counted in the requests the service saw.</summary>
public sealed class TenantConvergenceTests : IDisposable
{
    private readonly ImServer _im = new();

    public void Dispose() => _im.Dispose();

    private Task<ReconciliationReport> ReconcileAsync(string[] desired, ReconciliationOptions? options = null) =>
        _im.Clock.RunAsync(_im.Services.GetRequiredService<TenantReconciler>().ReconcileAsync(desired, options));

    private void Listed(params (string Tenant, string Status)[] instances) =>
        _im.Answer("GET", ImServer.BasePath, 200, InstanceJson.List([.. instances.Select(instance => InstanceJson.Node(instance.Tenant, instance.Status))]));

    [Fact]
    public async Task ATenantInAStatusTheLibraryDoesNotKnow_IsLeftAlone_AndReportedWithTheReason()
    {
        Listed(("odd-1", "SOMETHING_NEW"));

        var report = await ReconcileAsync(["odd-1"]);

        var failure = Assert.Single(report.Failed);
        Assert.Equal(("odd-1", "the service reports a status this library does not know; the instance is left alone."), (failure.TenantId, failure.Error));
        Assert.Equal("GET", Assert.Single(_im.Server.LogEntries).RequestMessage.Method);
    }

    [Fact]
    public async Task ACreateAnsweredWithConflict_FollowsTheCreationThatIsUnderWay()
    {
        Listed();
        _im.Answer("POST", ImServer.TenantPath("t1"), 409, """{"description":"already exists"}""");
        _im.GetAnswers("t1", (200, InstanceJson.Instance("t1", "CREATION_IN_PROGRESS")), (200, InstanceJson.Instance("t1", "CREATION_SUCCEEDED")));

        var report = await ReconcileAsync(["t1"]);

        Assert.Equal(["t1"], report.Created);
        Assert.Equal(1, _im.Count("POST"));
        Assert.Equal(0, _im.Count("DELETE"));
    }

    [Fact]
    public async Task ACreateAnsweredWithConflict_ForAnInstanceThatIsGone_FailsWithTheConflict_OnceAttemptsRunOut()
    {
        Listed();
        _im.Answer("POST", ImServer.TenantPath("t1"), 409, """{"description":"already exists"}""");
        _im.GetAnswers("t1", (404, ""));

        var report = await ReconcileAsync(["t1"], new ReconciliationOptions { MaxCreateAttempts = 2, RetryDelay = TimeSpan.Zero });

        var failure = Assert.Single(report.Failed);
        Assert.Contains("409", failure.Error, StringComparison.Ordinal);
        Assert.Equal(2, _im.Count("POST"));
    }

    [Fact]
    public async Task AFailedCreation_IsDeletedBeforeTheNextAttempt_AfterTheRetryDelay()
    {
        Listed();
        _im.Answer("POST", ImServer.TenantPath("t1"), 201);
        _im.Answer("DELETE", ImServer.TenantPath("t1"), 204);
        _im.GetAnswers(
            "t1",
            (200, InstanceJson.Instance("t1", "CREATION_FAILED", "disk full")),
            (404, ""),
            (200, InstanceJson.Instance("t1", "CREATION_SUCCEEDED")));

        var report = await ReconcileAsync(["t1"], new ReconciliationOptions { MaxCreateAttempts = 2, RetryDelay = TimeSpan.FromSeconds(7) });

        Assert.Equal(["t1"], report.Created);
        Assert.Equal(2, _im.Count("POST"));
        Assert.Equal(1, _im.Count("DELETE"));
        Assert.Contains(TimeSpan.FromSeconds(7), _im.Clock.Waits);
    }

    [Fact]
    public async Task ACreationUnderWayThatEndsWithTheInstanceGone_IsCreatedAgain()
    {
        Listed(("t1", "CREATION_IN_PROGRESS"));
        _im.Answer("DELETE", ImServer.TenantPath("t1"), 404, """{"description":"not found"}""");
        _im.Answer("POST", ImServer.TenantPath("t1"), 201);
        _im.GetAnswers("t1", (404, ""), (200, InstanceJson.Instance("t1", "CREATION_SUCCEEDED")));

        var report = await ReconcileAsync(["t1"]);

        Assert.Equal(["t1"], report.Created);
        Assert.Equal(1, _im.Count("POST"));
    }

    [Fact]
    public async Task AnOrphanAlreadyBeingDeleted_IsFollowed_NotDeletedAgain()
    {
        Listed(("old-1", "DELETION_IN_PROGRESS"));
        _im.GetAnswers("old-1", (200, InstanceJson.Instance("old-1", "DELETION_IN_PROGRESS")), (404, ""));

        var report = await ReconcileAsync([], new ReconciliationOptions { DeleteOrphans = true });

        Assert.Equal(["old-1"], report.Deleted);
        Assert.Equal(0, _im.Count("DELETE"));
        Assert.True(_im.Count("GET", "old-1") >= 2);
    }

    [Fact]
    public async Task AnOrphanWhoseDeletionUnderWayFails_IsDeletedAgain()
    {
        Listed(("old-1", "DELETION_IN_PROGRESS"));
        _im.Answer("DELETE", ImServer.TenantPath("old-1"), 204);
        _im.GetAnswers("old-1", (200, InstanceJson.Instance("old-1", "DELETION_FAILED", "locked")), (404, ""));

        var report = await ReconcileAsync([], new ReconciliationOptions { DeleteOrphans = true });

        Assert.Equal(["old-1"], report.Deleted);
        Assert.Equal(1, _im.Count("DELETE"));
    }

    [Fact]
    public async Task AnOrphanWhoseDeletionUnderWayOutlivesThePollingTimeout_IsDeletedAgain()
    {
        using var im = new ImServer(options => options.PollingTimeout = TimeSpan.FromSeconds(10));
        im.Answer("GET", ImServer.BasePath, 200, InstanceJson.List(InstanceJson.Node("old-1", "DELETION_IN_PROGRESS")));
        im.Answer("DELETE", ImServer.TenantPath("old-1"), 204);
        im.GetAnswers("old-1", (200, InstanceJson.Instance("old-1", "DELETION_IN_PROGRESS")));

        var report = await im.Clock.RunAsync(im.Services.GetRequiredService<TenantReconciler>().ReconcileAsync([], new ReconciliationOptions { DeleteOrphans = true }));

        // The second wait times out too: the tenant is reported, after one more DELETE.
        Assert.Single(report.Failed);
        Assert.Equal(1, im.Count("DELETE"));
    }

    [Fact]
    public async Task AFailureMessageOnSeveralLines_IsReportedOnOne()
    {
        Listed();
        _im.Answer("POST", ImServer.TenantPath("t1"), 403, "{\"description\":\"quota exceeded\\nfor this plan\"}");

        var report = await ReconcileAsync(["t1"]);

        var error = Assert.Single(report.Failed).Error;
        Assert.Contains("quota exceeded for this plan", error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error);
    }

    [Fact]
    public async Task ARunWhoseClientIsDisposedMeanwhile_ReportsTheTenantAsCancelled()
    {
        Listed();
        _im.Answer("POST", ImServer.TenantPath("t1"), 201);
        _im.GetAnswers("t1", (200, InstanceJson.Instance("t1", "CREATION_IN_PROGRESS")));
        var run = _im.Services.GetRequiredService<TenantReconciler>().ReconcileAsync(["t1"]);
        await _im.Clock.WaitStartedAsync();

        _im.DisposeServices();
        var report = await run.WaitAsync(TimeSpan.FromSeconds(30));

        var failure = Assert.Single(report.Failed);
        Assert.Equal(("t1", "the operation was cancelled (the client was disposed)."), (failure.TenantId, failure.Error));
    }
}
