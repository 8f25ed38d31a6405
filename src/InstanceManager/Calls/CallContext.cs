namespace InstanceManager.Calls;

/// <summary>
/// One call of the public API, created once where it enters the library and passed down to every layer: what is
/// being done (<see cref="Operation"/>), for whom (<see cref="TenantId"/>), how errors name it (<see cref="Subject"/>),
/// and when it started, from which the polling budget (<see cref="InstanceManagerOptions.PollingTimeout"/>) of the
/// whole call is counted — a create that waits for an instance and then for its binding has one budget, not two.
/// </summary>
internal sealed class CallContext
{
    /// <summary>Tenant ids longer than this are shortened in messages (the full id is in <see cref="InstanceManagerException.TenantId"/>).</summary>
    private const int MaxTenantIdInMessage = 100;

    private string? _subject;

    private CallContext(string operation, string? tenantId, string? subject, long startedAt)
    {
        Operation = operation;
        TenantId = tenantId;
        _subject = subject;
        StartedAt = startedAt;
    }

    /// <summary>The operation's name in exceptions, logs and telemetry: <c>Create</c>, <c>Get</c>, …, or a low-level call such as <c>ServiceInstances.Create</c>.</summary>
    public string Operation { get; }

    /// <summary>The tenant concerned, or <see langword="null"/> for calls on all tenants and low-level calls.</summary>
    public string? TenantId { get; }

    /// <summary>The tenant of a per-tenant call.</summary>
    public string Tenant => TenantId ?? throw new InvalidOperationException($"{Operation} concerns no tenant.");

    /// <summary>How messages name the call: "Create of the instance for tenant 't1'", "GetAll of the instances", "ServiceInstances.Create".</summary>
    /// <remarks>Built when first needed (by an error), not for every call.</remarks>
    public string Subject => _subject ??= TenantSubject(Operation, Tenant);

    /// <summary>When the call started (<see cref="TimeProvider.GetTimestamp"/>); the polling budget is counted from here.</summary>
    public long StartedAt { get; }

    /// <summary>
    /// The correlation id of the service's last answer to this call (<c>X-Correlation-ID</c>, else
    /// <c>X-Vcap-Request-Id</c>), which every error of the call names so that the service's support can find it.
    /// </summary>
    public string? CorrelationId { get; set; }

    /// <summary>The id of the resumable operation this call is (a create or delete of a tenant's instance), else <see langword="null"/>.</summary>
    public string? OperationId => TenantId is { } tenant && InstanceOperationIds.KindOf(Operation) is { } kind ? InstanceOperationIds.Format(kind, tenant) : null;

    /// <summary>A per-tenant call: <c>Create</c>, <c>Get</c> or <c>Delete</c> of <paramref name="tenantId"/>'s instance.</summary>
    public static CallContext ForTenant(string operation, string tenantId, TimeProvider timeProvider) =>
        new(operation, tenantId, subject: null, timeProvider.GetTimestamp());

    /// <summary>A call on every tenant's instance, such as <c>GetAll</c>.</summary>
    public static CallContext ForAll(string operation, TimeProvider timeProvider) =>
        new(operation, tenantId: null, $"{operation} of the instances", timeProvider.GetTimestamp());

    /// <summary>A call that concerns no tenant and names itself, such as <c>ServiceInstances.Create</c>.</summary>
    public static CallContext Named(string operation, TimeProvider timeProvider, string? subject = null) =>
        new(operation, tenantId: null, subject ?? operation, timeProvider.GetTimestamp());

    /// <summary>Part of this per-tenant call done under another operation's name (a lookup inside a create), on the same budget.</summary>
    public CallContext As(string operation) =>
        operation == Operation ? this : new(operation, Tenant, subject: null, StartedAt);

    private static string TenantSubject(string operation, string tenantId) =>
        $"{operation} of the instance for tenant '{Shorten(tenantId)}'";

    private static string Shorten(string tenantId) =>
        tenantId.Length <= MaxTenantIdInMessage ? tenantId : string.Concat(tenantId.AsSpan(0, MaxTenantIdInMessage), "…");
}
