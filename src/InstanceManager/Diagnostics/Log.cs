using Microsoft.Extensions.Logging;

namespace InstanceManager.Diagnostics;

/// <summary>The library's log messages. Event ids are stable; no message carries a secret.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "{Operation}: {Method} answered {StatusCode}.")]
    public static partial void Response(ILogger logger, string method, string operation, int statusCode);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "{Operation} for tenant '{TenantId}': polling.")]
    public static partial void Polling(ILogger logger, string operation, string tenantId);

    [LoggerMessage(EventId = 40, Level = LogLevel.Debug, Message = "{Operation}: polling the Service Manager's operation.")]
    public static partial void PollingOperation(ILogger logger, string operation);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "{Operation} for tenant '{TenantId}' completed with status {Status}.")]
    public static partial void Completed(ILogger logger, string operation, string tenantId, InstanceStatus status);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "{Operation} for tenant '{TenantId}' failed: {Reason}")]
    public static partial void Failed(ILogger logger, string operation, string tenantId, string reason);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Delete for tenant '{TenantId}' completed.")]
    public static partial void Deleted(ILogger logger, string tenantId);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "Cache warmed up with the list of {Count} instances.")]
    public static partial void WarmedUp(ILogger logger, int count);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "Cache warm-up failed; the cache fills on demand: {Reason}")]
    public static partial void WarmUpFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 9, Level = LogLevel.Information, Message = "{Method} failed transiently (status {StatusCode}); retry {Attempt} in {DelayMilliseconds} ms.")]
    public static partial void Retrying(ILogger logger, string method, int attempt, int? statusCode, Exception? exception, double delayMilliseconds);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "The service keeps failing: circuit opened for {BreakSeconds} s; requests fail at once meanwhile.")]
    public static partial void CircuitOpened(ILogger logger, double breakSeconds);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "The service answers again: circuit closed.")]
    public static partial void CircuitClosed(ILogger logger);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "GetAll returned {Count} instances; {Cached} cached.")]
    public static partial void ListedAll(ILogger logger, int count, int cached);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "Create for tenant '{TenantId}': the outcome of the request is unknown ({Reason}); checking whether the instance exists before going on.")]
    public static partial void CreateOutcomeUnknown(ILogger logger, string tenantId, string reason);

    [LoggerMessage(EventId = 13, Level = LogLevel.Warning, Message = "The Instance Manager URLs use plain http to {Host}: the binding's password is sent unencrypted. Use https for anything but a local emulator.")]
    public static partial void PlainHttp(ILogger logger, string host);

    [LoggerMessage(EventId = 14, Level = LogLevel.Warning, Message = "GetAll: the missing binding of the ready instance of tenant '{TenantId}' could not be created; the tenant is left out: {Reason}")]
    public static partial void FallbackBindingFailed(ILogger logger, string tenantId, string reason);

    [LoggerMessage(EventId = 15, Level = LogLevel.Information, Message = "{Operation} for tenant '{TenantId}': the instance had no binding; created one.")]
    public static partial void FallbackBindingCreated(ILogger logger, string operation, string tenantId);

    [LoggerMessage(EventId = 16, Level = LogLevel.Warning, Message = "Create for tenant '{TenantId}': the binding could not be created, so the new instance is deleted again: {Reason}")]
    public static partial void RollingBack(ILogger logger, string tenantId, string reason);

    [LoggerMessage(EventId = 17, Level = LogLevel.Information, Message = "Service Manager: offering '{Service}' plan '{Plan}' resolved to plan id {PlanId}.")]
    public static partial void PlanResolved(ILogger logger, string service, string plan, string planId);

    [LoggerMessage(EventId = 18, Level = LogLevel.Warning, Message = "The Service Manager or OAuth URL uses plain http to {Host}: the client secret and tokens are sent unencrypted. Use https for anything but a local emulator.")]
    public static partial void PlainHttpServiceManager(ILogger logger, string host);

    [LoggerMessage(EventId = 30, Level = LogLevel.Warning, Message = "Migration mode: {Operation} for tenant '{TenantId}' could not ask the {Service}; going on with the other service: {Reason}")]
    public static partial void MigrationLookupFailed(ILogger logger, string operation, string tenantId, string service, string reason);

    [LoggerMessage(EventId = 31, Level = LogLevel.Warning, Message = "Migration mode: GetAll could not list the {Service}; the list holds the other service's instances only: {Reason}")]
    public static partial void MigrationListPartial(ILogger logger, string service, string reason);

    [LoggerMessage(EventId = 41, Level = LogLevel.Warning, Message = "{Host} answered {StatusCode} and asked to wait {WaitSeconds} s: every request of this client to it waits until {PausedUntil:o}.")]
    public static partial void RateLimited(ILogger logger, string host, int statusCode, double waitSeconds, DateTimeOffset pausedUntil);

    [LoggerMessage(EventId = 42, Level = LogLevel.Warning, Message = "Create for tenant '{TenantId}': the bindings of the new instance could not be cleaned up before deleting it again: {Reason}")]
    public static partial void RollbackBindingsLeft(ILogger logger, string tenantId, string reason);
}
