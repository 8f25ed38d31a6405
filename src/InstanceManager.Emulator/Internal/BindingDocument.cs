using System.Text.Json.Nodes;

namespace InstanceManager.Emulator.Internal;

/// <summary>The credentials of the bindings to the emulator (Instance Manager and Service Manager), and the <c>VCAP_SERVICES</c> document that carries them.</summary>
internal static class BindingDocument
{
    /// <summary>
    /// The emulator's own broker as <c>GET /emulator/osb</c> describes it: <c>url</c> (its base URL, to which
    /// <c>/v2/…</c> is appended), <c>username</c>, <c>password</c>, and the offering with the most plans as
    /// <c>service_id</c> with its <c>plan_ids</c> (every plan is updatable to every other).
    /// </summary>
    public static JsonObject OpenServiceBroker(Uri baseAddress, InstanceManagerEmulatorOptions options, ServiceManager.ServiceManagerCatalog catalog)
    {
        var offering = catalog.Offerings.OrderByDescending(offering => catalog.Plans.Count(plan => plan.OfferingId == offering.Id)).FirstOrDefault();
        return new JsonObject
        {
            ["url"] = BrokerUrl(baseAddress).AbsoluteUri,
            ["username"] = options.OpenServiceBroker.Username,
            ["password"] = options.OpenServiceBroker.Password,
            ["service_id"] = offering?.Id,
            ["service_name"] = offering?.CatalogName,
            ["plan_ids"] = new JsonArray([.. catalog.Plans.Where(plan => plan.OfferingId == offering?.Id).Select(plan => (JsonNode)plan.Id)]),
            ["plan_names"] = new JsonArray([.. catalog.Plans.Where(plan => plan.OfferingId == offering?.Id).Select(plan => (JsonNode)plan.CatalogName)]),
        };
    }

    /// <summary>The broker's base URL, without a trailing slash.</summary>
    public static Uri BrokerUrl(Uri baseAddress) => new(baseAddress.GetLeftPart(UriPartial.Authority) + Internal.OpenServiceBroker.OpenServiceBrokerApi.PathPrefix);

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

    /// <summary>
    /// A <c>service-manager</c> binding's credentials. <c>sm_url</c> has no trailing slash (the official client appends
    /// <c>/v1/…</c> to it); <c>url</c> is the emulator's root, where the token endpoint <c>/oauth/token</c> is.
    /// <c>service</c> and <c>plan</c> are left out, so the clients' defaults (<c>hana</c>, <c>hdi-shared</c>) apply.
    /// </summary>
    public static Dictionary<string, string> ServiceManagerCredentials(Uri baseAddress, InstanceManagerEmulatorOptions options)
    {
        var root = baseAddress.GetLeftPart(UriPartial.Authority);
        return new Dictionary<string, string>
        {
            ["sm_url"] = root,
            ["url"] = root,
            ["clientid"] = options.ServiceManager.ClientId,
            ["clientsecret"] = options.ServiceManager.ClientSecret,
            ["xsappname"] = options.ServiceManager.XsAppName,
        };
    }

    public static JsonObject VcapServices(Uri baseAddress, InstanceManagerEmulatorOptions options)
    {
        return new JsonObject
        {
            ["managed-hana"] = new JsonArray(new JsonObject
            {
                ["name"] = "instance-manager-emulator",
                ["instance_name"] = "instance-manager-emulator",
                ["label"] = "managed-hana",
                ["plan"] = "hdi-shared",
                ["tags"] = new JsonArray("managed-hana", "managed-database", "xsa-instancemanager"),
                ["credentials"] = ToJson(Credentials(baseAddress, options)),
            }),
            ["service-manager"] = new JsonArray(new JsonObject
            {
                ["name"] = "service-manager-emulator",
                ["instance_name"] = "service-manager-emulator",
                ["label"] = "service-manager",
                ["plan"] = "container",
                ["tags"] = new JsonArray("service-manager"),
                ["credentials"] = ToJson(ServiceManagerCredentials(baseAddress, options)),
            }),
        };
    }

    private static JsonObject ToJson(Dictionary<string, string> credentials)
    {
        var json = new JsonObject();
        foreach (var (key, value) in credentials)
        {
            json[key] = value;
        }

        return json;
    }
}
