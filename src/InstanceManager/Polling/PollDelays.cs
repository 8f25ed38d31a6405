namespace InstanceManager.Polling;

/// <summary>The waits between polls for each <see cref="PollingStrategy"/>.</summary>
internal static class PollDelays
{
    /// <summary>The official Node.js client adds 500 ms per request already made to the previous wait.</summary>
    private static readonly TimeSpan ReferenceIncrement = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// The share of the elapsed time the adaptive strategy waits. Completion that happens just after a poll at
    /// elapsed time t is noticed at most <c>Fraction × t + Slack</c> later, so within 25% (+100 ms) of the
    /// operation's duration, while the number of polls grows only logarithmically with it.
    /// </summary>
    private const double Fraction = 0.25;
    private static readonly TimeSpan Slack = TimeSpan.FromMilliseconds(100);

    /// <summary>Jitter only shortens a wait (by up to this share), so the bound above still holds.</summary>
    private const double MaxJitter = 0.05;

    /// <summary>The reference schedule: waits of interval + 500 ms × (1 + 2 + … + (n − 1)) after n requests: 300, 800, 1800, 3300 ms….</summary>
    /// <param name="requestsMade">How many polls were made so far (at least 1).</param>
    /// <param name="interval">The configured polling interval.</param>
    public static TimeSpan ReferenceCompatible(int requestsMade, TimeSpan interval)
    {
        long steps = (long)requestsMade * (requestsMade - 1) / 2;
        return interval + (ReferenceIncrement * Math.Min(steps, 1_000_000));
    }

    /// <summary>The adaptive schedule: about a quarter of the elapsed time, between the interval and the cap, at least what the server asked for.</summary>
    /// <param name="elapsed">How long the operation has run so far.</param>
    /// <param name="interval">The configured polling interval (the shortest wait).</param>
    /// <param name="maxDelay">The longest wait.</param>
    /// <param name="retryAfter">The server's <c>Retry-After</c>, if it sent one.</param>
    /// <param name="random">A value in [0, 1) that sets the jitter.</param>
    public static TimeSpan Adaptive(TimeSpan elapsed, TimeSpan interval, TimeSpan maxDelay, TimeSpan? retryAfter, double random)
    {
        var wait = ((elapsed * Fraction) + Slack) * (1 - (MaxJitter * random));
        wait = wait < interval ? interval : wait > maxDelay ? maxDelay : wait;
        return retryAfter > wait ? retryAfter.Value : wait;
    }
}
