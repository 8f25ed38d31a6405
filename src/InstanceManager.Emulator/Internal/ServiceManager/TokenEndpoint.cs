using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;

namespace InstanceManager.Emulator.Internal.ServiceManager;

/// <summary>
/// The OAuth server's <c>POST /oauth/token</c> for the client-credentials grant, as UAA answers it. The client
/// authenticates with the form fields <c>client_id</c> and <c>client_secret</c> (what the official client's token
/// library sends) or with HTTP Basic <c>clientid:clientsecret</c>. Errors use UAA's shape:
/// <c>{"error", "error_description"}</c>. Injected failures, latency and the request limit do not apply here.
/// </summary>
internal static class TokenEndpoint
{
    public const string Path = "/oauth/token";

    public static async Task HandleAsync(HttpContext context, EmulatorRuntime runtime)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? Path;
        var correlationId = CorrelationIds.Apply(context, withVcapRequestId: false);
        var status = await AnswerAsync(context, runtime);
        runtime.Record(new EmulatorRequest(context.Request.Method, raw, TenantId: null, status, correlationId));
    }

    private static async Task<int> AnswerAsync(HttpContext context, EmulatorRuntime runtime)
    {
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Pragma = "no-cache";
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            context.Response.Headers.Allow = "POST";
            return await ErrorAsync(context, 405, "method_not_allowed", $"{context.Request.Method} is not supported on {Path}.");
        }

        if (!context.Request.HasFormContentType)
        {
            return await ErrorAsync(context, 400, "invalid_request", "The body must be application/x-www-form-urlencoded.");
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var (clientId, clientSecret) = ClientOf(context.Request, form);
        var settings = runtime.Options.ServiceManager;
        if (clientId is null || clientSecret is null || !SameText(clientId, settings.ClientId) || !SameText(clientSecret, settings.ClientSecret))
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"UAA/oauth\", error=\"unauthorized\", error_description=\"Bad credentials\"";
            return await ErrorAsync(context, 401, "unauthorized", clientId is null ? "Full authentication is required to access this resource" : "Bad credentials");
        }

        if (form["grant_type"] != "client_credentials")
        {
            return await ErrorAsync(context, 400, "unsupported_grant_type", $"Unsupported grant type: {form["grant_type"]}. This server issues client_credentials tokens only.");
        }

        var (token, expiresIn) = runtime.Tokens.Issue();
        return await JsonResponse.WriteAsync(context, 200, new JsonObject
        {
            ["access_token"] = token,
            ["token_type"] = "bearer",
            ["expires_in"] = expiresIn,
            ["scope"] = $"{settings.XsAppName}.manage",
            ["jti"] = Guid.NewGuid().ToString("N"),
        });
    }

    /// <summary>The client of the request: HTTP Basic when present, else the form fields.</summary>
    private static (string? ClientId, string? ClientSecret) ClientOf(HttpRequest request, IFormCollection form)
    {
        if (AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
            && string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
            && header.Parameter is not null)
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
                var colon = decoded.IndexOf(':', StringComparison.Ordinal);
                return colon < 0 ? (decoded, null) : (decoded[..colon], decoded[(colon + 1)..]);
            }
            catch (FormatException)
            {
                return (null, null);
            }
        }

        return (Single(form["client_id"]), Single(form["client_secret"]));
    }

    private static string? Single(StringValues values) => values.Count == 1 ? values[0] : null;

    private static bool SameText(string actual, string expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(actual), Encoding.UTF8.GetBytes(expected));

    private static Task<int> ErrorAsync(HttpContext context, int status, string error, string description) =>
        JsonResponse.WriteAsync(context, status, new JsonObject { ["error"] = error, ["error_description"] = description });
}
