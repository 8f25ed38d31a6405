using InstanceManager.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace InstanceManager.Tests.RateLimiting;

/// <summary>What the per-host gate reports when a service asks to slow down, and that a request leaving it never keeps its slot.</summary>
public sealed class HostRequestGateTests
{
    [Fact]
    public async Task ARateLimitedAnswer_IsLoggedOnceWithTheWaitAndItsEnd_AndMeteredUnderTheHost()
    {
        var logs = new LogCapture();
        using var im = new ImServer(configureServices: services =>
        {
            services.AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
            services.AddMetrics();
        });
        using var meters = new MeterCapture(im.Services);
        RateLimitTests.FirstRateLimitedThenServed(im, "t1", "Retry-After", "10");

        Assert.NotNull(await im.Clock.RunAsync(im.Client.GetAsync("t1").AsTask()));

        var host = new Uri(im.Server.Url!).Host;
        var logged = Assert.Single(logs.Entries, entry => entry.EventId.Id == 41);
        Assert.Contains(
            $"{host} answered 429 and asked to wait 10 s: every request of this client to it waits until 2026-11-24T10:00:10.0000000+00:00.",
            logged.Text,
            StringComparison.Ordinal);
        Assert.Equal([(1.0, (object?)host)], meters.Of(InstanceManagerTelemetry.RateLimitedResponses).Select(m => (m.Value, m.Tags["server.address"])));
        Assert.All(meters.Of(InstanceManagerTelemetry.RateLimitWait), m => Assert.Equal(host, m.Tags["server.address"]));
    }

    [Fact]
    public async Task ARetryAfterOfZero_PausesNothing_AndLogsNoPause()
    {
        var logs = new LogCapture();
        using var im = new ImServer(configureServices: services => services.AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace)));
        RateLimitTests.FirstRateLimitedThenServed(im, "t1", "Retry-After", "0");
        im.Answer("GET", ImServer.TenantPath("t2"), 200, InstanceJson.Instance("t2", "CREATION_SUCCEEDED"));

        Assert.NotNull(await im.Clock.RunAsync(im.Client.GetAsync("t1").AsTask()));
        Assert.NotNull(await im.Client.GetAsync("t2"));

        Assert.DoesNotContain(logs.Entries, entry => entry.EventId.Id == 41);
        Assert.Equal(3, im.Count("GET"));
    }

    [Fact]
    public async Task AWaitUntilAfterTheYear9999_IsUnreadable_NotARawException()
    {
        using var im = new ImServer(options => options.Resilience.MaxRetryAttempts = 0);
        im.Server.Given(Request.Create().WithPath(ImServer.TenantPath("t1")).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("X-RateLimit-Retry-After", "999999999999").WithBody("""{"description":"slow down"}"""));
        im.Answer("GET", ImServer.TenantPath("t2"), 200, InstanceJson.Instance("t2", "CREATION_SUCCEEDED"));

        var error = await Assert.ThrowsAsync<InstanceManagerException>(() => im.Clock.RunAsync(im.Client.GetAsync("t1").AsTask()));

        Assert.Equal(429, error.StatusCode);
        Assert.Equal("slow down", error.ServerDescription);
        Assert.NotNull(await im.Client.GetAsync("t2"));
        Assert.Empty(im.Clock.Waits);
    }

    [Fact]
    public async Task AShorterWaitAnsweredDuringALongerPause_DoesNotShortenIt()
    {
        var received = 0;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var im = new ImServer(options => options.Resilience.Enabled = false);
        foreach (var (tenant, wait) in new[] { ("t1", "10"), ("t2", "5") })
        {
            im.Server.Given(Request.Create().WithPath(ImServer.TenantPath(tenant)).UsingGet()).RespondWith(Response.Create().WithCallback(async _ =>
            {
                Interlocked.Increment(ref received);
                await release.Task.WaitAsync(TimeSpan.FromSeconds(30));
                if (tenant == "t2")
                {
                    // The longer wait is answered first.
                    await RateLimitTests.WaitUntilAsync(() => Volatile.Read(ref received) == 3);
                }

                var message = new WireMock.ResponseMessage { StatusCode = 429 };
                message.AddHeader("Retry-After", wait);
                return message;
            }));
        }

        im.Answer("GET", ImServer.TenantPath("t3"), 200, InstanceJson.Instance("t3", "CREATION_SUCCEEDED"));
        var first = im.Client.GetAsync("t1").AsTask();
        var second = im.Client.GetAsync("t2").AsTask();
        await RateLimitTests.WaitUntilAsync(() => Volatile.Read(ref received) == 2);
        release.SetResult();
        await Assert.ThrowsAsync<InstanceManagerException>(() => first);
        Interlocked.Increment(ref received);
        await Assert.ThrowsAsync<InstanceManagerException>(() => second);

        var third = im.Client.GetAsync("t3").AsTask();
        await im.Clock.WaitStartedAsync();

        Assert.Equal(TimeSpan.FromSeconds(10), Assert.Single(im.Clock.Waits));
        Assert.Equal(0, im.Count("GET", "t3"));
        im.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.NotNull(await third.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task ARequestCancelledWhileTheHostIsPaused_GivesBackItsSlot()
    {
        using var im = new ImServer(options =>
        {
            options.MaxConcurrentRequests = 1;
            options.Resilience.Enabled = false;
        });
        im.Server.Given(Request.Create().WithPath(ImServer.TenantPath("t1")).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "10").WithBody("""{"description":"slow down"}"""));
        im.Answer("GET", ImServer.TenantPath("t3"), 200, InstanceJson.Instance("t3", "CREATION_SUCCEEDED"));
        await Assert.ThrowsAsync<InstanceManagerException>(() => im.Client.GetAsync("t1").AsTask());

        using var cancel = new CancellationTokenSource();
        var cancelled = im.Client.GetAsync("t2", cancel.Token).AsTask();
        await im.Clock.WaitStartedAsync();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);

        im.Clock.Advance(TimeSpan.FromSeconds(10));
        var served = await im.Client.GetAsync("t3").AsTask().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.NotNull(served);
        Assert.Equal(0, im.Count("GET", "t2"));
    }
}
