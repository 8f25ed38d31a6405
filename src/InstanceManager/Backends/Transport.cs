using Polly.CircuitBreaker;
using Polly.Timeout;

namespace InstanceManager.Backends;

/// <summary>Sends a request and turns what can go wrong before an answer arrives into an <see cref="InstanceManagerException"/>.</summary>
internal static class Transport
{
    public static async Task<HttpResponseMessage> SendAsync(HttpClient httpClient, HttpRequestMessage request, string operation, string? tenantId, CancellationToken cancellationToken)
    {
        try
        {
            return await httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is HttpRequestException or TimeoutRejectedException)
        {
            throw ServiceErrors.Network(operation, tenantId, exception);
        }
        catch (BrokenCircuitException exception)
        {
            throw ServiceErrors.CircuitOpen(operation, tenantId, exception);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient.Timeout elapsed: a network failure for the caller, not a cancellation they asked for.
            throw ServiceErrors.Network(operation, tenantId, exception);
        }
    }
}
