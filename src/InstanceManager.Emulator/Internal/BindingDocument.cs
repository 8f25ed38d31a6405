using System.Text.Json.Nodes;

namespace InstanceManager.Emulator.Internal;

/// <summary>The credentials of a binding to the emulator, and the <c>VCAP_SERVICES</c> document that carries them.</summary>
internal static class BindingDocument
{
    public static Dictionary<string, string> Credentials(Uri baseAddress, InstanceManagerEmulatorOptions options)
    {
        var all = new Uri(baseAddress, $"{InstanceManagerApi.PathPrefix.TrimStart('/')}/{Uri.EscapeDataString(options.ManagedServiceId)}").AbsoluteUri;
        var perTenant = all + "/{tenant_id}";
        return new Dictionary<string, string>
        {
            ["user"] = options.User,
            ["password"] = options.Password,
            ["post_managed_instance_url"] = perTenant,
            ["get_managed_instance_url"] = perTenant,
            ["get_all_managed_instances_url"] = all,
            ["delete_managed_instance_url"] = perTenant,
        };
    }

    public static JsonObject VcapServices(Uri baseAddress, InstanceManagerEmulatorOptions options)
    {
        var credentials = new JsonObject();
        foreach (var (key, value) in Credentials(baseAddress, options))
        {
            credentials[key] = value;
        }

        return new JsonObject
        {
            ["managed-hana"] = new JsonArray(new JsonObject
            {
                ["name"] = "instance-manager-emulator",
                ["instance_name"] = "instance-manager-emulator",
                ["label"] = "managed-hana",
                ["plan"] = "hdi-shared",
                ["tags"] = new JsonArray("managed-hana", "managed-database", "xsa-instancemanager"),
                ["credentials"] = credentials,
            }),
        };
    }
}
