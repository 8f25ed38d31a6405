using InstanceManager.Polling;

namespace InstanceManager.Tests.Polling;

/// <summary>The schedules of waits between polls are pure functions: no server, no clock.</summary>
public sealed class PollDelaysTests
{
    private static TimeSpan Ms(double milliseconds) => TimeSpan.FromMilliseconds(milliseconds);

    [Theory]
    [InlineData(1, 300)]
    [InlineData(2, 800)]
    [InlineData(3, 1800)]
    [InlineData(4, 3300)]
    [InlineData(5, 5300)]
    public void ReferenceCompatible_AddsHalfASecondPerRequestAlreadyMade(int requestsMade, int expectedMs)
    {
        Assert.Equal(Ms(expectedMs), PollDelays.ReferenceCompatible(requestsMade, Ms(300)));
    }

    [Fact]
    public void ReferenceCompatible_StartsFromTheConfiguredInterval()
    {
        Assert.Equal(Ms(100), PollDelays.ReferenceCompatible(1, Ms(100)));
        Assert.Equal(Ms(600), PollDelays.ReferenceCompatible(2, Ms(100)));
    }

    [Fact]
    public void ReferenceCompatible_AfterVeryManyRequests_DoesNotOverflow()
    {
        var wait = PollDelays.ReferenceCompatible(int.MaxValue, Ms(300));

        Assert.Equal(Ms(300) + (Ms(500) * 1_000_000), wait);
    }

    [Theory]
    [InlineData(0, 300)]
    [InlineData(800, 300)]
    [InlineData(4_000, 1_100)]
    [InlineData(20_000, 5_100)]
    [InlineData(100_000, 10_000)]
    public void Adaptive_WithoutJitter_WaitsAQuarterOfTheElapsedTimePlusSlack_BetweenTheIntervalAndTheMaximum(int elapsedMs, int expectedMs)
    {
        Assert.Equal(Ms(expectedMs), PollDelays.Adaptive(Ms(elapsedMs), Ms(300), Ms(10_000), retryAfter: null, random: 0));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(0.999)]
    public void Adaptive_JitterOnlyShortensAWait_ByAtMostFivePercent(double random)
    {
        var wait = PollDelays.Adaptive(Ms(20_000), Ms(300), Ms(10_000), retryAfter: null, random);

        Assert.InRange(wait, Ms(5_100 * 0.95), Ms(5_100));
    }

    [Fact]
    public void Adaptive_RetryAfterLongerThanTheWait_IsHonouredEvenBeyondTheMaximum()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), PollDelays.Adaptive(Ms(1_000), Ms(300), Ms(10_000), TimeSpan.FromSeconds(30), random: 0));
    }

    [Fact]
    public void Adaptive_RetryAfterShorterThanTheWait_DoesNotShortenIt()
    {
        Assert.Equal(Ms(1_100), PollDelays.Adaptive(Ms(4_000), Ms(300), Ms(10_000), Ms(10), random: 0));
    }
}
