using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using InstanceManager.Diagnostics;
using InstanceManager.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InstanceManager.Backends.InstanceManager;

/// <summary>
/// The typed <see cref="HttpClient"/> of the Instance Manager REST API: one method per endpoint, each checking the
/// status the protocol promises and turning anything else into an <see cref="InstanceManagerException"/>.
/// </summary>
internal sealed class InstanceManagerHttpClient(HttpClient httpClient, InstanceManagerEndpoints endpoints, IOptions<InstanceManagerOptions> options, TimeProvider timeProvider, ILogger<InstanceManagerHttpClient> logger)
{
    /// <summary>
    /// An instance is a few KiB of JSON; a larger answer to a single-instance request is a fault (a proxy's page, a
    /// runaway server) and is rejected rather than buffered.
    /// </summary>
    internal const int MaxInstanceBodyBytes = 1024 * 1024;

    /// <summary>The per-attempt timeout bounds the headers (in the resilience pipeline) and, here, the body.</summary>
    private readonly TimeSpan _bodyTimeout = options.Value.Resilience.AttemptTimeout;

    /// <summary>POST: the service answers 201 when it started creating the instance.</summary>
    public async Task CreateAsync(string tenantId, InstanceParameters? parameters, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoints.Create.For(tenantId));
        if (parameters is { IsEmpty: false })
        {
            var body = new CreateInstanceRequest { ProvisioningParameters = parameters.ProvisioningParameters, BindingParameters = parameters.BindingParameters };
            request.Content = JsonContent.Create(body, InstanceManagerJsonContext.Default.CreateInstanceRequest);
        }

        using var response = await SendAsync(request, Operations.Create, tenantId, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw await ServiceErrors.UnexpectedStatusAsync(Operations.Create, tenantId, response, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>GET one: the instance, or <see langword="null"/> on 404, and the server's <c>Retry-After</c> if it sent one.</summary>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="operation">The operation this read serves (a poll of <c>Create</c> reports errors as <c>Create</c>).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<(ManagedInstance? Instance, TimeSpan? RetryAfter)> GetAsync(string tenantId, string operation, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, endpoints.Get.For(tenantId));
        using var response = await SendAsync(request, operation, tenantId, cancellationToken).ConfigureAwait(false);
        // Only the delta form: the date form would need the server's clock to be trusted.
        var retryAfter = response.Headers.RetryAfter?.Delta;
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return (null, retryAfter);
        }

        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw await ServiceErrors.UnexpectedStatusAsync(operation, tenantId, response, cancellationToken).ConfigureAwait(false);
        }

        var instance = await ReadAsync(response, InstanceManagerJsonContext.Default.ManagedInstance, MaxInstanceBodyBytes, operation, tenantId, cancellationToken).ConfigureAwait(false);
        return (instance, retryAfter);
    }

    /// <summary>GET all: every instance whatever its status.</summary>
    public async Task<List<ManagedInstance>> GetAllAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, endpoints.GetAll);
        using var response = await SendAsync(request, Operations.GetAll, tenantId: null, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw await ServiceErrors.UnexpectedStatusAsync(Operations.GetAll, tenantId: null, response, cancellationToken).ConfigureAwait(false);
        }

        return await ReadListAsync(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Parses the list in one pass into one document whose elements the instances keep. Copying each instance out
    /// of it (or deserializing each on its own) measured 5 to 10 times slower for 20,000 instances; the price is that
    /// the document lives as long as any of the returned instances, so the cache keeps detached copies.
    /// </summary>
    private async Task<List<ManagedInstance>> ReadListAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(_bodyTimeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            var stream = await ReadBodyAsync(response, Operations.GetAll, tenantId: null, linked.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                // Not disposed: the instances refer to it (its buffers are then left to the garbage collector).
                var document = await JsonDocument.ParseAsync(stream, default, linked.Token).ConfigureAwait(false);
                if (document.RootElement.ValueKind != JsonValueKind.Array)
                {
                    throw ServiceErrors.Unreadable(Operations.GetAll, tenantId: null, response.StatusCode, $"a JSON {document.RootElement.ValueKind} instead of a list");
                }

                var instances = new List<ManagedInstance>(document.RootElement.GetArrayLength());
                foreach (var element in document.RootElement.EnumerateArray())
                {
                    if (element.ValueKind == JsonValueKind.Null)
                    {
                        throw ServiceErrors.Unreadable(Operations.GetAll, tenantId: null, response.StatusCode, "a list containing null");
                    }

                    instances.Add(ManagedInstanceConverter.FromElement(element, sharesDocument: true));
                }

                return instances;
            }
        }
        catch (JsonException exception)
        {
            throw ServiceErrors.Unreadable(Operations.GetAll, tenantId: null, response.StatusCode, "a body that is not the expected JSON", exception);
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException)
        {
            throw ServiceErrors.Network(Operations.GetAll, tenantId: null, exception);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw ServiceErrors.Network(Operations.GetAll, tenantId: null, exception);
        }
    }

    /// <summary>GET all, streamed: each instance is yielded as soon as it is read from the response.</summary>
    public async IAsyncEnumerable<ManagedInstance> EnumerateAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, endpoints.GetAll);
        using var response = await SendAsync(request, Operations.GetAll, tenantId: null, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw await ServiceErrors.UnexpectedStatusAsync(Operations.GetAll, tenantId: null, response, cancellationToken).ConfigureAwait(false);
        }

        var stream = await ReadBodyAsync(response, Operations.GetAll, tenantId: null, cancellationToken).ConfigureAwait(false);
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
                        throw ServiceErrors.Unreadable(Operations.GetAll, tenantId: null, response.StatusCode, "a body that is not the expected JSON", exception);
                    }
                    catch (Exception exception) when (exception is HttpRequestException or IOException)
                    {
                        throw ServiceErrors.Network(Operations.GetAll, tenantId: null, exception);
                    }

                    yield return instance ?? throw ServiceErrors.Unreadable(Operations.GetAll, tenantId: null, response.StatusCode, "a list containing null");
                }
            }
        }
    }

    /// <summary>DELETE: the service answers 204 when it started deleting the instance.</summary>
    public async Task DeleteAsync(string tenantId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, endpoints.Delete.For(tenantId));
        using var response = await SendAsync(request, Operations.Delete, tenantId, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.NoContent)
        {
            throw await ServiceErrors.UnexpectedStatusAsync(Operations.Delete, tenantId, response, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string operation, string? tenantId, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = endpoints.Authorization;
        var response = await Transport.SendAsync(httpClient, request, operation, tenantId, cancellationToken).ConfigureAwait(false);
        Log.Response(logger, request.Method.Method, operation, (int)response.StatusCode);
        return response;
    }

    private static async Task<Stream> ReadBodyAsync(HttpResponseMessage response, string operation, string? tenantId, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException)
        {
            throw ServiceErrors.Network(operation, tenantId, exception);
        }
    }

    /// <summary>
    /// Reads and deserializes the body straight from the response stream, within the per-attempt timeout and, when
    /// <paramref name="maxBytes"/> is given, buffering at most that much.
    /// </summary>
    private async Task<T> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> typeInfo, long? maxBytes, string operation, string? tenantId, CancellationToken cancellationToken)
        where T : class
    {
        if (response.Content.Headers.ContentLength > maxBytes)
        {
            throw ServiceErrors.TooLarge(operation, tenantId, response.StatusCode, maxBytes.Value);
        }

        using var deadline = new CancellationTokenSource(_bodyTimeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            if (maxBytes is not null)
            {
                try
                {
                    await response.Content.LoadIntoBufferAsync(maxBytes.Value, linked.Token).ConfigureAwait(false);
                }
                catch (HttpRequestException exception) when (exception.InnerException is null)
                {
                    // LoadIntoBufferAsync reports an exceeded limit without an inner exception, a broken connection with one.
                    throw ServiceErrors.TooLarge(operation, tenantId, response.StatusCode, maxBytes.Value, exception);
                }
            }

            var stream = await ReadBodyAsync(response, operation, tenantId, linked.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                return await JsonSerializer.DeserializeAsync(stream, typeInfo, linked.Token).ConfigureAwait(false)
                    ?? throw ServiceErrors.Unreadable(operation, tenantId, response.StatusCode, "a null body");
            }
        }
        catch (JsonException exception)
        {
            throw ServiceErrors.Unreadable(operation, tenantId, response.StatusCode, "a body that is not the expected JSON", exception);
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException)
        {
            throw ServiceErrors.Network(operation, tenantId, exception);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw ServiceErrors.Network(operation, tenantId, exception);
        }
    }
}
