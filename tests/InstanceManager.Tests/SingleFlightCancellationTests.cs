namespace InstanceManager.Tests;

/// <summary>How a flight ends when cancellation, rather than a result, finishes it.</summary>
public sealed class SingleFlightCancellationTests
{
    [Fact]
    public async Task SharedWorkEndingInCancellationOfItsOwn_DoesNotCancelLaterCallsForTheKey()
    {
        var flights = new SingleFlight<string>();
        var runs = 0;
        Task<string> Work(int state, CancellationToken token) =>
            Interlocked.Increment(ref runs) == 1
                ? throw new OperationCanceledException("an attempt timed out")
                : Task.FromResult("second run");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => flights.RunAsync("t1", 0, Work, CancellationToken.None, CancellationToken.None));
        var result = await flights.RunAsync("t1", 0, Work, CancellationToken.None, CancellationToken.None);

        Assert.Equal("second run", result);
        Assert.Equal(2, runs);
    }

    [Fact]
    public async Task AFlightCancelledByItsLifetime_DoesNotCancelLaterCallsWithAnotherLifetime()
    {
        var flights = new SingleFlight<string>();
        using var firstLifetime = new CancellationTokenSource();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = 0;
        async Task<string> Work(int state, CancellationToken token)
        {
            Interlocked.Increment(ref runs);
            started.TrySetResult();
            // Runs until cancelled.
            await new TaskCompletionSource().Task.WaitAsync(token);
            return "never";
        }

        var first = flights.RunAsync("t1", 0, Work, firstLifetime.Token, CancellationToken.None);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await firstLifetime.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);

        var second = await flights.RunAsync("t1", 0, (_, _) => Task.FromResult("fresh"), CancellationToken.None, CancellationToken.None);

        Assert.Equal("fresh", second);
        Assert.Equal(1, runs);
    }

    [Fact]
    public void AnAlreadyCancelledCaller_NeverStartsTheWork()
    {
        var flights = new SingleFlight<int>();
        var runs = 0;
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        // The work starts after a yield; a context that only queues what is posted to it makes "never" checkable:
        // once the call returned, everything it scheduled is run here, then nothing of it is left.
        var context = new QueueingContext();
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(context);
        Task<int> call;
        try
        {
            call = flights.RunAsync("t1", 0, (_, _) => Task.FromResult(Interlocked.Increment(ref runs)), CancellationToken.None, cancelled.Token);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }

        context.RunAll();

        Assert.True(call.IsCanceled);
        Assert.Equal(0, runs);
    }

    [Fact]
    public async Task AFlightEveryCallerLeft_IsNotJoinedWhileItWindsDown_TheNextCallStartsAfresh()
    {
        var flights = new SingleFlight<string>();
        var stale = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var impatient = new CancellationTokenSource();

        // The abandoned work ignores its cancellation for a while, as a request being torn down may.
        var first = flights.RunAsync("t1", 0, (_, _) =>
        {
            started.TrySetResult();
            return stale.Task;
        }, CancellationToken.None, impatient.Token);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await impatient.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);

        var next = flights.RunAsync("t1", 0, (_, _) => Task.FromResult("fresh"), CancellationToken.None, CancellationToken.None);
        stale.SetResult("stale");

        Assert.Equal("fresh", await next.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task TheWork_NeverRunsInsideTheFirstCallersCall()
    {
        var flights = new SingleFlight<int>();
        var runs = 0;

        var context = new QueueingContext();
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(context);
        Task<int> call;
        try
        {
            call = flights.RunAsync("t1", 0, (_, _) => Task.FromResult(Interlocked.Increment(ref runs)), CancellationToken.None, CancellationToken.None);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }

        Assert.Equal(0, runs);
        Assert.False(call.IsCompleted);
        context.RunAll();
        Assert.Equal(1, await call.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    private sealed class QueueingContext : SynchronizationContext
    {
        private readonly Queue<(SendOrPostCallback Callback, object? State)> _posted = new();

        public override void Post(SendOrPostCallback d, object? state) => _posted.Enqueue((d, state));

        public void RunAll()
        {
            while (_posted.TryDequeue(out var posted))
            {
                posted.Callback(posted.State);
            }
        }
    }
}
