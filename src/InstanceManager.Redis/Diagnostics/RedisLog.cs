using Microsoft.Extensions.Logging;

namespace InstanceManager.Redis.Diagnostics;

/// <summary>The package's log messages (event ids 100–119, next to the client's). No message carries a secret or a value read from Redis.</summary>
internal static partial class RedisLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Warning, Message = "Redis is unavailable ({Reason}); every call goes to the service directly until it answers again.")]
    public static partial void Unavailable(ILogger logger, string reason);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Redis answers again ({ConnectionType} connection); the in-process cache was cleared, since invalidations may have been missed.")]
    public static partial void Restored(ILogger logger, StackExchange.Redis.ConnectionType connectionType);

    [LoggerMessage(EventId = 102, Level = LogLevel.Debug, Message = "Redis {Command} failed; going on without Redis: {Reason}")]
    public static partial void CommandFailed(ILogger logger, string command, string reason);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "An entry in Redis could not be decrypted (written with another key, or altered); it is ignored.")]
    public static partial void UnreadableEntry(ILogger logger);

    [LoggerMessage(EventId = 104, Level = LogLevel.Debug, Message = "Tenant '{TenantId}' dropped from the in-process cache: another replica invalidated it.")]
    public static partial void InvalidationReceived(ILogger logger, string tenantId);

    [LoggerMessage(EventId = 105, Level = LogLevel.Debug, Message = "{Operation} of tenant '{TenantId}': answered by another replica's service call.")]
    public static partial void Joined(ILogger logger, string operation, string tenantId);

    [LoggerMessage(EventId = 106, Level = LogLevel.Debug, Message = "GetAll: answered by another replica's download of {Count} instances.")]
    public static partial void ListShared(ILogger logger, int count);

    [LoggerMessage(EventId = 107, Level = LogLevel.Debug, Message = "Tenant '{TenantId}' was invalidated while this replica read it from the service: the answer goes to its caller only, not to the shared cache.")]
    public static partial void StaleNotShared(ILogger logger, string tenantId);

    [LoggerMessage(EventId = 108, Level = LogLevel.Warning, Message = "The reconciliation lease is granted without Redis ({Reason}): other replicas may run the reconciliation at the same time, which is redundant but safe.")]
    public static partial void LeaseGrantedWithoutRedis(ILogger logger, string reason);

    [LoggerMessage(EventId = 109, Level = LogLevel.Warning, Message = "The reconciliation lease expired while held (Redis was unavailable for longer than its lifetime); the run goes on and may overlap another replica's.")]
    public static partial void LeaseLost(ILogger logger);
}
