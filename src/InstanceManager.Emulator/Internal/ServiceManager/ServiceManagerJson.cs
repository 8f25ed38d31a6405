using System.Globalization;
using System.Text.Json.Nodes;

namespace InstanceManager.Emulator.Internal.ServiceManager;

/// <summary>The Service Manager's JSON representations of the catalog, resources and operations.</summary>
internal static class ServiceManagerJson
{
    /// <summary>The platform every emulated resource belongs to: the Service Manager itself.</summary>
    public const string PlatformId = "service-manager";

    /// <summary>ISO-8601 in UTC with microseconds, as the real service writes them (<c>2026-06-23T01:01:47.698606Z</c>).</summary>
    public static string Timestamp(DateTimeOffset moment) =>
        moment.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    public static JsonObject Offering(ServiceManagerCatalog.Offering offering) => new()
    {
        ["id"] = offering.Id,
        ["name"] = offering.CatalogName,
        ["catalog_id"] = offering.Id,
        ["catalog_name"] = offering.CatalogName,
        ["description"] = $"Emulated offering {offering.CatalogName}",
        ["bindable"] = true,
        ["ready"] = true,
        ["tags"] = new JsonArray([.. offering.Tags.Select(tag => (JsonNode)tag)]),
        ["broker_id"] = ServiceManagerCatalog.StableId("broker", "emulator"),
        ["created_at"] = Timestamp(ServiceManagerCatalog.RegisteredAt),
        ["updated_at"] = Timestamp(ServiceManagerCatalog.RegisteredAt),
    };

    public static JsonObject Plan(ServiceManagerCatalog.Plan plan) => new()
    {
        ["id"] = plan.Id,
        ["name"] = plan.CatalogName,
        ["catalog_id"] = plan.Id,
        ["catalog_name"] = plan.CatalogName,
        ["description"] = $"Emulated plan {plan.CatalogName}",
        ["free"] = true,
        ["bindable"] = true,
        ["ready"] = true,
        ["service_offering_id"] = plan.OfferingId,
        ["created_at"] = Timestamp(ServiceManagerCatalog.RegisteredAt),
        ["updated_at"] = Timestamp(ServiceManagerCatalog.RegisteredAt),
    };

    /// <summary>An instance or a binding; a ready binding carries its tenant's emulated credentials.</summary>
    public static JsonObject Resource(ServiceManagerView view, bool withParameters = false)
    {
        var resource = view.Resource;
        var json = new JsonObject
        {
            ["id"] = resource.Id,
            ["name"] = resource.Name,
        };
        if (resource.ResourceType == ServiceManagerResource.Instances)
        {
            json["service_plan_id"] = resource.ServicePlanId;
            json["platform_id"] = PlatformId;
            json["usable"] = view.Ready;
        }
        else
        {
            json["service_instance_id"] = resource.ServiceInstanceId;
            if (view.Ready)
            {
                var credentials = new JsonObject();
                foreach (var (key, value) in EmulatedCredentials.For(resource.TenantId))
                {
                    credentials[key] = value;
                }

                json["credentials"] = credentials;
            }
        }

        json["labels"] = Labels(resource.Labels);
        json["ready"] = view.Ready;
        json["created_at"] = Timestamp(resource.CreatedAt);
        json["updated_at"] = Timestamp(view.UpdatedAt);
        json["last_operation"] = Operation(view.LastOperation, view.Now);
        if (withParameters && resource.Parameters is { } parameters)
        {
            json["parameters"] = JsonNode.Parse(parameters);
        }

        return json;
    }

    public static JsonObject Operation(ServiceManagerOperation operation, DateTimeOffset now)
    {
        var state = operation.StateAt(now);
        var json = new JsonObject
        {
            ["id"] = operation.Id,
            ["type"] = operation.Type,
            ["state"] = state,
            ["resource_id"] = operation.ResourceId,
            ["resource_type"] = "/v1/" + operation.ResourceType,
            ["platform_id"] = PlatformId,
            ["created_at"] = Timestamp(operation.StartedAt),
            ["updated_at"] = Timestamp(state == ServiceManagerOperation.InProgress ? operation.StartedAt : operation.CompletesAt),
        };
        if (state == ServiceManagerOperation.Failed)
        {
            json["errors"] = new JsonObject { ["error"] = operation.Error, ["description"] = operation.ErrorDescription };
        }

        return json;
    }

    private static JsonObject Labels(Dictionary<string, List<string>> labels)
    {
        var json = new JsonObject();
        foreach (var (key, values) in labels)
        {
            json[key] = new JsonArray([.. values.Select(value => (JsonNode)value)]);
        }

        return json;
    }
}
