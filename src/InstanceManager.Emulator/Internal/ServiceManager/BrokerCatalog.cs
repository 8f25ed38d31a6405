using System.Text.Json;
using System.Text.Json.Nodes;

namespace InstanceManager.Emulator.Internal.ServiceManager;

/// <summary>
/// Reads a broker's <c>GET /v2/catalog</c> answer into the Service Manager's offerings and plans, as the Service Manager
/// does at registration: every service needs <c>id</c>, <c>name</c>, <c>description</c> and at least one plan, every
/// plan <c>id</c>, <c>name</c> and <c>description</c>; the fields the Service Manager keeps are copied.
/// </summary>
internal static class BrokerCatalog
{
    private static readonly string[] OfferingFields = ["description", "bindable", "instances_retrievable", "bindings_retrievable", "plan_updateable", "allow_context_updates", "tags", "requires", "metadata"];

    private static readonly string[] PlanFields = ["description", "free", "bindable", "plan_updateable", "metadata", "schemas", "maximum_polling_duration", "maintenance_info"];

    /// <summary>The offerings and plans, or why the catalog is invalid.</summary>
    /// <param name="catalog">The broker's catalog as JSON text.</param>
    /// <param name="broker">The registered broker, whose id map gets an id for each new offering and plan.</param>
    public static (List<ServiceManagerCatalog.Offering> Offerings, List<ServiceManagerCatalog.Plan> Plans, string? Problem) Read(string catalog, ServiceBrokerRecord broker)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(catalog);
        }
        catch (JsonException)
        {
            return ([], [], "the catalog is not valid JSON");
        }

        if (root?["services"] is not JsonArray services)
        {
            return ([], [], "the catalog has no 'services' array");
        }

        var offerings = new List<ServiceManagerCatalog.Offering>();
        var plans = new List<ServiceManagerCatalog.Plan>();
        foreach (var service in services)
        {
            if (service is not JsonObject offering || Text(offering, "id") is not { } catalogId || Text(offering, "name") is not { } name || Text(offering, "description") is null)
            {
                return ([], [], "every service of the catalog needs an id, a name and a description");
            }

            if (offering["plans"] is not JsonArray { Count: > 0 } offeringPlans)
            {
                return ([], [], $"the service '{name}' has no plans");
            }

            var id = IdOf(broker, "offering:" + catalogId);
            var tags = offering["tags"] is JsonArray tagArray ? tagArray.Select(tag => tag is JsonValue value && value.TryGetValue<string>(out var text) ? text : null).OfType<string>().ToList() : [];
            offerings.Add(new ServiceManagerCatalog.Offering(id, catalogId, name, tags, broker.Id, Copy(offering, OfferingFields), broker.CreatedAt));
            foreach (var node in offeringPlans)
            {
                if (node is not JsonObject plan || Text(plan, "id") is not { } planCatalogId || Text(plan, "name") is not { } planName || Text(plan, "description") is null)
                {
                    return ([], [], $"every plan of the service '{name}' needs an id, a name and a description");
                }

                var copied = Copy(plan, PlanFields);
                copied["free"] ??= true;
                plans.Add(new ServiceManagerCatalog.Plan(IdOf(broker, "plan:" + planCatalogId), planCatalogId, planName, id, broker.Id, copied, broker.CreatedAt));
            }
        }

        return (offerings, plans, null);
    }

    private static string IdOf(ServiceBrokerRecord broker, string key)
    {
        if (!broker.Ids.TryGetValue(key, out var id))
        {
            id = Guid.NewGuid().ToString();
            broker.Ids[key] = id;
        }

        return id;
    }

    private static JsonObject Copy(JsonObject source, string[] fields)
    {
        var copy = new JsonObject();
        foreach (var field in fields)
        {
            if (source[field] is { } value)
            {
                copy[field] = value.DeepClone();
            }
        }

        return copy;
    }

    private static string? Text(JsonObject json, string key) =>
        json[key] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;
}
