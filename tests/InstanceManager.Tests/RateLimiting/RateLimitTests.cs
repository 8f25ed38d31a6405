using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Reflection;
using InstanceManager.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace InstanceManager.Tests.RateLimiting;

public sealed class RateLimitTests
{
    [Theory]
    [InlineData("Retry-After", "10")]
    [InlineData("Retry-After", "Tue, 24 Nov 2026 10:00:10 GMT")]
    [InlineData("X-RateLimit-Retry-After", "10")]
    [InlineData("X-RateLimit-Retry-After", "1795514410")]
    [InlineData("X-RateLimit-Retry-After", "2026-11-24 10:00:10 +0000 UTC")]
    public async Task A429_PausesEveryRequestToTheHost_UntilTheTimeItNames(string header, string value)
    {
        // The test clock starts at 2026-11-24 10:00:00 UTC, so every value above asks for 10 s.
        using var im = new ImServer();
        FirstRateLimitedThenServed(im, "t1", header, value);
        im.Answer("GET", ImServer.TenantPath("t2"), 200, InstanceJson.Instance("t2", "CREATION_SUCCEEDED"));

        var first = im.Client.GetAsync("t1").AsTask();
        await im.Clock.WaitStartedAsync();
        var second = im.Client.GetAsync("t2").AsTask();
        await WaitUntilAsync(() => im.Clock.Waits.Count >= 2);

        Assert.Equal(1, im.Count("GET"));
        im.Clock.Advance(TimeSpan.FromSeconds(9.9));
        Assert.Equal(0, im.Count("GET", "t2"));
        Assert.False(second.IsCompleted);

        im.Clock.Advance(TimeSpan.FromSeconds(0.1));
        Assert.NotNull(await first);
        Assert.NotNull(await second);
        Assert.Equal(2, im.Count("GET", "t1"));
        Assert.Equal(1, im.Count("GET", "t2"));
        Assert.All(im.Clock.Waits, wait => Assert.Equal(TimeSpan.FromSeconds(10), wait));
    }

    [Fact]
    public async Task A503WithRetryAfter_PausesTheHostToo()
    {
        using var im = new ImServer();
        FirstRateLimitedThenServed(im, "t1", "Retry-After", "5", status: 503);
        im.Answer("GET", ImServer.TenantPath("t2"), 200, InstanceJson.Instance("t2", "CREATION_SUCCEEDED"));

        var first = im.Client.GetAsync("t1").AsTask();
        await im.Clock.WaitStartedAsync();
        var second = im.Client.GetAsync("t2").AsTask();
        await WaitUntilAsync(() => im.Clock.Waits.Count >= 2);

        Assert.Equal(0, im.Count("GET", "t2"));
        im.Clock.Advance(TimeSpan.FromSeconds(5));
        Assert.NotNull(await second);
        Assert.NotNull(await first);
    }

    [Fact]
    public async Task ThePause_IsCappedByMaxRateLimitWait()
    {
        using var im = new ImServer(options => options.MaxRateLimitWait = TimeSpan.FromSeconds(3));
        FirstRateLimitedThenServed(im, "t1", "Retry-After", "3600");

        var instance = await im.Clock.RunAsync(im.Client.GetAsync("t1").AsTask());

        Assert.NotNull(instance);
        Assert.Equal(2, im.Count("GET"));
        Assert.Equal([TimeSpan.FromSeconds(3)], im.Clock.Waits.Distinct());
    }

    [Fact]
    public async Task ACreateRefusedWith429_IsSentAgainAfterTheWait()
    {
        using var im = new ImServer();
        im.Answers("POST", ImServer.TenantPath("t1"), (429, """{"description":"The allowed request limit of 6000 requests has been reached"}"""), (201, ""));
        im.GetAnswers("t1", (200, InstanceJson.Instance("t1", "CREATION_SUCCEEDED")));

        var instance = await im.Clock.RunAsync(im.Client.CreateAsync("t1"));

        Assert.Equal(InstanceStatus.CreationSucceeded, instance.Status);
        Assert.Equal(2, im.Count("POST"));
    }

    [Fact]
    public async Task A429StormOnGet_DoesNotOpenTheCircuitBreaker()
    {
        using var im = new ImServer(options =>
        {
            options.Resilience.MaxRetryAttempts = 0;
            options.Resilience.CircuitBreakerMinimumThroughput = 2;
        });
        im.GetAnswers("t1", (429, """{"description":"slow down"}"""));
        im.Answer("GET", ImServer.TenantPath("t2"), 200, InstanceJson.Instance("t2", "CREATION_SUCCEEDED"));

        for (var i = 0; i < 5; i++)
        {
            var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => im.Clock.RunAsync(im.Client.GetAsync("t1").AsTask()));
            Assert.Equal(429, exception.StatusCode);
            Assert.True(exception.IsTransient);
        }

        Assert.NotNull(await im.Clock.RunAsync(im.Client.GetAsync("t2").AsTask()));
        Assert.Equal(5, im.Count("GET", "t1"));
    }

    [Fact]
    public async Task MaxConcurrentRequests_BoundsTheRequestsInFlightPerHost()
    {
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var inFlight = 0;
        var maxInFlight = 0;
        var received = 0;
        var queued = 0L;
        using var im = new ImServer(options => options.MaxConcurrentRequests = 2, services => services.AddMetrics());
        using var listener = QueuedRequestsListener(im, value => Interlocked.Add(ref queued, value));
        im.Server.Given(Request.Create().WithPath(ImServer.BasePath + "/*").UsingGet()).RespondWith(Response.Create().WithCallback(async request =>
        {
            Interlocked.Increment(ref received);
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref maxInFlight, now);
            await held.Task.WaitAsync(TimeSpan.FromSeconds(30));
            Interlocked.Decrement(ref inFlight);
            return new ResponseMessage { StatusCode = 404 };
        }));

        var gets = Enumerable.Range(0, 10).Select(i => im.Client.GetAsync("t" + i).AsTask()).ToList();
        await WaitUntilAsync(() => Volatile.Read(ref received) == 2 && Interlocked.Read(ref queued) == 8);

        Assert.Equal(2, Volatile.Read(ref received));
        held.SetResult();
        await Task.WhenAll(gets);

        Assert.Equal(10, im.Count("GET"));
        Assert.Equal(2, maxInFlight);
        Assert.Equal(0, Interlocked.Read(ref queued));
    }

    [Fact]
    public async Task RateLimitedAnswersAndWaits_AreMetered()
    {
        var measurements = new ConcurrentQueue<(string Name, double Value)>();
        using var im = new ImServer(configureServices: services => services.AddMetrics());
        using var listener = Listen(im, (name, value) => measurements.Enqueue((name, value)));
        FirstRateLimitedThenServed(im, "t1", "Retry-After", "4");
        im.Answer("GET", ImServer.TenantPath("t2"), 200, InstanceJson.Instance("t2", "CREATION_SUCCEEDED"));

        var first = im.Client.GetAsync("t1").AsTask();
        await im.Clock.WaitStartedAsync();
        var second = im.Client.GetAsync("t2").AsTask();
        await WaitUntilAsync(() => im.Clock.Waits.Count >= 2);
        im.Clock.Advance(TimeSpan.FromSeconds(4));
        await Task.WhenAll(first, second);

        Assert.Equal([1.0], measurements.Where(m => m.Name == InstanceManagerTelemetry.RateLimitedResponses).Select(m => m.Value));
        Assert.Contains(measurements, m => m.Name == InstanceManagerTelemetry.RateLimitWait && m.Value == 4);
    }

    [Fact]
    public async Task EveryRequest_NamesThisLibraryInItsUserAgent()
    {
        using var im = new ImServer();
        im.Answer("GET", ImServer.TenantPath("t1"), 404);

        await im.Clock.RunAsync(im.Client.GetAsync("t1").AsTask());

        var userAgent = im.Requests("GET").Single().RequestMessage.Headers!["User-Agent"].ToString();
        Assert.StartsWith("InstanceManager.NET/", userAgent, StringComparison.Ordinal);
        Assert.Matches(@"^InstanceManager\.NET/\d+\.\d+\.\d+", userAgent);

        // The package's version (a prerelease suffix included), without the build metadata after '+'.
        var informational = typeof(IInstanceManagerClient).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        Assert.Equal($"InstanceManager.NET/{informational.Split('+')[0]}", userAgent);
    }

    internal static void FirstRateLimitedThenServed(ImServer im, string tenant, string header, string value, int status = 429)
    {
        var scenario = "rate-limited " + tenant;
        im.Server.Given(Request.Create().WithPath(ImServer.TenantPath(tenant)).UsingGet()).InScenario(scenario)
            .WillSetStateTo("served")
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader(header, value).WithBody("""{"description":"The allowed request limit of 6000 requests has been reached"}"""));
        im.Server.Given(Request.Create().WithPath(ImServer.TenantPath(tenant)).UsingGet()).InScenario(scenario)
            .WhenStateIs("served")
            .RespondWith(ImServer.Respond(200, InstanceJson.Instance(tenant, "CREATION_SUCCEEDED")));
    }

    private static MeterListener QueuedRequestsListener(ImServer im, Action<long> onChange) =>
        Listen(im, (name, value) =>
        {
            if (name == InstanceManagerTelemetry.QueuedRequests)
            {
                onChange((long)value);
            }
        });

    private static MeterListener Listen(ImServer im, Action<string, double> onMeasurement)
    {
        var meterFactory = im.Services.GetRequiredService<IMeterFactory>();
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == InstanceManagerTelemetry.Name && ReferenceEquals(instrument.Meter.Scope, meterFactory))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => onMeasurement(instrument.Name, value));
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => onMeasurement(instrument.Name, value));
        listener.Start();
        return listener;
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    /// <summary>Yields until the condition holds; a guard stops a failing test after 30 s instead of hanging it.</summary>
    internal static async Task WaitUntilAsync(Func<bool> condition)
    {
        var guard = TimeProvider.System.GetTimestamp();
        while (!condition())
        {
            if (TimeProvider.System.GetElapsedTime(guard) > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException("The condition did not hold within 30 s.");
            }

            await Task.Yield();
        }
    }
}
