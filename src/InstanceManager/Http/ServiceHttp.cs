using System.Buffers;
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
internal sealed class ServiceHttp(IHttpClientFactory httpClientFactory, IOptions<InstanceManagerOptions> options, TimeProvider timeProvider, ILogger<ServiceHttp> logger, BodyBufferPool? bodyBuffers = null)
{
    private readonly HttpClient _httpClient = httpClientFactory.CreateClient(InstanceManagerServiceCollectionExtensions.HttpClientName);
    private readonly ArrayPool<byte> _buffers = (bodyBuffers ?? BodyBufferPool.Shared).Pool;
    // Where the length of a body is not declared (chunked, or compressed), reading starts with this much and doubles.
    private const int UnknownLengthBuffer = 16 * 1024;

    private readonly BodyDeadlines _deadlines = new(options.Value.Resilience.AttemptTimeout, timeProvider);

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

    /// <summary>Deserializes the body, read whole (at most <paramref name="maxBytes"/>) into a pooled buffer first; a <see langword="null"/> body is unreadable.</summary>
    public async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> typeInfo, long maxBytes, CallContext call, CancellationToken cancellationToken)
        where T : class
    {
        var body = await ReadBodyAsync(response, maxBytes, owned: false, call, cancellationToken).ConfigureAwait(false);
        try
        {
            // System.Text.Json copies what it keeps (a JsonElement's bytes), so the buffer can go back to the pool.
            return JsonSerializer.Deserialize(body.Json.Span, typeInfo) ?? throw ServiceErrors.Unreadable(call, response.StatusCode, "a null body");
        }
        catch (JsonException exception)
        {
            throw ServiceErrors.Unreadable(call, response.StatusCode, "a body that is not the expected JSON", exception);
        }
        finally
        {
            body.Release();
        }
    }

    /// <summary>
    /// Reads the whole body into an array of its own (the caller may keep it, as a parsed list's document does) and
    /// interprets it with <paramref name="parse"/>; malformed JSON becomes an <see cref="InstanceManagerException"/>.
    /// </summary>
    public async Task<T> ReadOwnedAsync<T, TState>(HttpResponseMessage response, CallContext call, TState state, Func<ReadOnlyMemory<byte>, TState, T> parse, CancellationToken cancellationToken)
    {
        var body = await ReadBodyAsync(response, maxBytes: null, owned: true, call, cancellationToken).ConfigureAwait(false);
        try
        {
            return parse(body.Json, state);
        }
        catch (JsonException exception)
        {
            throw ServiceErrors.Unreadable(call, response.StatusCode, "a body that is not the expected JSON", exception);
        }
    }

    /// <summary>
    /// Reads the whole body within the attempt timeout, at most <paramref name="maxBytes"/> when given: into a pooled
    /// buffer, or with <paramref name="owned"/> into an array of its own, of exactly the body's size when the server
    /// declared it. A broken connection and a body that does not arrive in time become <see cref="InstanceManagerException"/>s.
    /// </summary>
    // Reading into one buffer and parsing it synchronously replaced buffering the content (LoadIntoBufferAsync) and
    // deserializing from its stream, which copied the body once more and ran the asynchronous deserializer; a
    // ValueTask, as a body that arrived with its headers is read without waiting (README, Performance: cold gets).
    private async ValueTask<Body> ReadBodyAsync(HttpResponseMessage response, long? maxBytes, bool owned, CallContext call, CancellationToken cancellationToken)
    {
        var declared = response.Content.Headers.ContentLength;
        if (declared > maxBytes)
        {
            throw ServiceErrors.TooLarge(call, response.StatusCode, maxBytes.Value);
        }

        using var deadline = _deadlines.Start(cancellationToken);
        var exact = owned && declared is not null;
        var buffer = exact ? GC.AllocateUninitializedArray<byte>(checked((int)declared!.Value)) : _buffers.Rent(declared is { } length ? checked((int)length) : UnknownLengthBuffer);
        var read = 0;
        var complete = false;
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                // A declared length is all the content stream gives; otherwise read to its end, growing the buffer.
                while (declared is null || read < declared)
                {
                    if (read == buffer.Length)
                    {
                        var larger = _buffers.Rent(checked(buffer.Length * 2));
                        buffer.AsSpan(0, read).CopyTo(larger);
                        _buffers.Return(buffer);
                        buffer = larger;
                    }

                    var count = await stream.ReadAsync(buffer.AsMemory(read), deadline.Token).ConfigureAwait(false);
                    if (count == 0)
                    {
                        break;
                    }

                    read += count;
                    if (read > maxBytes)
                    {
                        throw ServiceErrors.TooLarge(call, response.StatusCode, maxBytes.Value);
                    }
                }
            }

            complete = true;
        }
        catch (Exception exception) when (IsNetworkFailure(exception))
        {
            throw ServiceErrors.Network(call, exception);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw ServiceErrors.Network(call, exception);
        }
        finally
        {
            if (!complete && !exact)
            {
                _buffers.Return(buffer);
            }
        }

        if (owned && !exact)
        {
            var copy = buffer.AsSpan(0, read).ToArray();
            _buffers.Return(buffer);
            return new Body(copy, read, pool: null);
        }

        return new Body(buffer, read, exact ? null : _buffers);
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

    /// <summary>A body read whole: its JSON (after a UTF-8 byte order mark, if any) and the pool its buffer goes back to, if any.</summary>
    private readonly struct Body(byte[] buffer, int length, ArrayPool<byte>? pool)
    {
        public ReadOnlyMemory<byte> Json =>
            buffer.AsSpan(0, length).StartsWith(Utf8Bom) ? buffer.AsMemory(Utf8Bom.Length, length - Utf8Bom.Length) : buffer.AsMemory(0, length);

        private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

        /// <summary>Returns a pooled buffer; the body must not be used afterwards.</summary>
        public void Release()
        {
            pool?.Return(buffer);
        }
    }
}
