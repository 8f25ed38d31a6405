using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using InstanceManager.Backends.ServiceManagerApi.Models;
using InstanceManager.Calls;
using InstanceManager.Http;
using InstanceManager.ServiceManagement;
using Microsoft.Extensions.Options;

namespace InstanceManager.Backends.ServiceManagerApi;

/// <summary>
/// The typed <see cref="HttpClient"/> of the Service Manager REST API (<c>/v1/…</c>): lists that follow the paging
/// <c>token</c>, reads, and asynchronous creates and deletes that return the operation to poll. Every request carries
/// the bearer token; a 401 invalidates it and the request is sent once more with a fresh one.
/// </summary>
internal sealed class ServiceManagerHttpClient
{
    public const string Offerings = "service_offerings";
    public const string Plans = "service_plans";
    public const string Instances = "service_instances";
    public const string Bindings = "service_bindings";

    /// <summary>A page or a resource is at most this large; a larger answer is a fault and is rejected rather than buffered.</summary>
    internal const int MaxBodyBytes = 16 * 1024 * 1024;

    private static readonly string ClientVersion = typeof(ServiceManagerHttpClient).Assembly.GetName().Version?.ToString() ?? "0.0.0";

    private readonly ServiceHttp _http;
    private readonly ServiceManagerTokenProvider _tokens;
    private readonly Uri _baseUrl;

    public ServiceManagerHttpClient(ServiceHttp http, ServiceManagerTokenProvider tokens, IOptions<InstanceManagerOptions> options)
    {
        _http = http;
        _tokens = tokens;
        var smUrl = options.Value.ServiceManager?.SmUrl ?? throw new InvalidOperationException("The Service Manager credentials are not configured.");
        _baseUrl = new Uri(smUrl.TrimEnd('/') + "/", UriKind.Absolute);
    }

    /// <summary>
    /// Every item of <c>GET /v1/&lt;resource&gt;</c> matching the queries, page after page until no <c>token</c> is
    /// returned. Lazy: a page is requested when the items before it have been consumed.
    /// </summary>
    public async IAsyncEnumerable<T> ListAsync<T>(string resource, string? fieldQuery, string? labelQuery, JsonTypeInfo<ServiceManagerPage<T>> typeInfo, CallContext call, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? pageToken = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        do
        {
            var (items, next) = await ReadPageAsync(ListUrl(resource, fieldQuery, labelQuery, pageToken), typeInfo, call, cancellationToken).ConfigureAwait(false);
            foreach (var item in items)
            {
                yield return item;
            }

            pageToken = next;
            if (pageToken is not null && !seen.Add(pageToken))
            {
                throw ServiceErrors.Unreadable(call, HttpStatusCode.OK, "a paging token it had already returned");
            }
        }
        while (pageToken is not null);
    }

    /// <summary>One page and the token of the next (<see langword="null"/> on the last); the response is released before the items are handed out.</summary>
    private async Task<(List<T> Items, string? NextToken)> ReadPageAsync<T>(Uri url, JsonTypeInfo<ServiceManagerPage<T>> typeInfo, CallContext call, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, url, content: null, call, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw await ServiceErrors.UnexpectedStatusAsync(call, response, cancellationToken).ConfigureAwait(false);
        }

        var page = await ReadAsync(response, typeInfo, call, cancellationToken).ConfigureAwait(false);
        var items = page.Items ?? [];
        if (items.Exists(static item => item is null))
        {
            throw ServiceErrors.Unreadable(call, response.StatusCode, "a list containing null");
        }

        return (items, string.IsNullOrEmpty(page.Token) ? null : page.Token);
    }

    /// <summary><c>GET /v1/&lt;resource&gt;/&lt;id&gt;</c>; <see langword="null"/> when the service answers 404.</summary>
    public async Task<T?> GetAsync<T>(string resource, string id, JsonTypeInfo<T> typeInfo, CallContext call, CancellationToken cancellationToken)
        where T : class
    {
        using var response = await SendAsync(HttpMethod.Get, ResourceUrl(resource, id, async: false), content: null, call, cancellationToken).ConfigureAwait(false);
        return response.StatusCode switch
        {
            HttpStatusCode.OK => await ReadAsync(response, typeInfo, call, cancellationToken).ConfigureAwait(false),
            HttpStatusCode.NotFound => null,
            _ => throw await ServiceErrors.UnexpectedStatusAsync(call, response, cancellationToken).ConfigureAwait(false),
        };
    }

    /// <summary>
    /// <c>POST /v1/&lt;resource&gt;?async=true</c>. Returns the operation to poll (202), or the created resource's id
    /// when the service created it at once (201).
    /// </summary>
    public async Task<AsyncStart> CreateAsync<TBody>(string resource, TBody body, JsonTypeInfo<TBody> typeInfo, CallContext call, CancellationToken cancellationToken)
    {
        var url = new Uri(_baseUrl, "v1/" + resource + "?async=true");
        using var response = await SendAsync(HttpMethod.Post, url, () => JsonContent.Create(body, typeInfo), call, cancellationToken).ConfigureAwait(false);
        switch (response.StatusCode)
        {
            case HttpStatusCode.Accepted:
                return new AsyncStart(OperationUrl(response, call), ResourceIdFromLocation(response.Headers.Location, resource));
            case HttpStatusCode.Created or HttpStatusCode.OK:
                var created = await ReadAsync(response, ServiceManagerJsonContext.Default.JsonObject, call, cancellationToken).ConfigureAwait(false);
                return new AsyncStart(null, created["id"] is System.Text.Json.Nodes.JsonValue id && id.TryGetValue<string>(out var createdId) ? createdId : null);
            default:
                throw await ServiceErrors.UnexpectedStatusAsync(call, response, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// <c>DELETE /v1/&lt;resource&gt;/&lt;id&gt;?async=true</c>. Returns the operation to poll (202), none when the
    /// service deleted the resource at once (200, 204), or that it was not there (404, 410).
    /// </summary>
    public async Task<DeleteStart> DeleteAsync(string resource, string id, CallContext call, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Delete, ResourceUrl(resource, id, async: true), content: null, call, cancellationToken).ConfigureAwait(false);
        return response.StatusCode switch
        {
            HttpStatusCode.Accepted => new DeleteStart(OperationUrl(response, call), Found: true),
            HttpStatusCode.OK or HttpStatusCode.NoContent => new DeleteStart(OperationUrl: null, Found: true),
            HttpStatusCode.NotFound or HttpStatusCode.Gone => new DeleteStart(OperationUrl: null, Found: false),
            _ => throw await ServiceErrors.UnexpectedStatusAsync(call, response, cancellationToken).ConfigureAwait(false),
        };
    }

    /// <summary>Reads an operation, and the server's <c>Retry-After</c> if it sent one.</summary>
    public async Task<(ServiceManagerOperation Operation, TimeSpan? RetryAfter)> GetOperationAsync(Uri operationUrl, CallContext call, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, operationUrl, content: null, call, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw await ServiceErrors.UnexpectedStatusAsync(call, response, cancellationToken).ConfigureAwait(false);
        }

        var state = await ReadAsync(response, ServiceManagerJsonContext.Default.ServiceManagerOperation, call, cancellationToken).ConfigureAwait(false);
        return (state, response.Headers.RetryAfter?.Delta);
    }

    private Uri ListUrl(string resource, string? fieldQuery, string? labelQuery, string? pageToken)
    {
        var url = new StringBuilder("v1/").Append(resource);
        var separator = '?';
        foreach (var (name, value) in (ReadOnlySpan<(string, string?)>)[("fieldQuery", fieldQuery), ("labelQuery", labelQuery), ("token", pageToken)])
        {
            if (value is not null)
            {
                url.Append(separator).Append(name).Append('=').Append(Uri.EscapeDataString(value));
                separator = '&';
            }
        }

        return new Uri(_baseUrl, url.ToString());
    }

    private Uri ResourceUrl(string resource, string id, bool async) =>
        new(_baseUrl, "v1/" + resource + "/" + Uri.EscapeDataString(id) + (async ? "?async=true" : string.Empty));

    /// <summary>
    /// The operation to poll. The Service Manager answers a path (<c>/v1/…/operations/…</c>) that the reference appends
    /// to <c>sm_url</c>, so a path inside <c>sm_url</c> (a gateway prefix) is kept rather than replaced. An absolute
    /// location elsewhere than the Service Manager is refused: the bearer token would go with the poll.
    /// </summary>
    private Uri OperationUrl(HttpResponseMessage response, CallContext call) =>
        response.Headers.Location switch
        {
            null => throw ServiceErrors.Unreadable(call, response.StatusCode, "no Location header naming the operation"),
            { IsAbsoluteUri: true } absolute when Uri.Compare(absolute, _baseUrl, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0 => absolute,
            { IsAbsoluteUri: true } => throw ServiceErrors.Unreadable(call, response.StatusCode, "a Location header naming another server"),
            { } relative => new Uri(_baseUrl, relative.OriginalString.TrimStart('/')),
        };

    /// <summary>The location is <c>/v1/&lt;resource&gt;/&lt;id&gt;/operations/&lt;operation id&gt;</c>.</summary>
    private static string? ResourceIdFromLocation(Uri? location, string resource)
    {
        if (location is null)
        {
            return null;
        }

        var path = location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString.Split('?')[0];
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var index = Array.IndexOf(segments, resource);
        return index >= 0 && index + 1 < segments.Length ? Uri.UnescapeDataString(segments[index + 1]) : null;
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri url, Func<HttpContent>? content, CallContext call, CancellationToken cancellationToken) =>
        SendAsync(method, url, content, call, retryOnUnauthorized: true, cancellationToken);

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri url, Func<HttpContent>? content, CallContext call, bool retryOnUnauthorized, CancellationToken cancellationToken)
    {
        var token = await _tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
        using var request = new HttpRequestMessage(method, url) { Content = content?.Invoke() };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.TryAddWithoutValidation("client-name", "instance-manager-client-lib-dotnet");
        request.Headers.TryAddWithoutValidation("client-version", ClientVersion);
        var response = await _http.SendAsync(request, call, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Unauthorized && retryOnUnauthorized)
        {
            // The token may have been revoked or expired early: once more with a fresh one.
            response.Dispose();
            _tokens.Invalidate(token);
            return await SendAsync(method, url, content, call, retryOnUnauthorized: false, cancellationToken).ConfigureAwait(false);
        }

        return response;
    }

    private Task<T> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> typeInfo, CallContext call, CancellationToken cancellationToken)
        where T : class =>
        _http.ReadJsonAsync(response, typeInfo, MaxBodyBytes, call, cancellationToken);

    /// <summary>How an asynchronous create began: the operation to poll (or none when already done) and the resource's id if known.</summary>
    internal readonly record struct AsyncStart(Uri? OperationUrl, string? ResourceId);

    /// <summary>How an asynchronous delete began: the operation to poll (or none when already done), and whether the resource existed.</summary>
    internal readonly record struct DeleteStart(Uri? OperationUrl, bool Found);
}
