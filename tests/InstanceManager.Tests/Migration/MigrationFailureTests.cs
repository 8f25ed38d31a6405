using InstanceManager.Tests.Infrastructure;
using InstanceManager.Tests.ServiceManager;
using Microsoft.Extensions.DependencyInjection;

namespace InstanceManager.Tests.Migration;

/// <summary>Migration mode when one service or both fail: what the caller gets, and what the log says of the other.</summary>
public sealed class MigrationFailureTests
{
    [Theory]
    [InlineData(true, "service-manager", "sm down")]
    [InlineData(false, "instance-manager", "im down")]
    public async Task GetAllAsync_WhenOneServiceFails_LogsWhichOne(bool serviceManagerFails, string service, string reason)
    {
        using var sm = MigrationServer.Start(options => options.Resilience.Enabled = false);
        if (serviceManagerFails)
        {
            sm.Answer("GET", "/v1/service_bindings", 500, """{"error":"InternalError","description":"sm down"}""");
            sm.Answer("GET", ImServer.BasePath, 200, InstanceJson.List(InstanceJson.Node("t2", "CREATION_SUCCEEDED")));
        }
        else
        {
            MigrationServer.ServiceManagerEmpty(sm);
            sm.Answer("GET", ImServer.BasePath, 500, """{"description":"im down"}""");
        }

        await sm.Client.GetAllAsync();

        var logged = Assert.Single(sm.Logs.Entries, entry => entry.EventId.Id == 31).Text;
        Assert.Contains($"Migration mode: GetAll could not list the {service}; the list holds the other service's instances only: ", logged, StringComparison.Ordinal);
        Assert.Contains(reason, logged, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAsync_WhenTheServiceManagerFails_AndTheInstanceManagerHasNoInstance_ThrowsTheServiceManagersFailure()
    {
        using var sm = MigrationServer.Start(options => options.Resilience.Enabled = false);
        sm.Answer("GET", "/v1/service_bindings", 500, """{"error":"InternalError","description":"sm down"}""");
        sm.Answer("GET", MigrationServer.TenantPath("t1"), 404, """{"description":"not found"}""");

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => sm.Client.GetAsync("t1").AsTask());

        Assert.Equal(500, exception.StatusCode);
        Assert.Equal("sm down", exception.ServerDescription);
        Assert.Contains("Migration mode: Get for tenant 't1' could not ask the service-manager", Assert.Single(sm.Logs.Entries, entry => entry.EventId.Id == 30).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAsync_WhenBothFail_AndOneFailureIsTransient_TheWholeIsTransient()
    {
        using var sm = MigrationServer.Start(options => options.Resilience.Enabled = false);
        sm.Answer("GET", "/v1/service_bindings", 503, """{"error":"Unavailable","description":"sm busy"}""");
        sm.Answer("GET", MigrationServer.TenantPath("t1"), 403, """{"description":"im forbidden"}""");

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => sm.Client.GetAsync("t1").AsTask());

        Assert.Equal(503, exception.StatusCode);
        Assert.True(exception.IsTransient);
    }

    [Fact]
    public async Task GetAsync_WhenNeitherServiceCanBeReached_TheWholeHasNoStatus_AndIsTransient()
    {
        using var sm = MigrationServer.Start(
            options => options.Resilience.Enabled = false,
            services => services.AddHttpClient(InstanceManagerServiceCollectionExtensions.HttpClientName).AddHttpMessageHandler(() => new Unreachable()));

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => sm.Client.GetAsync("t1").AsTask());

        Assert.StartsWith("Get of the instance for tenant 't1' failed: both services failed.", exception.Message, StringComparison.Ordinal);
        Assert.Null(exception.StatusCode);
        Assert.True(exception.IsTransient);
        Assert.Empty(sm.Server.LogEntries);
    }

    private sealed class Unreachable : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new HttpRequestException("Connection refused");
    }

    [Fact]
    public async Task CreateAsync_WhenTheInstanceManagerCannotBeAsked_CreatesInTheServiceManager_AndLogsIt()
    {
        using var sm = MigrationServer.Start(options => options.Resilience.Enabled = false);
        sm.Answer("GET", MigrationServer.TenantPath("t1"), 500, """{"description":"im down"}""");
        sm.Answer("POST", "/v1/service_instances", 400, """{"error":"BadRequest","description":"sm refused the instance"}""");

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => sm.Clock.RunAsync(sm.Client.CreateAsync("t1")));

        // The Service Manager's answer: the create went on there.
        Assert.Equal((400, "sm refused the instance"), (exception.StatusCode, exception.ServerDescription));
        Assert.Equal(1, sm.Count("POST", "/v1/service_instances"));
        Assert.Contains("Migration mode: Create for tenant 't1' could not ask the instance-manager", Assert.Single(sm.Logs.Entries, entry => entry.EventId.Id == 30).Text, StringComparison.Ordinal);
    }
}
