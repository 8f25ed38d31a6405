using InstanceManager.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace InstanceManager.Tests.RateLimiting;

/// <summary>The resilience pipeline in front of every request: what is retried, how long it waits, what it reports, and what stays when it is off.</summary>
public sealed class RetryPipelineTests
{
    // LogCapture writes each entry as "<category> <message> <state>".
    private const string Category = "InstanceManager.Resilience.HttpResilience ";

    private static readonly string Succeeded = InstanceJson.Instance("t1", "CREATION_SUCCEEDED");

    [Fact]
    public async Task WithResilienceOff_ATransientFailureIsNotRetried_AndNoBreakerOpens()
    {
        using var im = new ImServer(options =>
        {
            options.Resilience.Enabled = false;
            options.Resilience.CircuitBreakerMinimumThroughput = 2;
        });
        im.GetAnswers("t1", (503, """{"description":"busy"}"""));

        for (var i = 0; i < 4; i++)
        {
            var error = await Assert.ThrowsAsync<InstanceManagerException>(() => im.Clock.RunAsync(im.Client.GetAsync("t1").AsTask()));
            Assert.Equal(503, error.StatusCode);
        }

        // MaxRetryAttempts (3 by default) does not apply, and the fourth request still reaches the service.
        Assert.Equal(4, im.Count("GET"));
        Assert.Empty(im.Clock.Waits);
    }

    [Fact]
    public async Task ADeleteThatFailedTransiently_IsRetried_AsDeletingTwiceIsHarmless()
    {
        using var im = new ImServer();
        im.Answers("DELETE", ImServer.TenantPath("t1"), (503, ""), (204, ""));
        im.GetAnswers("t1", (404, ""));

        await im.Clock.RunAsync(im.Client.DeleteAsync("t1"));

        Assert.Equal(2, im.Count("DELETE"));
    }

    [Fact]
    public async Task WithResilienceOff_A429StillPausesTheHost()
    {
        using var im = new ImServer(options => options.Resilience.Enabled = false);
        RateLimited(im, "t1", "10");
        im.Answer("GET", ImServer.TenantPath("t2"), 200, InstanceJson.Instance("t2", "CREATION_SUCCEEDED"));

        var error = await Assert.ThrowsAsync<InstanceManagerException>(() => im.Client.GetAsync("t1").AsTask());
        var second = im.Client.GetAsync("t2").AsTask();
        await im.Clock.WaitStartedAsync();

        Assert.Equal(429, error.StatusCode);
        Assert.Equal([TimeSpan.FromSeconds(10)], im.Clock.Waits);
        Assert.Equal(0, im.Count("GET", "t2"));
        im.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.NotNull(await second);
        Assert.Equal(1, im.Count("GET", "t1"));
    }

    [Fact]
    public async Task RetryDelays_AreJittered_NotTheBareExponentialSeries()
    {
        using var im = new ImServer(options => options.Resilience.RetryBaseDelay = TimeSpan.FromSeconds(1));
        im.GetAnswers("t1", (503, ""), (503, ""), (503, ""), (200, Succeeded));

        Assert.NotNull(await im.Clock.RunAsync(im.Client.GetAsync("t1").AsTask()));

        Assert.Equal(4, im.Count("GET"));
        Assert.Equal(3, im.Clock.Waits.Count);
        Assert.All(im.Clock.Waits, wait => Assert.True(wait > TimeSpan.Zero, $"{wait}"));
        Assert.NotEqual([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)], im.Clock.Waits);
    }

    [Fact]
    public async Task WithMaxRateLimitWaitZero_TheRetryOfA429BacksOff_WithoutWaitingWhatTheAnswerNames()
    {
        using var im = new ImServer(options =>
        {
            options.MaxRateLimitWait = TimeSpan.Zero;
            options.Resilience.RetryBaseDelay = TimeSpan.FromMilliseconds(100);
        });
        RateLimitTests.FirstRateLimitedThenServed(im, "t1", "Retry-After", "30");

        Assert.NotNull(await im.Clock.RunAsync(im.Client.GetAsync("t1").AsTask()));

        Assert.Equal(2, im.Count("GET"));
        var wait = Assert.Single(im.Clock.Waits);
        Assert.InRange(wait, TimeSpan.FromTicks(1), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task ARetry_IsLoggedWithItsMethodStatusAndAttempt_AndCountedByMethod()
    {
        var logs = new LogCapture();
        using var im = new ImServer(configureServices: services =>
        {
            services.AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
            services.AddMetrics();
        });
        using var meters = new MeterCapture(im.Services);
        im.GetAnswers("t1", (503, ""), (502, ""), (200, Succeeded));

        Assert.NotNull(await im.Clock.RunAsync(im.Client.GetAsync("t1").AsTask()));

        var messages = logs.Entries.Where(entry => entry.EventId.Id == 9).Select(entry => entry.Text[Category.Length..]).ToList();
        Assert.Equal(2, messages.Count);
        Assert.StartsWith("GET failed transiently (status 503); retry 1 in ", messages[0], StringComparison.Ordinal);
        Assert.StartsWith("GET failed transiently (status 502); retry 2 in ", messages[1], StringComparison.Ordinal);
        Assert.Equal([(1.0, "GET"), (1.0, "GET")], meters.Of(InstanceManagerTelemetry.Retries).Select(m => (m.Value, (string?)m.Tags["http.request.method"])));
    }

    [Fact]
    public async Task TheBreaker_LogsWhenItOpens_AndWhenTheServiceAnswersAgain()
    {
        var logs = new LogCapture();
        using var im = new ImServer(
            options =>
            {
                options.Resilience.MaxRetryAttempts = 0;
                options.Resilience.CircuitBreakerMinimumThroughput = 2;
                options.Resilience.CircuitBreakerBreakDuration = TimeSpan.FromSeconds(5);
            },
            services => services.AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace)));
        im.GetAnswers("t1", (503, ""), (503, ""), (200, Succeeded));

        for (var i = 0; i < 2; i++)
        {
            await Assert.ThrowsAsync<InstanceManagerException>(() => im.Client.GetAsync("t1").AsTask());
        }

        Assert.StartsWith("The service keeps failing: circuit opened for 5 s; requests fail at once meanwhile.", Assert.Single(logs.Entries, entry => entry.EventId.Id == 10).Text[Category.Length..], StringComparison.Ordinal);
        im.Clock.Advance(TimeSpan.FromSeconds(5));
        Assert.NotNull(await im.Client.GetAsync("t1"));
        Assert.StartsWith("The service answers again: circuit closed.", Assert.Single(logs.Entries, entry => entry.EventId.Id == 11).Text[Category.Length..], StringComparison.Ordinal);
        Assert.Equal(3, im.Count("GET"));
    }

    [Fact]
    public async Task AnAttemptThatOutlivesAttemptTimeout_IsAbandoned_AndRetried()
    {
        var received = 0;
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var im = new ImServer(options =>
        {
            options.Resilience.AttemptTimeout = TimeSpan.FromSeconds(2);
            options.Resilience.RetryBaseDelay = TimeSpan.Zero;
        });
        im.Server.Given(Request.Create().WithPath(ImServer.TenantPath("t1")).UsingGet()).RespondWith(Response.Create().WithCallback(async _ =>
        {
            if (Interlocked.Increment(ref received) == 1)
            {
                // The first attempt gets no answer until the test ends.
                await hold.Task.WaitAsync(TimeSpan.FromSeconds(30));
            }

            return new ResponseMessage { StatusCode = 200, BodyData = new WireMock.Util.BodyData { BodyAsString = Succeeded, DetectedBodyType = WireMock.Types.BodyType.String } };
        }));

        var get = im.Client.GetAsync("t1").AsTask();
        await RateLimitTests.WaitUntilAsync(() => Volatile.Read(ref received) == 1);
        Assert.False(get.IsCompleted);
        im.Clock.Advance(TimeSpan.FromSeconds(2));

        var instance = await get.WaitAsync(TimeSpan.FromSeconds(30));
        hold.SetResult();

        Assert.Equal(InstanceStatus.CreationSucceeded, instance!.Status);
        Assert.Equal(2, Volatile.Read(ref received));
    }

    [Fact]
    public async Task AnExceptionOfTheApplicationsOwnHandler_PassesThroughUnchanged_IsNotRetried_AndTheClientRecovers()
    {
        // Not a failure of the service or the network: the application's own bug, which it must see as it threw it.
        var handler = new ThrowingOnceHandler();
        using var server = new ImServer();
        server.GetAnswers("t1", (200, Succeeded));
        using var im = new ImServer(options => ImServer.Fill(options, server.Server.Url!), services =>
            services.AddHttpClient(InstanceManagerServiceCollectionExtensions.HttpClientName).AddHttpMessageHandler(() => handler));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => im.Clock.RunAsync(im.Client.GetAsync("t1").AsTask()));

        Assert.Equal("A handler below the client failed.", error.Message);
        Assert.Equal(1, handler.Calls);
        Assert.NotNull(await im.Clock.RunAsync(im.Client.GetAsync("t1").AsTask()));
        Assert.Equal(2, handler.Calls);
    }

    private sealed class ThrowingOnceHandler : DelegatingHandler
    {
        public int Calls;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref Calls) == 1
                ? throw new InvalidOperationException("A handler below the client failed.")
                : base.SendAsync(request, cancellationToken);
    }

    private static void RateLimited(ImServer im, string tenant, string retryAfter) =>
        im.Server.Given(Request.Create().WithPath(ImServer.TenantPath(tenant)).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", retryAfter).WithBody("""{"description":"slow down"}"""));
}
