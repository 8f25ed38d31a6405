namespace InstanceManager;

/// <summary>How long the client waits between two polls of an asynchronous operation.</summary>
public enum PollingStrategy
{
    /// <summary>
    /// The default. The wait grows with the time the operation has already taken (about a quarter of it, with
    /// jitter), never below <see cref="InstanceManagerOptions.PollingInterval"/> and never above
    /// <see cref="InstanceManagerOptions.MaxPollingDelay"/>, and honours <c>Retry-After</c>. Completion is noticed
    /// within about 25% of the operation's duration.
    /// </summary>
    Adaptive = 0,

    /// <summary>
    /// The official Node.js client's schedule: the first poll right away, then waits of the interval plus
    /// 500 ms × the number of requests made so far (300, 800, 1800, 3300, 5300 ms… with the default interval), for
    /// users who must keep the same load profile.
    /// </summary>
    ReferenceCompatible = 1,
}
