namespace InstanceManager.Caching;

/// <summary>
/// The system's monotonic clock in milliseconds (<see cref="Environment.TickCount64"/>): millisecond precision is
/// plenty for entries that live seconds to minutes, and reading it costs a fraction of <c>Stopwatch</c>'s
/// <see cref="TimeProvider.GetTimestamp"/>.
/// </summary>
// Measured on the reference machine: Environment.TickCount64 5 ns against Stopwatch's 26 ns per read
// (README, Performance: the cache-hit benchmark).
internal sealed class TickCountClock : TimeProvider
{
    public static readonly TickCountClock Instance = new();

    private TickCountClock()
    {
    }

    public override long TimestampFrequency => 1000;

    public override long GetTimestamp() => Environment.TickCount64;
}
