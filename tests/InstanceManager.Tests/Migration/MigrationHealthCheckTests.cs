using InstanceManager.Diagnostics;
using InstanceManager.Tests.ServiceManager;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace InstanceManager.Tests.Migration;

public sealed class MigrationHealthCheckTests
{
    private static SmServer Start(bool catalog = true) =>
        MigrationServer.Start(configureServices: services => services.AddHealthChecks().AddInstanceManager(), catalog: catalog);

    [Fact]
    public async Task BothServicesAnswering_IsHealthy_AndBothWereProbed()
    {
        using var sm = Start();
        sm.Answer("GET", MigrationServer.TenantPath(InstanceManager.Backends.InstanceManagerApi.InstanceManagerBackend.ProbeTenantId), 404, """{"description":"not found"}""");

        var report = await sm.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.Equal(HealthStatus.Healthy, report.Status);
        Assert.Equal(1, sm.Count("GET", "/v1/service_offerings"));
        Assert.Equal(1, sm.Count("GET", MigrationServer.TenantPath(InstanceManager.Backends.InstanceManagerApi.InstanceManagerBackend.ProbeTenantId)));
    }

    [Fact]
    public async Task OneServiceFailing_IsDegraded_NamingIt()
    {
        using var sm = Start();
        sm.Answer("GET", MigrationServer.TenantPath(InstanceManager.Backends.InstanceManagerApi.InstanceManagerBackend.ProbeTenantId), 500, """{"description":"im broken"}""");

        var report = await sm.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        var entry = report.Entries["instance-manager"];
        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Contains("the Instance Manager fails", entry.Description, StringComparison.Ordinal);
        Assert.Contains("im broken", entry.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BothServicesFailing_IsUnhealthy()
    {
        using var sm = Start(catalog: false);
        sm.Answer("GET", "/v1/service_offerings", 500, """{"error":"InternalError","description":"sm broken"}""");
        sm.Answer("GET", MigrationServer.TenantPath(InstanceManager.Backends.InstanceManagerApi.InstanceManagerBackend.ProbeTenantId), 500, """{"description":"im broken"}""");

        var report = await sm.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        var entry = report.Entries["instance-manager"];
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("sm broken", entry.Description, StringComparison.Ordinal);
    }
}
