namespace InstanceManager.Calls;

/// <summary>
/// The ids of resumable operations: <c>create:{tenant}</c> and <c>delete:{tenant}</c>. An id names what to look at in
/// the service, not a record the client keeps, so it survives a restart and any replica can resume it.
/// </summary>
internal static class InstanceOperationIds
{
    private const string CreatePrefix = "create:";
    private const string DeletePrefix = "delete:";

    public static string Format(InstanceOperationKind kind, string tenantId) =>
        (kind == InstanceOperationKind.Create ? CreatePrefix : DeletePrefix) + tenantId;

    public static InstanceOperationKind? KindOf(string operation) => operation switch
    {
        Operations.Create => InstanceOperationKind.Create,
        Operations.Delete => InstanceOperationKind.Delete,
        _ => null,
    };

    /// <summary>The kind and tenant of <paramref name="id"/>; <see cref="ArgumentException"/> naming the problem when it is not an operation id.</summary>
    public static (InstanceOperationKind Kind, string TenantId) Parse(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var (kind, prefix) = id.StartsWith(CreatePrefix, StringComparison.Ordinal) ? (InstanceOperationKind.Create, CreatePrefix)
            : id.StartsWith(DeletePrefix, StringComparison.Ordinal) ? (InstanceOperationKind.Delete, DeletePrefix)
            : throw new ArgumentException($"'{Shorten(id)}' is not an operation id: ids start with '{CreatePrefix}' or '{DeletePrefix}' (InstanceOperation.Id).", nameof(id));
        return (kind, id[prefix.Length..]);
    }

    private static string Shorten(string id) => id.Length <= 100 ? id : string.Concat(id.AsSpan(0, 100), "…");
}
