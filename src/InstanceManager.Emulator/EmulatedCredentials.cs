using System.Security.Cryptography;
using System.Text;

namespace InstanceManager.Emulator;

/// <summary>The credentials the emulator gives each tenant's instance: derived from the tenant id, so tests can predict them.</summary>
public static class EmulatedCredentials
{
    /// <summary>The emulated database host.</summary>
    public const string Host = "hana.emulator.invalid";

    /// <summary>The emulated database port.</summary>
    public const string Port = "30015";

    /// <summary>The credentials object of the tenant's instance: host, port, schema, user, password, url, driver, hdi_user, hdi_password.</summary>
    /// <param name="tenantId">The tenant.</param>
    /// <returns>The credentials, by key.</returns>
    public static IReadOnlyDictionary<string, string> For(string tenantId)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        var schema = "TENANT_" + Convert.ToHexString(Digest("schema", tenantId))[..16];
        return new Dictionary<string, string>
        {
            ["host"] = Host,
            ["port"] = Port,
            ["schema"] = schema,
            ["user"] = schema + "_RT",
            ["password"] = Secret("password", tenantId),
            ["url"] = $"jdbc:sap://{Host}:{Port}/?currentschema={schema}",
            ["driver"] = "com.sap.db.jdbc.Driver",
            ["hdi_user"] = schema + "_DT",
            ["hdi_password"] = Secret("hdi_password", tenantId),
        };
    }

    private static string Secret(string purpose, string tenantId) =>
        "Em-" + Convert.ToBase64String(Digest(purpose, tenantId))[..20].Replace('+', 'x').Replace('/', 'y');

    private static byte[] Digest(string purpose, string tenantId) =>
        SHA256.HashData(Encoding.UTF8.GetBytes($"instance-manager-emulator:{purpose}:{tenantId}"));
}
