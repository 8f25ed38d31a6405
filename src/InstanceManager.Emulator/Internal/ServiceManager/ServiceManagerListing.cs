using System.Text.Json.Nodes;

namespace InstanceManager.Emulator.Internal.ServiceManager;

/// <summary>What the lists of each resource type offer to <c>fieldQuery</c> and <c>labelQuery</c>: the queryable fields and each item's values.</summary>
internal static class ServiceManagerListing
{
    /// <summary>One item of a list before filtering: its paging sequence, field values, labels and JSON.</summary>
    internal sealed record Candidate(long Sequence, Func<string, string?> Field, Dictionary<string, List<string>>? Labels, Func<JsonObject> Render)
    {
        public bool Matches(IReadOnlyList<QueryCriterion> fields, IReadOnlyList<QueryCriterion> labels) =>
            fields.All(criterion => criterion.Matches(Field(criterion.Key) is { } value ? [value] : null))
            && labels.All(criterion => criterion.Matches(Labels is not null && Labels.TryGetValue(criterion.Key, out var values) ? values : null));
    }

    public static readonly IReadOnlyDictionary<string, string[]> Fields = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        [ServiceManagerApi.Brokers] = ["id", "name", "broker_url", "ready"],
        ["service_offerings"] = ["id", "name", "catalog_id", "catalog_name", "broker_id", "ready"],
        ["service_plans"] = ["id", "name", "catalog_id", "catalog_name", "service_offering_id", "ready"],
        [ServiceManagerResource.Instances] = ["id", "name", "service_plan_id", "platform_id", "ready", "usable"],
        [ServiceManagerResource.Bindings] = ["id", "name", "service_instance_id", "ready"],
    };

    public static List<Candidate> Candidates(string resourceType, ServiceManagerStore store) => resourceType switch
    {
        ServiceManagerApi.Brokers => [.. store.Brokers().Select(broker => new Candidate(
            broker.Sequence,
            key => key switch { "id" => broker.Id, "name" => broker.Name, "broker_url" => broker.BrokerUrl, "ready" => "true", _ => null },
            broker.Labels,
            () => ServiceManagerJson.Broker(broker)))],
        "service_offerings" => [.. store.Catalog.Offerings.Select((offering, index) => new Candidate(
            index,
            key => key switch { "id" => offering.Id, "catalog_id" => offering.CatalogId, "name" or "catalog_name" => offering.CatalogName, "broker_id" => offering.BrokerId, "ready" => "true", _ => null },
            null,
            () => ServiceManagerJson.Offering(offering)))],
        "service_plans" => [.. store.Catalog.Plans.Select((plan, index) => new Candidate(
            index,
            key => key switch { "id" => plan.Id, "catalog_id" => plan.CatalogId, "name" or "catalog_name" => plan.CatalogName, "service_offering_id" => plan.OfferingId, "ready" => "true", _ => null },
            null,
            () => ServiceManagerJson.Plan(plan)))],
        _ => [.. store.List(resourceType).Select(view => new Candidate(
            view.Resource.Sequence,
            key => key switch
            {
                "id" => view.Resource.Id,
                "name" => view.Resource.Name,
                "service_plan_id" => view.Resource.ServicePlanId,
                "service_instance_id" => view.Resource.ServiceInstanceId,
                "platform_id" => ServiceManagerJson.PlatformId,
                "ready" or "usable" => view.Ready ? "true" : "false",
                _ => null,
            },
            view.Resource.Labels,
            () => ServiceManagerJson.Resource(view)))],
    };
}
