using System.Text;
using InstanceManager.Tests.Infrastructure;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace InstanceManager.Tests;

public sealed class PollingTests
{
    private static readonly string InProgress = InstanceJson.Instance("t1", "CREATION_IN_PROGRESS");
    private static readonly string Succeeded = InstanceJson.Instance("t1", "CREATION_SUCCEEDED");

    private static TimeSpan Ms(double milliseconds) => TimeSpan.FromMilliseconds(milliseconds);

    private static (int Status, string Body)[] InProgressThenSucceeded(int inProgress) =>
        [.. Enumerable.Repeat((200, InProgress), inProgress), (200, Succeeded)];

    [Fact]
    public async Task ReferenceCompatible_Create_WaitsLikeTheNodeClient()
    {
        using var im = new ImServer(options => options.PollingStrategy = PollingStrategy.ReferenceCompatible);
        im.Answer("POST", ImServer.TenantPath("t1"), 201);
        im.GetAnswers("t1", InProgressThenSucceeded(5));
        var started = im.Clock.GetUtcNow();

        var instance = await im.Clock.RunAsync(im.Client.CreateAsync("t1"));

        Assert.Equal(InstanceStatus.CreationSucceeded, instance.Status);
        Assert.Equal([Ms(300), Ms(800), Ms(1800), Ms(3300), Ms(5300)], im.Clock.Waits);
        Assert.Equal(6, im.Count("GET"));
        Assert.Equal(Ms(11_500), im.Clock.GetUtcNow() - started);
    }

    [Fact]
    public async Task ReferenceCompatible_UsesTheConfiguredInterval()
    {
        using var im = new ImServer(options =>
        {
            options.PollingStrategy = PollingStrategy.ReferenceCompatible;
            options.PollingInterval = Ms(100);
        });
        im.Answer("POST", ImServer.TenantPath("t1"), 201);
        im.GetAnswers("t1", InProgressThenSucceeded(4));

        await im.Clock.RunAsync(im.Client.CreateAsync("t1"));

        Assert.Equal([Ms(100), Ms(600), Ms(1600), Ms(3100)], im.Clock.Waits);
        Assert.Equal(5, im.Count("GET"));
    }

    [Fact]
    public async Task ReferenceCompatible_Delete_PollsAtOnceThenWaitsLikeTheNodeClient()
    {
        using var im = new ImServer(options => options.PollingStrategy = PollingStrategy.ReferenceCompatible);
        im.Answer("DELETE", ImServer.TenantPath("t1"), 204);
        var deleting = InstanceJson.Instance("t1", "DELETION_IN_PROGRESS");
        im.GetAnswers("t1", (200, deleting), (200, deleting), (200, deleting), (404, ""));

        await im.Clock.RunAsync(im.Client.DeleteAsync("t1"));

        Assert.Equal([Ms(300), Ms(800), Ms(1800)], im.Clock.Waits);
        Assert.Equal(4, im.Count("GET"));
    }

    [Theory]
    [InlineData(1000, 4000)]
    [InlineData(300, 10_000)]
    [InlineData(0, 2000)]
    public async Task Adaptive_WaitsStayBetweenTheIntervalAndTheMaximum(int intervalMs, int maxMs)
    {
        using var im = new ImServer(options =>
        {
            options.PollingInterval = Ms(intervalMs);
            options.MaxPollingDelay = Ms(maxMs);
        });
        im.Answer("POST", ImServer.TenantPath("t1"), 201);
        im.GetAnswers("t1", InProgressThenSucceeded(25));

        await im.Clock.RunAsync(im.Client.CreateAsync("t1"));

        var waits = im.Clock.Waits;
        Assert.Equal(26, waits.Count);
        Assert.All(waits, wait => Assert.InRange(wait, Ms(intervalMs), Ms(maxMs)));
        Assert.Equal(Ms(maxMs), waits[^1]);
        Assert.Equal(26, im.Count("GET"));
    }

    [Fact]
    public async Task Adaptive_WaitsGrowWithTheElapsedTime()
    {
        using var im = new ImServer(options => options.PollingInterval = Ms(100));
        im.Answer("POST", ImServer.TenantPath("t1"), 201);
        im.GetAnswers("t1", InProgressThenSucceeded(10));

        await im.Clock.RunAsync(im.Client.CreateAsync("t1"));

        var waits = im.Clock.Waits;
        // Jitter shortens a wait by at most 5%, so each wait is at least 1.1 × 0.95 of the one before.
        for (var index = 1; index < waits.Count; index++)
        {
            Assert.True(waits[index] > waits[index - 1], $"wait {index} ({waits[index]}) is not longer than wait {index - 1} ({waits[index - 1]})");
        }
    }

    [Fact]
    public async Task Adaptive_NoticesCompletionSoonerThanTheReferenceScheduleForTheSameOperation()
    {
        // An operation that finishes at 3.0 s: the reference schedule notices it at 6.2 s.
        using var im = new ImServer();
        im.Answer("POST", ImServer.TenantPath("t1"), 201);
        im.GetAnswers("t1", (200, InProgress));
        var started = im.Clock.GetUtcNow();
        var task = im.Client.CreateAsync("t1");
        while (im.Clock.GetUtcNow() - started < TimeSpan.FromSeconds(3))
        {
            await im.Clock.EndNextWaitAsync();
        }

        await im.Clock.WaitStartedAsync();
        im.Server.ResetMappings();
        im.GetAnswers("t1", (200, Succeeded));
        var finished = im.Clock.GetUtcNow() - started;
        var requestsBefore = im.Count("GET");
        await im.Clock.RunAsync(task);

        var noticed = im.Clock.GetUtcNow() - started;
        Assert.InRange(noticed, finished, (finished * 1.25) + Ms(100));
        Assert.True(noticed < Ms(6_200), $"noticed at {noticed}");
        Assert.Equal(requestsBefore + 1, im.Count("GET"));
        Assert.InRange(requestsBefore, 2, 12);
    }

    [Theory]
    [InlineData(PollingStrategy.Adaptive)]
    [InlineData(PollingStrategy.ReferenceCompatible)]
    public async Task RetryAfter_IsHonouredWhilePolling(PollingStrategy strategy)
    {
        using var im = new ImServer(options => options.PollingStrategy = strategy);
        im.Answer("POST", ImServer.TenantPath("t1"), 201);
        AnswerGetWithRetryAfter(im, retryAfterSeconds: 7);

        await im.Clock.RunAsync(im.Client.CreateAsync("t1"));

        Assert.Equal(TimeSpan.FromSeconds(7), im.Clock.Waits[^1]);
        Assert.Equal(2, im.Count("GET"));
    }

    [Fact]
    public async Task RetryAfter_BeyondTheMaximumDelay_IsStillHonoured()
    {
        using var im = new ImServer(options => options.MaxPollingDelay = TimeSpan.FromSeconds(2));
        im.Answer("POST", ImServer.TenantPath("t1"), 201);
        AnswerGetWithRetryAfter(im, retryAfterSeconds: 15);

        await im.Clock.RunAsync(im.Client.CreateAsync("t1"));

        Assert.Equal(TimeSpan.FromSeconds(15), im.Clock.Waits[^1]);
    }

    [Fact]
    public async Task RetryAfter_OnTheFirstAnswerOfGet_IsHonoured()
    {
        using var im = new ImServer();
        AnswerGetWithRetryAfter(im, retryAfterSeconds: 7);

        var instance = await im.Clock.RunAsync(im.Client.GetAsync("t1").AsTask());

        Assert.Equal(InstanceStatus.CreationSucceeded, instance!.Status);
        Assert.Equal([TimeSpan.FromSeconds(7)], im.Clock.Waits);
        Assert.Equal(2, im.Count("GET"));
    }

    [Theory]
    [InlineData(7, 7_000)]
    [InlineData(2, 2_000)]
    [InlineData(1, 2_000)]
    public async Task ReferenceCompatible_FirstWaitOfGet_IsTheLongerOfRetryAfterAndTheInterval(int retryAfterSeconds, int expectedMs)
    {
        using var im = new ImServer(options =>
        {
            options.PollingStrategy = PollingStrategy.ReferenceCompatible;
            options.PollingInterval = TimeSpan.FromSeconds(2);
        });
        AnswerGetWithRetryAfter(im, retryAfterSeconds);

        var instance = await im.Clock.RunAsync(im.Client.GetAsync("t1").AsTask());

        Assert.Equal(InstanceStatus.CreationSucceeded, instance!.Status);
        Assert.Equal([TimeSpan.FromMilliseconds(expectedMs)], im.Clock.Waits);
        Assert.Equal(2, im.Count("GET"));
    }

    [Fact]
    public async Task PollingTimeout_ThrowsTimeoutExceptionAndStopsPolling()
    {
        using var im = new ImServer(options => options.PollingTimeout = TimeSpan.FromSeconds(5));
        im.GetAnswers("t1", (200, InProgress));
        var started = im.Clock.GetUtcNow();

        var error = await Assert.ThrowsAsync<InstanceManagerTimeoutException>(() => im.Clock.RunAsync(im.Client.GetAsync("t1").AsTask()));

        Assert.IsAssignableFrom<InstanceManagerException>(error);
        Assert.Equal("Get", error.Operation);
        Assert.Equal("t1", error.TenantId);
        Assert.Null(error.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), error.Timeout);
        Assert.Equal("Get of the instance for tenant 't1' did not complete within the polling timeout of 5 s.", error.Message);
        Assert.InRange(im.Clock.GetUtcNow() - started, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(7));
        var gets = im.Count("GET");
        im.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(gets, im.Count("GET"));
    }

    [Fact]
    public async Task PollingTimeout_OfDelete_NamesTheOperation()
    {
        using var im = new ImServer(options => options.PollingTimeout = TimeSpan.FromSeconds(3));
        im.Answer("DELETE", ImServer.TenantPath("t1"), 204);
        im.GetAnswers("t1", (200, InstanceJson.Instance("t1", "DELETION_IN_PROGRESS")));

        var error = await Assert.ThrowsAsync<InstanceManagerTimeoutException>(() => im.Clock.RunAsync(im.Client.DeleteAsync("t1")));

        Assert.Equal("Delete", error.Operation);
        Assert.Equal(TimeSpan.FromSeconds(3), error.Timeout);
    }

    [Fact]
    public async Task Cancellation_WhileGetPolls_ThrowsAndSendsNoFurtherRequest()
    {
        using var im = new ImServer();
        im.GetAnswers("t1", (200, InProgress));
        using var cancellation = new CancellationTokenSource();

        var task = im.Client.GetAsync("t1", cancellation.Token).AsTask();
        await im.Clock.EndNextWaitAsync();
        await im.Clock.WaitStartedAsync();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
        im.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(2, im.Count("GET"));
    }

    [Fact]
    public async Task Cancellation_WhileDeletePolls_ThrowsAndSendsNoFurtherRequest()
    {
        using var im = new ImServer();
        im.Answer("DELETE", ImServer.TenantPath("t1"), 204);
        im.GetAnswers("t1", (200, InstanceJson.Instance("t1", "DELETION_IN_PROGRESS")));
        using var cancellation = new CancellationTokenSource();

        var task = im.Client.DeleteAsync("t1", cancellation.Token);
        await im.Clock.EndNextWaitAsync();
        await im.Clock.EndNextWaitAsync();
        await im.Clock.WaitStartedAsync();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
        im.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(2, im.Count("GET"));
        Assert.Equal(1, im.Count("DELETE"));
    }

    [Fact]
    public async Task Cancellation_AfterCancelling_TheSameTenantCanBeReadAgain()
    {
        using var im = new ImServer();
        im.GetAnswers("t1", (200, InProgress));
        using var cancellation = new CancellationTokenSource();
        var task = im.Client.GetAsync("t1", cancellation.Token).AsTask();
        await im.Clock.WaitStartedAsync();
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);

        im.Server.ResetMappings();
        im.GetAnswers("t1", (200, Succeeded));
        var instance = await im.Client.GetAsync("t1");

        Assert.Equal(InstanceStatus.CreationSucceeded, instance!.Status);
        Assert.Equal(2, im.Count("GET"));
    }

    /// <summary>GET answers "in progress" with a <c>Retry-After</c> once, then "succeeded".</summary>
    private static void AnswerGetWithRetryAfter(ImServer im, int retryAfterSeconds)
    {
        const string Scenario = "retry-after";
        im.Server.Given(Request.Create().WithPath(ImServer.TenantPath("t1")).UsingGet())
            .InScenario(Scenario)
            .WillSetStateTo("done")
            .RespondWith(Response.Create()
                .WithStatusCode(200)
                .WithHeader("Content-Type", "application/json")
                .WithHeader("Retry-After", retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .WithBody(Encoding.UTF8.GetBytes(InProgress)));
        im.Server.Given(Request.Create().WithPath(ImServer.TenantPath("t1")).UsingGet())
            .InScenario(Scenario)
            .WhenStateIs("done")
            .RespondWith(ImServer.Respond(200, Succeeded));
    }
}
