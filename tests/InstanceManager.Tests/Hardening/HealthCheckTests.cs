using InstanceManager.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace InstanceManager.Tests.Hardening;

public sealed class HealthCheckTests
{
    [Fact]
    public async Task Probe_ServiceAnswers404Quickly_Healthy()
    {
        using var im = new ImServer(configureServices: services => services.AddHealthChecks().AddInstanceManager());
        im.GetAnswers("instance-manager-health-probe", (404, ""));

        var report = await CheckAsync(im.Services);

        Assert.Equal(HealthStatus.Healthy, report.Status);
        Assert.Equal("The service answered in 0 ms.", report.Entries["instance-manager"].Description);
        Assert.Equal(1, im.Count("GET"));
    }

    [Fact]
    public async Task Probe_CredentialsRejected_UnhealthyWithoutSecrets()
    {
        using var im = new ImServer(configureServices: services => services.AddHealthChecks().AddInstanceManager());
        im.GetAnswers("instance-manager-health-probe", (401, """{"error":"Unauthorized","description":"Invalid credentials"}"""));

        var report = await CheckAsync(im.Services);

        var entry = report.Entries["instance-manager"];
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("401", entry.Description, StringComparison.Ordinal);
        Assert.DoesNotContain(ImServer.Password, entry.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_ServiceDown_ReportsConfiguredFailureStatus()
    {
        using var im = new ImServer(
            options => options.Resilience.MaxRetryAttempts = 0,
            services => services.AddHealthChecks().AddInstanceManager(failureStatus: HealthStatus.Degraded));
        im.GetAnswers("instance-manager-health-probe", (500, """{"description":"database down"}"""));

        var report = await CheckAsync(im.Services);

        Assert.Equal(HealthStatus.Degraded, report.Status);
        Assert.Contains("database down", report.Entries["instance-manager"].Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_SlowAnswer_Degraded()
    {
        TestClock? clock = null;
        await using var server = await LoopbackServer.StartAsync(context =>
        {
            // The answer takes three seconds of the client's clock.
            clock!.Advance(TimeSpan.FromSeconds(3));
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
        using var im = new LoopbackClient(server.BaseUrl, configureServices: services => services.AddHealthChecks().AddInstanceManager(degradedLatency: TimeSpan.FromSeconds(2)));
        clock = im.Clock;

        var report = await CheckAsync(im.Services);

        Assert.Equal(HealthStatus.Degraded, report.Status);
        Assert.Contains("3000 ms", report.Entries["instance-manager"].Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(3, null, HealthStatus.Degraded)]
    [InlineData(2, null, HealthStatus.Healthy)]
    [InlineData(3, 4, HealthStatus.Healthy)]
    public async Task Probe_AnAnswer_IsDegradedOnlyAboveTheLatency_TwoSecondsByDefault(int answerSeconds, int? degradedSeconds, HealthStatus expected)
    {
        TestClock? clock = null;
        await using var server = await LoopbackServer.StartAsync(context =>
        {
            clock!.Advance(TimeSpan.FromSeconds(answerSeconds));
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
        TimeSpan? latency = degradedSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null;
        using var im = new LoopbackClient(server.BaseUrl, configureServices: services => services.AddHealthChecks().AddInstanceManager(degradedLatency: latency));
        clock = im.Clock;

        var report = await CheckAsync(im.Services);

        Assert.Equal(expected, report.Status);
    }

    [Fact]
    public async Task Probe_CircuitOpen_Degraded()
    {
        using var im = new ImServer(
            options =>
            {
                options.Resilience.MaxRetryAttempts = 0;
                options.Resilience.CircuitBreakerMinimumThroughput = 2;
            },
            services => services.AddHealthChecks().AddInstanceManager());
        im.GetAnswers("down", (503, ""));
        for (var attempt = 0; attempt < 2; attempt++)
        {
            await Assert.ThrowsAsync<InstanceManagerException>(() => im.Client.GetAsync("down").AsTask());
        }

        var report = await CheckAsync(im.Services);

        Assert.Equal(HealthStatus.Degraded, report.Status);
        Assert.Contains("circuit breaker open", report.Entries["instance-manager"].Description, StringComparison.Ordinal);
        Assert.Equal(2, im.Count("GET"));
    }

    private static Task<HealthReport> CheckAsync(IServiceProvider services) =>
        services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
}
