using InstanceManager;

namespace MultitenantWebApi;

/// <summary>What the API shows of a tenant's instance: connection information with the secrets masked.</summary>
public sealed record TenantView(string TenantId, string Status, string? Host, string? Port, string? Schema, string? User, string? Password, string? FailedMessage)
{
    /// <summary>The sample's rule for tenant ids in URLs and headers.</summary>
    public static bool IsValidId(string? id) =>
        !string.IsNullOrWhiteSpace(id) && id.Length <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    /// <summary>Builds the view, masking the password.</summary>
    public static TenantView From(ManagedInstance instance) => new(
        instance.TenantId,
        instance.Status.ToString(),
        instance.GetCredential("host"),
        instance.GetCredential("port"),
        instance.GetCredential("schema"),
        instance.GetCredential("user"),
        instance.GetCredential("password") is null ? null : "********",
        instance.FailedMessage);
}
