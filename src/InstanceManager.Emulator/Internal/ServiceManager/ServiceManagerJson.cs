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

    public static JsonObject Offering(ServiceManagerCatalog.Offering offering)
    {
        var json = new JsonObject
        {
            ["id"] = offering.Id,
            ["name"] = offering.CatalogName,
            ["catalog_id"] = offering.CatalogId,
            ["catalog_name"] = offering.CatalogName,
        };
        if (offering.Copied is { } copied)
        {
            foreach (var (key, value) in copied)
            {
                json[key] = value?.DeepClone();
            }
        }
        else
        {
            json["description"] = $"Emulated offering {offering.CatalogName}";
            json["bindable"] = true;
            json["tags"] = new JsonArray([.. offering.Tags.Select(tag => (JsonNode)tag)]);
        }

        json["ready"] = true;
        json["broker_id"] = offering.BrokerId;
        json["created_at"] = Timestamp(offering.CreatedAt);
        json["updated_at"] = Timestamp(offering.CreatedAt);
        return json;
    }

    public static JsonObject Plan(ServiceManagerCatalog.Plan plan)
    {
        var json = new JsonObject
        {
            ["id"] = plan.Id,
            ["name"] = plan.CatalogName,
            ["catalog_id"] = plan.CatalogId,
            ["catalog_name"] = plan.CatalogName,
        };
        if (plan.Copied is { } copied)
        {
            foreach (var (key, value) in copied)
            {
                json[key] = value?.DeepClone();
            }
        }
        else
        {
            json["description"] = $"Emulated plan {plan.CatalogName}";
            json["free"] = true;
            json["bindable"] = true;
        }

        json["ready"] = true;
        json["service_offering_id"] = plan.OfferingId;
        json["created_at"] = Timestamp(plan.CreatedAt);
        json["updated_at"] = Timestamp(plan.CreatedAt);
        return json;
    }

    /// <summary>A registered broker, without its credentials (only the registration's answer echoes them).</summary>
    public static JsonObject Broker(ServiceBrokerRecord broker) => new()
    {
        ["id"] = broker.Id,
        ["name"] = broker.Name,
        ["description"] = broker.Description ?? "",
        ["broker_url"] = broker.BrokerUrl,
        ["ready"] = true,
        ["labels"] = Labels(broker.Labels),
        ["created_at"] = Timestamp(broker.CreatedAt),
        ["updated_at"] = Timestamp(broker.CreatedAt),
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
            if (view.Ready && resource.BrokerId is not null)
            {
                json["credentials"] = resource.Credentials is { } brokered ? JsonNode.Parse(brokered) : new JsonObject();
            }
            else if (view.Ready)
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
