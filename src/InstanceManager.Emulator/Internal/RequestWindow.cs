namespace InstanceManager.Emulator.Internal;

/// <summary>
/// The fixed window of <see cref="EmulatorFailures.RequestLimit"/>: a window opens with the first request after the
/// previous one closed and admits that many requests until it closes. Hand-written rather than
/// System.Threading.RateLimiting's <c>FixedWindowRateLimiter</c>, which replenishes on a real-time timer (a
/// <c>FakeTimeProvider</c> cannot drive it) and cannot tell when its window resets (the wait the 429 announces).
/// Not thread-safe: the runtime calls it under its lock.
/// </summary>
internal sealed class RequestWindow
{
    private DateTimeOffset _end = DateTimeOffset.MinValue;
    private int _count;

    /// <summary>Counts a request at <paramref name="now"/>: <see langword="null"/> when admitted, else the wait until the window resets.</summary>
    public TimeSpan? TryAdmit(int limit, TimeSpan window, DateTimeOffset now)
    {
        if (now >= _end)
        {
            _end = now + window;
            _count = 0;
        }

        if (_count < limit)
        {
            _count++;
            return null;
        }

        return _end - now;
    }
}
