using InstanceManager.Tests.Infrastructure;
using InstanceManager.Tests.ServiceManager;

namespace InstanceManager.Tests.Migration;

/// <summary>Long-running operations in migration mode: deletes started in both services, and operations resumed by id.</summary>
public sealed class MigrationOperationTests
{
    [Fact]
    public async Task DeleteIfExists_OfATenantInTheInstanceManagerOnly_DeletesIt_AndWaitsUntilBothHaveNone()
    {
        using var sm = MigrationServer.Start();
        sm.Answer("DELETE", MigrationServer.TenantPath("t1"), 204);
        sm.Answers("GET", MigrationServer.TenantPath("t1"), (200, InstanceJson.Instance("t1", "DELETION_IN_PROGRESS")), (404, ""));
        MigrationServer.ServiceManagerEmpty(sm);

        Assert.True(await sm.Clock.RunAsync(sm.Client.DeleteIfExistsAsync("t1")));

        Assert.Equal(1, sm.Count("DELETE", MigrationServer.TenantPath("t1")));
        Assert.Equal(2, sm.Count("GET", MigrationServer.TenantPath("t1")));
        Assert.NotEmpty(sm.Clock.Waits);
    }

    [Fact]
    public async Task DeleteIfExists_OfATenantNeitherHolds_IsFalse()
    {
        using var sm = MigrationServer.Start();
        sm.Answer("DELETE", MigrationServer.TenantPath("t1"), 404, """{"description":"not found"}""");
        MigrationServer.ServiceManagerEmpty(sm);

        Assert.False(await sm.Clock.RunAsync(sm.Client.DeleteIfExistsAsync("t1")));
    }

    [Fact]
    public async Task DeleteIfExists_OfATenantIdTheServiceManagerCannotHold_AsksOnlyTheInstanceManager()
    {
        using var sm = MigrationServer.Start();
        sm.Answer("DELETE", MigrationServer.TenantPath("a\\b"), 204);
        sm.Answer("GET", MigrationServer.TenantPath("a\\b"), 404, "");

        Assert.True(await sm.Clock.RunAsync(sm.Client.DeleteIfExistsAsync("a\\b")));

        Assert.DoesNotContain(sm.Server.LogEntries, entry => entry.RequestMessage.Path.StartsWith("/v1/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartDelete_WhenOneServiceFails_ThrowsItsFailure()
    {
        using var sm = MigrationServer.Start(options => options.Resilience.Enabled = false);
        sm.Answer("DELETE", MigrationServer.TenantPath("t1"), 403, """{"description":"im forbidden"}""");
        MigrationServer.ServiceManagerEmpty(sm);

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => sm.Clock.RunAsync(sm.Client.StartDeleteAsync("t1")));

        Assert.Equal((403, "im forbidden"), (exception.StatusCode, exception.ServerDescription));
    }

    [Fact]
    public async Task StartDelete_WhenBothServicesFail_NamesBoth()
    {
        using var sm = MigrationServer.Start(options => options.Resilience.Enabled = false);
        sm.Answer("DELETE", MigrationServer.TenantPath("t1"), 403, """{"description":"im forbidden"}""");
        sm.Answer("GET", "/v1/service_bindings", 500, """{"error":"InternalError","description":"sm down"}""");
        sm.Answer("GET", "/v1/service_instances", 500, """{"error":"InternalError","description":"sm down"}""");

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => sm.Clock.RunAsync(sm.Client.StartDeleteAsync("t1")));

        Assert.Equal(500, exception.StatusCode);
        Assert.Contains("im forbidden", exception.Message, StringComparison.Ordinal);
        Assert.Contains("sm down", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AResumedCreate_OfATenantTheServiceManagerDoesNotHave_IsFoundInTheInstanceManager()
    {
        using var sm = MigrationServer.Start();
        MigrationServer.ServiceManagerEmpty(sm);
        sm.Answer("GET", MigrationServer.TenantPath("t1"), 200, InstanceJson.Instance("t1", "CREATION_SUCCEEDED"));

        var instance = await sm.Clock.RunAsync(sm.Client.ResumeOperation("create:t1").WaitForCompletionAsync());

        Assert.Equal(("t1", InstanceStatus.CreationSucceeded), (instance!.TenantId, instance.Status));
        Assert.Equal(1, sm.Count("GET", MigrationServer.TenantPath("t1")));
    }

    [Fact]
    public async Task AResumedCreate_OfATenantIdTheServiceManagerCannotHold_AsksOnlyTheInstanceManager()
    {
        using var sm = MigrationServer.Start();
        sm.Answer("GET", MigrationServer.TenantPath("a\\b"), 200, InstanceJson.Instance("a\\b", "CREATION_SUCCEEDED"));

        var instance = await sm.Clock.RunAsync(sm.Client.ResumeOperation("create:a\\b").WaitForCompletionAsync());

        Assert.Equal("a\\b", instance!.TenantId);
        Assert.DoesNotContain(sm.Server.LogEntries, entry => entry.RequestMessage.Path.StartsWith("/v1/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AResumedCreate_ThatTheServiceManagerCannotAnswer_FailsWithItsError_WithoutAskingTheInstanceManager()
    {
        using var sm = MigrationServer.Start(options => options.Resilience.Enabled = false);
        sm.Answer("GET", "/v1/service_bindings", 500, """{"error":"InternalError","description":"sm down"}""");
        sm.Answer("GET", "/v1/service_instances", 500, """{"error":"InternalError","description":"sm down"}""");
        sm.Answer("GET", MigrationServer.TenantPath("t1"), 200, InstanceJson.Instance("t1", "CREATION_SUCCEEDED"));

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => sm.Clock.RunAsync(sm.Client.ResumeOperation("create:t1").WaitForCompletionAsync()));

        Assert.Equal(500, exception.StatusCode);
        Assert.Equal(0, sm.Count("GET", MigrationServer.TenantPath("t1")));
    }
}
