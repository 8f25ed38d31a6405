using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using InstanceManager.Calls;
using InstanceManager.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace InstanceManager.Http;

/// <summary>
/// The one way the library sends a request and reads an answer, for the Instance Manager, the Service Manager and the
/// OAuth server alike: the named client <see cref="InstanceManagerServiceCollectionExtensions.HttpClientName"/>
/// (resilience pipeline, mTLS certificate, handlers the application added), and every failure before or while an
/// answer arrives turned into an <see cref="InstanceManagerException"/> by <see cref="ServiceErrors"/>.
/// </summary>
/// <remarks>
/// Requests are sent with <see cref="HttpCompletionOption.ResponseHeadersRead"/>, so the resilience pipeline's
/// attempt timeout bounds the wait for the headers; reading a body is bounded here by the same
/// <see cref="InstanceManagerResilienceOptions.AttemptTimeout"/>, so a server that sends headers and then drips its
/// body cannot hold a call longer than one attempt.
/// </remarks>
internal sealed class ServiceHttp(IHttpClientFactory httpClientFactory, IOptions<InstanceManagerOptions> options, TimeProvider timeProvider, ILogger<ServiceHttp> logger)
{
    private readonly HttpClient _httpClient = httpClientFactory.CreateClient(InstanceManagerServiceCollectionExtensions.HttpClientName);
    private readonly TimeSpan _bodyTimeout = options.Value.Resilience.AttemptTimeout;

    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CallContext call, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is HttpRequestException or TimeoutRejectedException)
        {
            throw ServiceErrors.Network(call, exception);
        }
        catch (BrokenCircuitException exception)
        {
            throw ServiceErrors.CircuitOpen(call, exception);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            // A timeout below the caller: a network failure for the caller, not a cancellation they asked for.
            throw ServiceErrors.Network(call, exception);
        }

        Log.Response(logger, request.Method.Method, call.Operation, (int)response.StatusCode);
        if (CorrelationIds.Read(response) is { } correlationId)
        {
            call.CorrelationId = correlationId;
            Activity.Current?.SetTag(InstanceManagerTelemetry.CorrelationIdTag, correlationId);
        }

        return response;
    }

    /// <summary>Deserializes the body, buffering at most <paramref name="maxBytes"/> when given; a <see langword="null"/> body is unreadable.</summary>
    public Task<T> ReadJsonAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> typeInfo, long? maxBytes, CallContext call, CancellationToken cancellationToken)
        where T : class =>
        ReadAsync(
            response,
            maxBytes,
            call,
            (typeInfo, call, response.StatusCode),
            static async (stream, state, cancellationToken) =>
                await JsonSerializer.DeserializeAsync(stream, state.typeInfo, cancellationToken).ConfigureAwait(false)
                ?? throw ServiceErrors.Unreadable(state.call, state.StatusCode, "a null body"),
            cancellationToken);

    /// <summary>
    /// Reads the body with <paramref name="read"/> within the attempt timeout, buffering at most
    /// <paramref name="maxBytes"/> first when given. Malformed JSON, a broken connection and a body that does not
    /// arrive in time become <see cref="InstanceManagerException"/>s.
    /// </summary>
    public async Task<T> ReadAsync<T, TState>(HttpResponseMessage response, long? maxBytes, CallContext call, TState state, Func<Stream, TState, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > maxBytes)
        {
            throw ServiceErrors.TooLarge(call, response.StatusCode, maxBytes.Value);
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
                    throw ServiceErrors.TooLarge(call, response.StatusCode, maxBytes.Value, exception);
                }
            }

            var stream = await response.Content.ReadAsStreamAsync(linked.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                return await read(stream, state, linked.Token).ConfigureAwait(false);
            }
        }
        catch (JsonException exception)
        {
            throw ServiceErrors.Unreadable(call, response.StatusCode, "a body that is not the expected JSON", exception);
        }
        catch (Exception exception) when (IsNetworkFailure(exception))
        {
            throw ServiceErrors.Network(call, exception);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw ServiceErrors.Network(call, exception);
        }
    }

    /// <summary>The body as a stream, for reading at the caller's pace (no attempt timeout: the caller decides how fast it consumes).</summary>
    public static async Task<Stream> OpenBodyAsync(HttpResponseMessage response, CallContext call, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (IsNetworkFailure(exception))
        {
            throw ServiceErrors.Network(call, exception);
        }
    }

    /// <summary>
    /// What reading a body throws when the connection breaks: <see cref="HttpRequestException"/>, <see cref="IOException"/>,
    /// and <see cref="InvalidOperationException"/> from a content stream whose connection was torn down under it.
    /// </summary>
    public static bool IsNetworkFailure(Exception exception) =>
        exception is HttpRequestException or IOException or InvalidOperationException;
}
