namespace InstanceManager.Redis;

/// <summary>
/// How the replicas of an application coordinate through Redis (<c>services.AddInstanceManagerRedis(…)</c>).
/// Invalid options fail when the host starts, naming the key.
/// </summary>
public sealed class InstanceManagerRedisOptions
{
    /// <summary>The configuration section name used in the documentation: <c>InstanceManagerRedis</c>.</summary>
    public const string SectionName = "InstanceManagerRedis";

    /// <summary>
    /// The StackExchange.Redis configuration string, for example <c>redis:6379,password=…,ssl=true</c>. Required,
    /// unless the overload that takes the <c>IConnectionMultiplexer</c> registered in the services is used.
    /// </summary>
    public string? Configuration { get; set; }

    /// <summary>
    /// Put before every key and channel name, to separate applications that share one Redis and one binding (rare:
    /// keys are already separated by the managed service they belong to, derived from the binding). Optional.
    /// </summary>
    public string? KeyPrefix { get; set; }

    /// <summary>
    /// The key that encrypts the entries in Redis, as Base64 of 32 bytes (AES-256-GCM). Optional: by default it is
    /// derived (HKDF-SHA256) from the binding's own secret (the Instance Manager password, the Service Manager client
    /// secret or private key), which every replica of the application has and a reader of Redis does not. Set it to
    /// keep entries readable across a rotation of the binding's secret.
    /// </summary>
    public string? EncryptionKey { get; set; }

    /// <summary>
    /// How long one Redis command may take before the client gives up on Redis for that call and asks the service
    /// directly. Default 250 ms. The in-process cache never waits for Redis.
    /// </summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// The longest a replica waits for another replica's read or list of the same thing before making its own; also
    /// how long the lock of a replica that vanished holds the others back. Default 30 s. (A create waits for the
    /// polling budget, <c>InstanceManagerOptions.PollingTimeout</c>, plus this.)
    /// </summary>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a list downloaded by one replica is reused by the others instead of downloading it again. Default 5 s;
    /// any create, delete or invalidation drops it at once. <see cref="TimeSpan.Zero"/> still coalesces lists made at
    /// the same time.
    /// </summary>
    public TimeSpan ListReuse { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Set by the overload that uses the <c>IConnectionMultiplexer</c> of the services.</summary>
    internal bool UsesConnectionFromServices { get; set; }

    /// <inheritdoc/>
    public override string ToString() =>
        $"InstanceManagerRedisOptions {{ Configuration = {(string.IsNullOrEmpty(Configuration) ? "(none)" : "(hidden)")}, KeyPrefix = {KeyPrefix}, EncryptionKey = {(string.IsNullOrEmpty(EncryptionKey) ? "(derived)" : "(hidden)")}, OperationTimeout = {OperationTimeout}, LockTimeout = {LockTimeout}, ListReuse = {ListReuse} }}";
}
