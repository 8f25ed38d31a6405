using InstanceManager.Tests.Infrastructure;
using InstanceManager.Tests.ServiceManager;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace InstanceManager.Tests.Polling;

/// <summary>The poll loop's edges: a budget already spent when polling starts, and the log line of every poll.</summary>
public sealed class PollLoopTests
{
    private const int PollingEventId = 2;
    private const int PollingOperationEventId = 40;

    [Theory]
    [InlineData(PollingStrategy.ReferenceCompatible)]
    [InlineData(PollingStrategy.Adaptive)]
    public async Task ABudgetSpentBeforePollingStarts_TimesOutWithoutPolling(PollingStrategy strategy)
    {
        var logs = new LogCapture();
        using var im = new ImServer(
            options =>
            {
                options.PollingStrategy = strategy;
                options.PollingTimeout = TimeSpan.FromSeconds(5);
            },
            services => services.AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace)));
        var delete = new ServerGate(im, "DELETE", ImServer.TenantPath("t1"), 204);
        im.GetAnswers("t1", (404, ""));

        var task = im.Client.DeleteAsync("t1");
        await delete.Entered;
        // The DELETE answers after the whole polling budget of the call has passed (but within its attempt timeout).
        im.Clock.Advance(TimeSpan.FromSeconds(6));
        delete.Release();

        var error = await Assert.ThrowsAsync<InstanceManagerTimeoutException>(() => task);
        Assert.Equal("Delete", error.Operation);
        Assert.Equal(TimeSpan.FromSeconds(5), error.Timeout);
        Assert.Equal(0, im.Count("GET"));
        Assert.DoesNotContain(logs.Entries, entry => entry.EventId.Id == PollingEventId);
    }

    [Fact]
    public async Task CancellingWhilePollingAnOperation_ThrowsTheCancellation_NotATimeout()
    {
        using var sm = new SmServer(catalog: false);
        sm.AsyncOperation("DELETE", "/v1/service_bindings/bind-1", "service_bindings", "bind-1", "op-1", "in progress");
        using var cancellation = new CancellationTokenSource();

        var task = sm.ServiceManager.Bindings.DeleteAsync("bind-1", cancellation.Token);
        await sm.Clock.WaitStartedAsync();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
        var polls = sm.Count("GET", "/v1/service_bindings/bind-1/operations/op-1");
        sm.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(polls, sm.Count("GET", "/v1/service_bindings/bind-1/operations/op-1"));
    }

    [Fact]
    public async Task APollThatFailsTransientlyAfterItsRetries_IsFollowedByAnotherPoll()
    {
        using var sm = new SmServer(catalog: false);
        const string Operation = "/v1/service_bindings/bind-1/operations/op-1";
        sm.Answer("DELETE", "/v1/service_bindings/bind-1", 202, location: Operation);
        // The first poll and its three retries fail with 503; the next poll finds the operation done.
        sm.Answers(
            "GET",
            Operation,
            (503, ""),
            (503, ""),
            (503, ""),
            (503, ""),
            (200, SmServer.Operation("op-1", "succeeded", "bind-1", "service_bindings")));

        var operation = await sm.Clock.RunAsync(sm.ServiceManager.Bindings.DeleteAsync("bind-1"));

        Assert.True(operation!.Succeeded);
        Assert.Equal(5, sm.Count("GET", Operation));
    }

    [Fact]
    public async Task ReferenceCompatible_GetOfAnInstanceInProgress_FirstWaitsExactlyTheInterval()
    {
        // 50 ms is below the adaptive schedule's shortest wait (about 100 ms): only the reference schedule waits 50 ms.
        using var im = new ImServer(options =>
        {
            options.PollingStrategy = PollingStrategy.ReferenceCompatible;
            options.PollingInterval = TimeSpan.FromMilliseconds(50);
        });
        im.GetAnswers("t1", (200, InstanceJson.Instance("t1", "CREATION_IN_PROGRESS")), (200, InstanceJson.Instance("t1", "CREATION_SUCCEEDED")));

        var instance = await im.Clock.RunAsync(im.Client.GetAsync("t1").AsTask());

        Assert.Equal(InstanceStatus.CreationSucceeded, instance!.Status);
        Assert.Equal([TimeSpan.FromMilliseconds(50)], im.Clock.Waits);
        Assert.Equal(2, im.Count("GET"));
    }

    [Fact]
    public async Task EveryPollOfATenantsInstance_IsLoggedWithTheTenant()
    {
        var logs = new LogCapture();
        using var im = new ImServer(configureServices: services => services.AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace)));
        im.Answer("POST", ImServer.TenantPath("t1"), 201);
        var inProgress = InstanceJson.Instance("t1", "CREATION_IN_PROGRESS");
        im.GetAnswers("t1", (200, inProgress), (200, inProgress), (200, InstanceJson.Instance("t1", "CREATION_SUCCEEDED")));

        await im.Clock.RunAsync(im.Client.CreateAsync("t1"));

        var polls = logs.Entries.Where(entry => entry.EventId.Id == PollingEventId).ToList();
        Assert.Equal(3, im.Count("GET"));
        Assert.Equal(3, polls.Count);
        Assert.All(polls, entry => Assert.Contains("Create for tenant 't1': polling.", entry.Text, StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, entry => entry.EventId.Id == PollingOperationEventId);
    }

    [Fact]
    public async Task EveryPollOfAnOperationWithoutTenant_IsLoggedAsSuch()
    {
        using var sm = new SmServer(catalog: false);
        sm.AsyncOperation("DELETE", "/v1/service_bindings/bind-1", "service_bindings", "bind-1", "op-1", "in progress", "succeeded");

        await sm.Clock.RunAsync(sm.ServiceManager.Bindings.DeleteAsync("bind-1"));

        var polls = sm.Logs.Entries.Where(entry => entry.EventId.Id == PollingOperationEventId).ToList();
        Assert.Equal(2, sm.Count("GET", "/v1/service_bindings/bind-1/operations/op-1"));
        Assert.Equal(2, polls.Count);
        Assert.All(polls, entry => Assert.Contains(": polling the Service Manager's operation.", entry.Text, StringComparison.Ordinal));
        Assert.DoesNotContain(sm.Logs.Entries, entry => entry.EventId.Id == PollingEventId);
    }
}
