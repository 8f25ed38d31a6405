using InstanceManager.Caching;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace InstanceManager.Tests;

/// <summary>
/// The clock the cache reads: in production the system clock is replaced by a millisecond tick count, so entries
/// must expire on that clock's units exactly as on the fake one.
/// </summary>
public sealed class CacheClockTests
{
    private static ManagedInstance Usable(string tenantId) => new() { TenantId = tenantId, Status = InstanceStatus.CreationSucceeded };

    private static TenantCache NewCache(TimeProvider clock, TimeSpan expiration) =>
        new(Options.Create(new InstanceManagerOptions { CacheMaxItems = 10, CacheItemExpiration = expiration }), clock);

    [Fact]
    public void TheSystemClock_IsReadAsTheMillisecondTickCount()
    {
        var clock = CacheClock.For(TimeProvider.System);

        Assert.Same(TickCountClock.Instance, clock);
        Assert.Equal(1000, clock.TimestampFrequency);
        var before = Environment.TickCount64;
        var now = clock.GetTimestamp();
        var after = Environment.TickCount64;
        Assert.InRange(now, before, after);
    }

    [Fact]
    public void AnyOtherClock_IsUsedAsItIs()
    {
        var fake = new FakeTimeProvider();

        Assert.Same(fake, CacheClock.For(fake));
    }

    [Theory]
    [InlineData(1, 1000)]
    [InlineData(600, 600_000)]
    [InlineData(86_400, 86_400_000)]
    public void ALifetime_IsMeasuredInTheClocksUnits(int seconds, long milliseconds)
    {
        Assert.Equal(milliseconds, CacheClock.Units(TickCountClock.Instance, TimeSpan.FromSeconds(seconds)));
        Assert.Equal(seconds * TimeSpan.TicksPerSecond, CacheClock.Units(new FakeTimeProvider(), TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void OnAMillisecondClock_ATenMinuteEntry_LivesExactlyTenMinutes()
    {
        var clock = new MillisecondClock(start: 5_000_000);
        var cache = NewCache(clock, TimeSpan.FromMinutes(10));
        cache.Set(Usable("a"));

        clock.Now += 1;
        Assert.True(cache.TryGet("a", out _));
        clock.Now += 599_998;
        Assert.True(cache.TryGet("a", out _));
        clock.Now += 1;
        Assert.False(cache.TryGet("a", out _));
    }

    [Fact]
    public void OnTheProductionClock_AFreshEntry_IsFound()
    {
        var cache = NewCache(TimeProvider.System, TimeSpan.FromMinutes(10));
        cache.Set(Usable("a"));

        Assert.True(cache.TryGet("a", out _));
    }

    /// <summary>A clock in milliseconds, like the tick count, that moves only when told to.</summary>
    private sealed class MillisecondClock(long start) : TimeProvider
    {
        public long Now { get; set; } = start;

        public override long TimestampFrequency => 1000;

        public override long GetTimestamp() => Now;
    }
}
