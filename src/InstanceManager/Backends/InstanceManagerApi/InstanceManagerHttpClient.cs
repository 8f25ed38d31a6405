using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using InstanceManager.Calls;
using InstanceManager.Http;
using InstanceManager.Serialization;

namespace InstanceManager.Backends.InstanceManagerApi;

/// <summary>
/// The Instance Manager REST API: one method per endpoint, each checking the status the protocol promises and turning
/// anything else into an <see cref="InstanceManagerException"/>.
/// </summary>
internal sealed class InstanceManagerHttpClient(ServiceHttp http, InstanceManagerEndpoints endpoints)
{
    /// <summary>
    /// An instance is a few KiB of JSON; a larger answer to a single-instance request is a fault (a proxy's page, a
    /// runaway server) and is rejected rather than buffered.
    /// </summary>
    internal const int MaxInstanceBodyBytes = 1024 * 1024;

    /// <summary>POST: the service answers 201 when it started creating the instance.</summary>
    public async Task CreateAsync(CallContext call, InstanceParameters? parameters, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoints.Create.For(call.Tenant));
        if (parameters is { IsEmpty: false })
        {
            var body = new CreateInstanceRequest { ProvisioningParameters = parameters.ProvisioningParameters, BindingParameters = parameters.BindingParameters };
            request.Content = JsonContent.Create(body, InstanceManagerJsonContext.Default.CreateInstanceRequest);
        }

        using var response = await SendAsync(request, call, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw await ServiceErrors.UnexpectedStatusAsync(call, response, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>GET one: the tenant's instance, or <see langword="null"/> on 404, and the server's <c>Retry-After</c> if it sent one.</summary>
    /// <param name="call">The call this read serves (a poll of a create reports errors as the create), naming the tenant.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<(ManagedInstance? Instance, TimeSpan? RetryAfter)> GetAsync(CallContext call, CancellationToken cancellationToken) =>
        GetAsync(call.Tenant, call, cancellationToken);

    /// <summary>GET one of <paramref name="tenantId"/>, which need not be the call's tenant (the health check reads a probe tenant).</summary>
    public async Task<(ManagedInstance? Instance, TimeSpan? RetryAfter)> GetAsync(string tenantId, CallContext call, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, endpoints.Get.For(tenantId));
        using var response = await SendAsync(request, call, cancellationToken).ConfigureAwait(false);
        // Only the delta form: the date form would need the server's clock to be trusted.
        var retryAfter = response.Headers.RetryAfter?.Delta;
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return (null, retryAfter);
        }

        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw await ServiceErrors.UnexpectedStatusAsync(call, response, cancellationToken).ConfigureAwait(false);
        }

        var instance = await http.ReadJsonAsync(response, InstanceManagerJsonContext.Default.ManagedInstance, MaxInstanceBodyBytes, call, cancellationToken).ConfigureAwait(false);
        return (instance, retryAfter);
    }

    /// <summary>GET all: every instance whatever its status.</summary>
    public async Task<List<ManagedInstance>> GetAllAsync(CallContext call, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, endpoints.GetAll);
        using var response = await SendAsync(request, call, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw await ServiceErrors.UnexpectedStatusAsync(call, response, cancellationToken).ConfigureAwait(false);
        }

        return await http.ReadOwnedAsync(response, call, (call, response.StatusCode), ReadList, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Parses the list in one pass into one document whose elements the instances keep; the price is that the
    /// document lives as long as any of the returned instances, so the cache keeps detached copies unless it keeps
    /// most of the list anyway.
    /// </summary>
    // Copying each instance out of the document, or deserializing each on its own, measured 5 to 10 times slower
    // for 20,000 instances (README, Performance: the GetAll benchmark). The document is parsed over the body's own
    // array rather than from the stream, which buffered the body in pooled arrays grown by doubling and kept the last
    // one (16 MB for a 12 MB list).
    private static List<ManagedInstance> ReadList(ReadOnlyMemory<byte> body, (CallContext Call, HttpStatusCode Status) state)
    {
        // Not disposed: the instances refer to it (its buffers are then left to the garbage collector).
        var document = JsonDocument.Parse(body);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw ServiceErrors.Unreadable(state.Call, state.Status, $"a JSON {document.RootElement.ValueKind} instead of a list");
        }

        var instances = new List<ManagedInstance>(document.RootElement.GetArrayLength());
        var list = new ListDocument(instances.Capacity);
        foreach (var element in document.RootElement.EnumerateArray())
        {
            if (element.ValueKind == JsonValueKind.Null)
            {
                throw ServiceErrors.Unreadable(state.Call, state.Status, "a list containing null");
            }

            instances.Add(ManagedInstanceConverter.FromElement(element, list));
        }

        return instances;
    }

    /// <summary>GET all, streamed: each instance is yielded as soon as it is read from the response.</summary>
    public async IAsyncEnumerable<ManagedInstance> EnumerateAllAsync(CallContext call, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, endpoints.GetAll);
        using var response = await SendAsync(request, call, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw await ServiceErrors.UnexpectedStatusAsync(call, response, cancellationToken).ConfigureAwait(false);
        }

        var stream = await ServiceHttp.OpenBodyAsync(response, call, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var instances = JsonSerializer.DeserializeAsyncEnumerable(stream, InstanceManagerJsonContext.Default.ManagedInstance, topLevelValues: false, cancellationToken);
            var enumerator = instances.GetAsyncEnumerator(cancellationToken);
            await using (enumerator.ConfigureAwait(false))
            {
                while (true)
                {
                    ManagedInstance? instance;
                    try
                    {
                        if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                        {
                            yield break;
                        }

                        instance = enumerator.Current;
                    }
                    catch (JsonException exception)
                    {
                        throw ServiceErrors.Unreadable(call, response.StatusCode, "a body that is not the expected JSON", exception);
                    }
                    catch (Exception exception) when (ServiceHttp.IsNetworkFailure(exception))
                    {
                        throw ServiceErrors.Network(call, exception);
                    }

                    yield return instance ?? throw ServiceErrors.Unreadable(call, response.StatusCode, "a list containing null");
                }
            }
        }
    }

    /// <summary>DELETE: the service answers 204 when it started deleting the instance.</summary>
    public async Task DeleteAsync(CallContext call, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, endpoints.Delete.For(call.Tenant));
        using var response = await SendAsync(request, call, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.NoContent)
        {
            throw await ServiceErrors.UnexpectedStatusAsync(call, response, cancellationToken).ConfigureAwait(false);
        }
    }

    private Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CallContext call, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = endpoints.Authorization;
        return http.SendAsync(request, call, cancellationToken);
    }
}
