namespace InstanceManager.Polling;

/// <summary>What one poll found: whether the operation settled and, if the server asked for it, how long to wait.</summary>
internal interface IPollStep
{
    bool IsCompleted { get; }

    TimeSpan? RetryAfter { get; }
}

/// <summary>The outcome of one poll, carrying the result once the operation settled.</summary>
internal readonly record struct PollStep<T>(bool IsCompleted, T Result, TimeSpan? RetryAfter) : IPollStep
{
    public static PollStep<T> Completed(T result) => new(true, result, null);

    public static PollStep<T> Pending(T result, TimeSpan? retryAfter) => new(false, result, retryAfter);
}
