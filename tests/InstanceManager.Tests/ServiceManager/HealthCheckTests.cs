using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace InstanceManager.Tests.ServiceManager;

public sealed class HealthCheckTests
{
    [Fact]
    public async Task Probe_WithServiceManagerCredentials_ReadsOnePageOfTheOffering()
    {
        using var sm = new SmServer(configureServices: services => services.AddHealthChecks().AddInstanceManager());

        var report = await sm.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.Equal(HealthStatus.Healthy, report.Status);
        Assert.Equal("catalog_name eq 'hana'", Assert.Single(sm.Requests("GET", "/v1/service_offerings")).RequestMessage.Query!["fieldQuery"][0]);
        Assert.Equal(1, sm.Count("POST", SmServer.TokenPath));
    }

    [Fact]
    public async Task Probe_TokenRejected_UnhealthyWithoutSecrets()
    {
        using var sm = new SmServer(token: false, configureServices: services => services.AddHealthChecks().AddInstanceManager());
        sm.Answer("POST", SmServer.TokenPath, 401, """{"error":"unauthorized","error_description":"Bad credentials"}""");

        var report = await sm.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        var entry = report.Entries["instance-manager"];
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("401", entry.Description, StringComparison.Ordinal);
        Assert.DoesNotContain(SmServer.ClientSecret, entry.Description, StringComparison.Ordinal);
        Assert.Equal(0, sm.Count("GET", "/v1/service_offerings"));
    }
}
