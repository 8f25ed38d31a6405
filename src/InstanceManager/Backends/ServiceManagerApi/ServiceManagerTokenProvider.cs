using System.Net;
using InstanceManager.Backends.ServiceManagerApi.Models;
using InstanceManager.Calls;
using InstanceManager.Diagnostics;
using InstanceManager.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InstanceManager.Backends.ServiceManagerApi;

/// <summary>
/// Gets the OAuth2 client-credentials token for the Service Manager, as the reference's token library sends the
/// grant: <c>POST /oauth/token</c> on the host of <c>url</c> (of <c>certurl</c> with mTLS, where the client
/// certificate on the connection proves the client's identity and the body carries no secret). The token is cached
/// until 30 s before it expires; concurrent callers share one request.
/// </summary>
internal sealed class ServiceManagerTokenProvider : IDisposable
{
    public const string Operation = "Token";

    /// <summary>The reference renews a token when less than this validity remains.</summary>
    internal static readonly TimeSpan RefreshMargin = TimeSpan.FromSeconds(30);

    private const int MaxTokenBodyBytes = 64 * 1024;

    private readonly ServiceHttp _http;
    private readonly TimeProvider _timeProvider;
    private readonly ServiceManagerOptions _options;
    private readonly Uri _tokenUrl;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private CachedToken? _current;

    public ServiceManagerTokenProvider(ServiceHttp http, IOptions<InstanceManagerOptions> options, TimeProvider timeProvider, ILogger<ServiceManagerTokenProvider> logger)
    {
        _http = http;
        _timeProvider = timeProvider;
        _options = options.Value.ServiceManager ?? throw new InvalidOperationException("The Service Manager credentials are not configured.");
        var authority = _options.UsesCertificate && !string.IsNullOrWhiteSpace(_options.CertUrl) ? _options.CertUrl : _options.Url!;
        // The path is absolute: a path inside the configured URL is replaced, not extended.
        _tokenUrl = new Uri(new Uri(authority, UriKind.Absolute), "/oauth/token");
        // Plain http is accepted, as by the reference (local emulators), but never silently towards another machine.
        var exposed = new[] { _tokenUrl, new Uri(_options.SmUrl!, UriKind.Absolute) }.FirstOrDefault(url => url.Scheme == Uri.UriSchemeHttp && !url.IsLoopback);
        if (exposed is not null)
        {
            Log.PlainHttpServiceManager(logger, exposed.Host);
        }
    }

    /// <summary>A valid token: the cached one, or a new one when none is cached or it expires within 30 s.</summary>
    public async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (Fresh(Volatile.Read(ref _current)) is { } cached)
        {
            return cached;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Whoever held the gate before may have fetched one meanwhile.
            if (Fresh(_current) is { } fetched)
            {
                return fetched;
            }

            var token = await RequestAsync(cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _current, token);
            return token.Value;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forgets <paramref name="rejectedToken"/> (the service answered 401 to it) unless a newer one is already cached.</summary>
    public void Invalidate(string rejectedToken)
    {
        var current = Volatile.Read(ref _current);
        if (current is not null && current.Value == rejectedToken)
        {
            Interlocked.CompareExchange(ref _current, null, current);
        }
    }

    public void Dispose() => _gate.Dispose();

    private string? Fresh(CachedToken? token) =>
        token is not null && _timeProvider.GetUtcNow() < token.ExpiresAt - RefreshMargin ? token.Value : null;

    private async Task<CachedToken> RequestAsync(CancellationToken cancellationToken)
    {
        var form = new List<KeyValuePair<string, string>>(3)
        {
            new("grant_type", "client_credentials"),
            new("client_id", _options.ClientId!),
        };
        if (!_options.UsesCertificate)
        {
            form.Add(new("client_secret", _options.ClientSecret!));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, _tokenUrl) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Accept.ParseAdd("application/json");
        var call = CallContext.Named(Operation, _timeProvider, "Token request to the OAuth server");
        var requestedAt = _timeProvider.GetUtcNow();
        using var response = await _http.SendAsync(request, call, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw await ServiceErrors.UnexpectedStatusAsync(call, response, cancellationToken, Scrub).ConfigureAwait(false);
        }

        var body = await _http.ReadJsonAsync(response, ServiceManagerJsonContext.Default.TokenResponse, MaxTokenBodyBytes, call, cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrEmpty(body.AccessToken))
        {
            throw ServiceErrors.Unreadable(call, response.StatusCode, "no access token");
        }

        // Without a lifetime the token is used for this call only.
        var expiresAt = body.ExpiresIn is { } seconds and > 0 ? requestedAt + TimeSpan.FromSeconds(Math.Min(seconds, 365L * 24 * 3600)) : requestedAt;
        return new CachedToken(body.AccessToken, expiresAt);
    }

    /// <summary>An OAuth server should never echo the secret; should one do so, it still does not reach a message.</summary>
    private string? Scrub(string? description) =>
        description is null || string.IsNullOrEmpty(_options.ClientSecret) ? description : description.Replace(_options.ClientSecret, "***", StringComparison.Ordinal);

    private sealed record CachedToken(string Value, DateTimeOffset ExpiresAt)
    {
        /// <summary>Never prints the token.</summary>
        public override string ToString() => $"CachedToken {{ ExpiresAt = {ExpiresAt:O} }}";
    }
}
