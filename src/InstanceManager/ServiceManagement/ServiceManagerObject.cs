using System.Text.Json;
using System.Text.Json.Serialization;

namespace InstanceManager.ServiceManagement;

/// <summary>
/// What every object the Service Manager returns has: fields that its model does not interpret are kept in
/// <see cref="AdditionalProperties"/>, so that nothing the server sent is lost.
/// </summary>
public abstract class ServiceManagerObject
{
    /// <summary>Creates the object, for example in a test double.</summary>
    protected ServiceManagerObject()
    {
    }

    /// <summary>Every other field the server sent.</summary>
    [JsonIgnore]
    public IReadOnlyDictionary<string, JsonElement> AdditionalProperties
    {
        get => Extension ?? ExtensionProperties.None;
        init => Extension = ExtensionProperties.Copy(value);
    }

    [JsonExtensionData]
    [JsonInclude]
    internal Dictionary<string, JsonElement>? Extension { get; set; }
}

/// <summary>A resource of the Service Manager's API, with its <see cref="Id"/> and <see cref="Name"/>.</summary>
public abstract class ServiceManagerResource : ServiceManagerObject
{
    /// <summary>Creates the resource, for example in a test double.</summary>
    protected ServiceManagerResource()
    {
    }

    /// <summary>The resource's id (<c>id</c>).</summary>
    [JsonPropertyName("id")]
    public string Id { get; init; } = string.Empty;

    /// <summary>The resource's name (<c>name</c>); an instance's is unique per plan and subaccount.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }
}

/// <summary>An entry of the Service Manager's catalog: a <see cref="ServiceOffering"/> or a <see cref="ServicePlan"/>.</summary>
public abstract class ServiceCatalogEntry : ServiceManagerResource
{
    /// <summary>Creates the entry, for example in a test double.</summary>
    protected ServiceCatalogEntry()
    {
    }

    /// <summary>The name in the broker's catalog (<c>catalog_name</c>), which the credential keys <c>service</c> and <c>plan</c> name.</summary>
    [JsonPropertyName("catalog_name")]
    public string? CatalogName { get; init; }

    /// <summary>The description (<c>description</c>).</summary>
    [JsonPropertyName("description")]
    public string? Description { get; init; }
}

/// <summary>What the Service Manager provisions: a <see cref="ServiceInstance"/> or a <see cref="ServiceBinding"/>.</summary>
public abstract class ProvisionedResource : ServiceManagerResource
{
    /// <summary>Creates the resource, for example in a test double.</summary>
    protected ProvisionedResource()
    {
    }

    /// <summary>The labels (<c>labels</c>): each key has a list of values, for example <c>tenant_id: ["t1"]</c>.</summary>
    [JsonPropertyName("labels")]
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Labels { get; init; }

    /// <summary>Whether the resource is usable (<c>ready</c>).</summary>
    [JsonPropertyName("ready")]
    public bool Ready { get; init; }

    /// <summary>When the resource was created (<c>created_at</c>); a value that is not an ISO-8601 timestamp makes the answer unreadable.</summary>
    [JsonPropertyName("created_at")]
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>When the resource last changed (<c>updated_at</c>).</summary>
    [JsonPropertyName("updated_at")]
    public DateTimeOffset? UpdatedAt { get; init; }
}
