using System.Text.Json.Serialization.Metadata;
using InstanceManager.Backends.ServiceManagerApi.Models;
using InstanceManager.Calls;
using InstanceManager.ServiceManagement;

namespace InstanceManager.Backends.ServiceManagerApi;

/// <summary>
/// Listing and reading one kind of Service Manager resource (<c>/v1/&lt;path&gt;</c>), the part every resource manager
/// shares, and the names its calls have in messages (<c>&lt;Name&gt;.List</c>, <c>&lt;Name&gt;.Get</c>, …).
/// </summary>
internal sealed class ResourceEndpoint<T>
    where T : class
{
    private readonly ServiceManagerHttpClient _http;
    private readonly JsonTypeInfo<ServiceManagerPage<T>> _pageType;
    private readonly JsonTypeInfo<T> _itemType;

    public ResourceEndpoint(ServiceManagerHttpClient http, string path, string name, JsonTypeInfo<ServiceManagerPage<T>> pageType, JsonTypeInfo<T> itemType)
    {
        _http = http;
        _pageType = pageType;
        _itemType = itemType;
        Path = path;
        ListOperation = name + ".List";
        GetOperation = name + ".Get";
        CreateOperation = name + ".Create";
        DeleteOperation = name + ".Delete";
    }

    /// <summary>The path below <c>/v1/</c>, for example <c>service_instances</c>.</summary>
    public string Path { get; }

    public string ListOperation { get; }

    public string GetOperation { get; }

    public string CreateOperation { get; }

    public string DeleteOperation { get; }

    public IAsyncEnumerable<T> ListAsync(ServiceManagerQuery? query, CallContext call, CancellationToken cancellationToken) =>
        _http.ListAsync(Path, query?.FieldQuery, query?.LabelQuery, _pageType, call, cancellationToken);

    /// <summary>Every item of the list, read into memory.</summary>
    public async Task<List<T>> ListAllAsync(ServiceManagerQuery? query, CallContext call, CancellationToken cancellationToken)
    {
        var items = new List<T>();
        await foreach (var item in ListAsync(query, call, cancellationToken).ConfigureAwait(false))
        {
            items.Add(item);
        }

        return items;
    }

    public Task<T?> GetAsync(string id, CallContext call, CancellationToken cancellationToken) =>
        _http.GetAsync(Path, id, _itemType, call, cancellationToken);
}
