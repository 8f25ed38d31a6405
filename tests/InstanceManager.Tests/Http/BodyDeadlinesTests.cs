using InstanceManager.Http;
using Microsoft.Extensions.Time.Testing;

namespace InstanceManager.Tests.Http;

/// <summary>
/// The deadline of reading a body, on the system clock as in production (its token sources come from a pool) and on
/// another clock (a source of its own per body). No test waits for a fixed time: on the system clock the test waits
/// for the token's own cancellation, on a fake clock it advances the clock.
/// </summary>
public sealed class BodyDeadlinesTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task OnTheSystemClock_TheTokenIsCancelledWhenTheTimeIsUp()
    {
        var deadlines = new BodyDeadlines(TimeSpan.FromMilliseconds(1), TimeProvider.System);
        using var deadline = deadlines.Start(CancellationToken.None);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = deadline.Token.Register(cancelled.SetResult);

        await cancelled.Task.WaitAsync(Guard);
        Assert.True(deadline.Token.IsCancellationRequested);
    }

    [Fact]
    public void OnAnotherClock_TheTokenIsCancelledWhenThatClockReachesTheTimeout()
    {
        var clock = new FakeTimeProvider();
        var deadlines = new BodyDeadlines(TimeSpan.FromSeconds(10), clock);
        using var deadline = deadlines.Start(CancellationToken.None);

        clock.Advance(TimeSpan.FromSeconds(9));
        Assert.False(deadline.Token.IsCancellationRequested);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(deadline.Token.IsCancellationRequested);
    }

    [Fact]
    public void TheCallersCancellation_CancelsTheToken()
    {
        var deadlines = new BodyDeadlines(TimeSpan.FromMinutes(5), TimeProvider.System);
        using var caller = new CancellationTokenSource();
        using var deadline = deadlines.Start(caller.Token);

        caller.Cancel();

        Assert.True(deadline.Token.IsCancellationRequested);
    }

    [Fact]
    public void OnTheSystemClock_AnUncancelledSourceIsReusedAndNoLongerListensToItsFormerCaller()
    {
        var deadlines = new BodyDeadlines(TimeSpan.FromMinutes(5), TimeProvider.System);
        using var formerCaller = new CancellationTokenSource();
        var first = deadlines.Start(formerCaller.Token);
        var firstToken = first.Token;
        first.Dispose();

        using var second = deadlines.Start(CancellationToken.None);
        formerCaller.Cancel();

        Assert.Equal(firstToken, second.Token);
        Assert.False(second.Token.IsCancellationRequested);
    }

    [Fact]
    public void OnTheSystemClock_ACancelledSourceIsNeverReused()
    {
        var deadlines = new BodyDeadlines(TimeSpan.FromMinutes(5), TimeProvider.System);
        using var caller = new CancellationTokenSource();
        var first = deadlines.Start(caller.Token);
        caller.Cancel();
        first.Dispose();

        using var second = deadlines.Start(CancellationToken.None);

        Assert.False(second.Token.IsCancellationRequested);
    }

    [Fact]
    public void OnAnotherClock_EachBodyHasASourceOfItsOwnDisposedWithIt()
    {
        var deadlines = new BodyDeadlines(TimeSpan.FromSeconds(10), new FakeTimeProvider());
        var first = deadlines.Start(CancellationToken.None);
        var firstToken = first.Token;
        first.Dispose();

        using var second = deadlines.Start(CancellationToken.None);

        Assert.NotEqual(firstToken, second.Token);
        Assert.Throws<ObjectDisposedException>(() => firstToken.WaitHandle);
    }
}
