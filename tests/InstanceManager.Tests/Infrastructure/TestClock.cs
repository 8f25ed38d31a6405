using Microsoft.Extensions.Time.Testing;

namespace InstanceManager.Tests.Infrastructure;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that knows when the code under test starts waiting, so a test can move time
/// exactly to the end of each wait instead of sleeping. Timers at or above <see cref="IgnoreAtOrAbove"/> (the polling
/// timeout's own timer) are not treated as waits.
/// </summary>
public sealed class TestClock : FakeTimeProvider
{
    private readonly Lock _gate = new();
    private readonly Queue<Wait> _pending = new();
    private readonly List<TimeSpan> _waits = [];
    private TaskCompletionSource _timerCreated = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TestClock()
        : base(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero))
    {
    }

    public TimeSpan IgnoreAtOrAbove { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Every wait the code under test started, in order.</summary>
    public IReadOnlyList<TimeSpan> Waits
    {
        get
        {
            lock (_gate)
            {
                return [.. _waits];
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (dueTime != Timeout.InfiniteTimeSpan && dueTime < IgnoreAtOrAbove)
        {
            var wait = new Wait(timer, dueTime);
            lock (_gate)
            {
                _pending.Enqueue(wait);
                _waits.Add(dueTime);
                _timerCreated.TrySetResult();
            }

            return wait;
        }

        return timer;
    }

    /// <summary>Lets <paramref name="task"/> run, ending each wait it starts, until it completes.</summary>
    public async Task<T> RunAsync<T>(Task<T> task, int maxWaits = 10_000)
    {
        await DriveAsync(task, maxWaits);
        return await task;
    }

    /// <summary>Lets <paramref name="task"/> run, ending each wait it starts, until it completes.</summary>
    public async Task RunAsync(Task task, int maxWaits = 10_000)
    {
        await DriveAsync(task, maxWaits);
        await task;
    }

    /// <summary>Waits until the code under test starts a wait (without ending it).</summary>
    public Task WaitStartedAsync()
    {
        Task signal;
        lock (_gate)
        {
            signal = _pending.Count > 0 ? Task.CompletedTask : NewSignal();
        }

        // A guard against a hang in a failing test; passing tests never come near it.
        return signal.WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>Waits until the code under test starts a wait, then ends it. Returns the wait's length.</summary>
    public async Task<TimeSpan> EndNextWaitAsync()
    {
        await WaitStartedAsync();
        TimeSpan due;
        lock (_gate)
        {
            due = _pending.Dequeue().Due;
        }

        Advance(due);
        return due;
    }

    private async Task DriveAsync(Task task, int maxWaits)
    {
        for (var waits = 0; waits < maxWaits; waits++)
        {
            Task signal;
            lock (_gate)
            {
                signal = _pending.Count > 0 ? Task.CompletedTask : NewSignal();
            }

            var first = await Task.WhenAny(task, signal).WaitAsync(TimeSpan.FromSeconds(30));
            if (first == task)
            {
                return;
            }

            Wait wait;
            lock (_gate)
            {
                wait = _pending.Dequeue();
            }

            // A timer disposed before it fired (a deadline that was met) is not a wait to end.
            if (!wait.Disposed)
            {
                Advance(wait.Due);
            }
        }

        throw new InvalidOperationException($"The operation did not complete within {maxWaits} waits.");
    }

    private Task NewSignal()
    {
        if (_timerCreated.Task.IsCompleted)
        {
            _timerCreated = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        return _timerCreated.Task;
    }

    /// <summary>A timer the code under test created, which knows whether it was disposed.</summary>
    private sealed class Wait(ITimer timer, TimeSpan due) : ITimer
    {
        public TimeSpan Due { get; } = due;

        public bool Disposed { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period) => timer.Change(dueTime, period);

        public void Dispose()
        {
            Disposed = true;
            timer.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Disposed = true;
            return timer.DisposeAsync();
        }
    }
}
