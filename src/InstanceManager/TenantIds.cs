namespace InstanceManager;

/// <summary>The one rule for tenant ids: trimmed, and not empty afterwards.</summary>
internal static class TenantIds
{
    public static string Normalize(string tenantId, string parameterName = "tenantId")
    {
        ArgumentNullException.ThrowIfNull(tenantId, parameterName);
        var trimmed = tenantId.Trim();
        if (trimmed.Length == 0)
        {
            throw new ArgumentException("The tenant id may not be empty or white space.", parameterName);
        }

        return trimmed;
    }
}
