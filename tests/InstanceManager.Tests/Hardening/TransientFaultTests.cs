using InstanceManager.Tests.Infrastructure;

namespace InstanceManager.Tests.Hardening;

public sealed class TransientFaultTests
{
    [Fact]
    public async Task GetAsync_503ThenSuccess_RetriedWithinOneCall()
    {
        using var im = new ImServer();
        im.GetAnswers("t1", (503, ""), (503, ""), (200, InstanceJson.Instance("t1", "CREATION_SUCCEEDED")));

        var instance = await im.Clock.RunAsync(im.Client.GetAsync("t1").AsTask());

        Assert.Equal(InstanceStatus.CreationSucceeded, instance!.Status);
        Assert.Equal(3, im.Count("GET"));
    }

    [Fact]
    public async Task GetAsync_429WithRetryAfter_WaitsAsLongAsAsked()
    {
        using var im = new ImServer();
        im.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath(ImServer.TenantPath("t1")).UsingGet()).InScenario("429")
            .WillSetStateTo("served")
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(429).WithHeader("Retry-After", "7"));
        im.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath(ImServer.TenantPath("t1")).UsingGet()).InScenario("429")
            .WhenStateIs("served")
            .RespondWith(ImServer.Respond(200, InstanceJson.Instance("t1", "CREATION_SUCCEEDED")));

        var instance = await im.Clock.RunAsync(im.Client.GetAsync("t1").AsTask());

        Assert.NotNull(instance);
        Assert.Contains(TimeSpan.FromSeconds(7), im.Clock.Waits);
    }

    [Fact]
    public async Task GetAsync_503Storm_SurfacesStatusAndDescriptionThenRecovers()
    {
        using var im = new ImServer(options => options.Resilience.MaxRetryAttempts = 2);
        im.GetAnswers("t1", (503, """{"description":"maintenance"}"""));

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => im.Clock.RunAsync(im.Client.GetAsync("t1").AsTask()));

        Assert.Equal(503, exception.StatusCode);
        Assert.True(exception.IsTransient);
        Assert.Contains("maintenance", exception.Message, StringComparison.Ordinal);
        Assert.Equal(3, im.Count("GET"));
        im.Server.Reset();
        im.GetAnswers("t1", (200, InstanceJson.Instance("t1", "CREATION_SUCCEEDED")));
        Assert.NotNull(await im.Clock.RunAsync(im.Client.GetAsync("t1").AsTask()));
    }

    [Fact]
    public async Task CreateAsync_TransientErrorsWhilePolling_KeepPollingUntilSucceeded()
    {
        using var im = new ImServer(options => options.Resilience.MaxRetryAttempts = 1);
        im.Answer("POST", ImServer.TenantPath("t1"), 201);
        im.GetAnswers(
            "t1",
            (200, InstanceJson.Instance("t1", "CREATION_IN_PROGRESS")),
            (503, ""),
            (503, ""),
            (200, InstanceJson.Instance("t1", "CREATION_SUCCEEDED")));

        var instance = await im.Clock.RunAsync(im.Client.CreateAsync("t1"));

        Assert.Equal(InstanceStatus.CreationSucceeded, instance.Status);
        Assert.Equal(4, im.Count("GET"));
    }

    [Fact]
    public async Task CreateAsync_DefiniteErrorWhilePolling_StopsAtOnce()
    {
        using var im = new ImServer();
        im.Answer("POST", ImServer.TenantPath("t1"), 201);
        im.GetAnswers("t1", (200, InstanceJson.Instance("t1", "CREATION_IN_PROGRESS")), (403, """{"description":"forbidden"}"""));

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => im.Clock.RunAsync(im.Client.CreateAsync("t1")));

        Assert.Equal(403, exception.StatusCode);
        Assert.Equal(2, im.Count("GET"));
    }

    [Fact]
    public async Task CircuitBreaker_OpensAfterFailures_FailsFastThenRecoversByItself()
    {
        using var im = new ImServer(options =>
        {
            options.Resilience.MaxRetryAttempts = 0;
            options.Resilience.CircuitBreakerMinimumThroughput = 2;
            options.Resilience.CircuitBreakerBreakDuration = TimeSpan.FromSeconds(15);
        });
        im.GetAnswers("t1", (503, ""));
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var failure = await Assert.ThrowsAsync<InstanceManagerException>(() => im.Client.GetAsync("t1").AsTask());
            Assert.Equal(503, failure.StatusCode);
        }

        var fast = await Assert.ThrowsAsync<InstanceManagerException>(() => im.Client.GetAsync("t1").AsTask());

        Assert.Null(fast.StatusCode);
        Assert.Contains("circuit breaker open", fast.Message, StringComparison.Ordinal);
        Assert.Equal(2, im.Count("GET"));

        im.Server.Reset();
        im.GetAnswers("t1", (200, InstanceJson.Instance("t1", "CREATION_SUCCEEDED")));
        im.Clock.Advance(TimeSpan.FromSeconds(16));
        Assert.NotNull(await im.Client.GetAsync("t1"));
        Assert.Equal(1, im.Count("GET"));
    }

    [Fact]
    public async Task GetAsync_BodyAboveLimit_ClearErrorAndClientStaysUsable()
    {
        using var im = new ImServer();
        var huge = "{\"tenant_id\":\"t1\",\"status\":\"CREATION_SUCCEEDED\",\"padding\":\"" + new string('x', 2 * 1024 * 1024) + "\"}";
        im.GetAnswers("t1", (200, huge));
        im.GetAnswers("t2", (200, InstanceJson.Instance("t2", "CREATION_SUCCEEDED")));

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => im.Clock.RunAsync(im.Client.GetAsync("t1").AsTask()));

        Assert.Equal(200, exception.StatusCode);
        Assert.Contains("1024 KiB limit", exception.Message, StringComparison.Ordinal);
        Assert.Contains("tenant 't1'", exception.Message, StringComparison.Ordinal);
        Assert.NotNull(await im.Clock.RunAsync(im.Client.GetAsync("t2").AsTask()));
    }
}
