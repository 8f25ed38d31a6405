namespace InstanceManager.Polling;

/// <summary>The outcome of one poll: whether the operation settled, its result, and how long the server asked to wait.</summary>
internal readonly record struct PollStep<T>(bool IsCompleted, T Result, TimeSpan? RetryAfter)
{
    public static PollStep<T> Completed(T result) => new(true, result, null);

    public static PollStep<T> Pending(T result, TimeSpan? retryAfter) => new(false, result, retryAfter);
}
