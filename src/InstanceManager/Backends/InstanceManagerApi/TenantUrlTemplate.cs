namespace InstanceManager.Backends.InstanceManagerApi;

/// <summary>
/// A binding URL with one <c>{tenant_id}</c> placeholder, split once so that a request only encodes the tenant.
/// The tenant is percent-encoded as exactly one path segment (RFC 3986 unreserved characters stay as they are),
/// so no tenant id can change the path — unlike the official clients, which substitute it unencoded.
/// </summary>
internal sealed class TenantUrlTemplate
{
    private static readonly UriCreationOptions KeepPathAsIs = new() { DangerousDisablePathAndQueryCanonicalization = true };

    private readonly string _prefix;
    private readonly string _suffix;

    public TenantUrlTemplate(string template)
    {
        var index = template.IndexOf(Configuration.ConfigurationKeys.TenantPlaceholder, StringComparison.Ordinal);
        _prefix = template[..index];
        _suffix = template[(index + Configuration.ConfigurationKeys.TenantPlaceholder.Length)..];
    }

    /// <summary>The URL of an example tenant, to inspect scheme and host.</summary>
    public Uri Sample => For("tenant");

    public Uri For(string tenantId) => new(string.Concat(_prefix, EncodeSegment(tenantId), _suffix), in KeepPathAsIs);

    public static string EncodeSegment(string tenantId) => Uri.EscapeDataString(tenantId);
}
