using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace InstanceManager.Emulator.Internal.ServiceManager;

/// <summary>
/// The Service Manager's calls to brokers, with the headers it sends: HTTP Basic with the registered credentials,
/// <c>X-Broker-API-Version</c> (2.14 for the catalog, 2.13 for everything else) and
/// <c>X-Broker-API-Originating-Identity: service-manager &lt;base64 {"username": clientid}&gt;</c>. Failures to reach a
/// broker become a <see cref="BrokerResponse"/> with status 0, never an exception; credentials never appear in them.
/// </summary>
internal sealed class BrokerClient(HttpClient http, ServiceManagerEmulatorOptions settings) : IDisposable
{
    public const string CatalogVersion = "2.14";
    public const string CallVersion = "2.13";

    private const int MaxKeptText = 500;

    private readonly string _originatingIdentity = "service-manager " + Convert.ToBase64String(Encoding.UTF8.GetBytes(new JsonObject { ["username"] = settings.ClientId }.ToJsonString()));

    public static BrokerClient Create(ServiceManagerEmulatorOptions settings) =>
        new(new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(1) }) { Timeout = Timeout.InfiniteTimeSpan }, settings);

    public Task<BrokerResponse> CatalogAsync(string brokerUrl, string username, string password, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, brokerUrl + "/v2/catalog", username, password, null, CatalogVersion, cancellationToken);

    public Task<BrokerResponse> SendAsync(ServiceBrokerRecord broker, HttpMethod method, string pathAndQuery, JsonObject? body, CancellationToken cancellationToken) =>
        SendAsync(method, broker.BrokerUrl + pathAndQuery, broker.Username, broker.Password, body, CallVersion, cancellationToken);

    public void Dispose() => http.Dispose();

    private async Task<BrokerResponse> SendAsync(HttpMethod method, string url, string username, string password, JsonObject? body, string version, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}")));
        request.Headers.Add("X-Broker-API-Version", version);
        request.Headers.Add("X-Broker-API-Originating-Identity", _originatingIdentity);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.BrokerRequestTimeout);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            JsonNode? json = null;
            try
            {
                json = text.Length == 0 ? null : JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                // Not JSON: the caller decides whether that matters; the text is kept for the description.
            }

            var retryAfter = response.Headers.RetryAfter switch
            {
                { Delta: { } delta } => delta,
                { Date: { } date } => date - DateTimeOffset.UtcNow,
                _ => (TimeSpan?)null,
            };
            return new BrokerResponse((int)response.StatusCode, json, text.Length > MaxKeptText ? text[..MaxKeptText] + "…" : text, retryAfter);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new BrokerResponse(0, null, $"no answer from {Describe(url)} within {settings.BrokerRequestTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s", null, TimedOut: true);
        }
        catch (HttpRequestException exception)
        {
            return new BrokerResponse(0, null, $"{Describe(url)} could not be reached ({exception.HttpRequestError})", null);
        }
    }

    /// <summary>The URL without user info or query, for messages.</summary>
    private static string Describe(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped) : "the broker";
}
