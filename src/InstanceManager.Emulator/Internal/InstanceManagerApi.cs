using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace InstanceManager.Emulator.Internal;

/// <summary>
/// The Instance Manager REST API under <c>/instance-manager/managed/managed_instances/{managedServiceId}</c>. The
/// path is parsed from the raw request target, so a tenant id arrives the same whether it was percent-encoded as one
/// segment (an encoded <c>/</c> included) or sent raw: the rest of the path is decoded exactly once.
/// </summary>
internal static class InstanceManagerApi
{
    public const string PathPrefix = "/instance-manager/managed/managed_instances";

    public static async Task HandleAsync(HttpContext context, EmulatorRuntime runtime)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "";
        var (serviceId, tenantId) = ParseTarget(raw);
        var correlationId = CorrelationIds.Apply(context, withVcapRequestId: true);
        var failures = runtime.Failures;
        if (failures.Latency > TimeSpan.Zero)
        {
            await Task.Delay(failures.Latency, runtime.Store.Clock, context.RequestAborted);
        }

        var status = await AnswerAsync(context, runtime, failures, serviceId, tenantId);
        runtime.Record(new EmulatorRequest(context.Request.Method, raw, tenantId, status, correlationId));
    }

    private static async Task<int> AnswerAsync(HttpContext context, EmulatorRuntime runtime, EmulatorFailures failures, string? serviceId, string? tenantId)
    {
        if (runtime.Reject(failures) is { } rejection)
        {
            rejection.WriteRetryAfter(context.Response);
            return await JsonResponse.ErrorAsync(context, rejection.Status, rejection.RateLimited ? Rejection.TooManyRequests : "Injected failure", rejection.Description);
        }

        if (!IsAuthorized(context.Request, runtime.Options))
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"instance-manager\"";
            return await JsonResponse.ErrorAsync(context, 401, "Unauthorized", "Invalid credentials");
        }

        if (serviceId != runtime.Options.ManagedServiceId)
        {
            return await JsonResponse.ErrorAsync(context, 404, "NotFound", $"Managed service instance '{serviceId}' not found.");
        }

        var method = context.Request.Method;
        if (tenantId is null)
        {
            return HttpMethods.IsGet(method)
                ? await JsonResponse.WriteAsync(context, 200, new JsonArray([.. runtime.Store.All().Select(entry => (JsonNode)ToJson(entry.Instance, entry.State))]))
                : await JsonResponse.ErrorAsync(context, 405, "MethodNotAllowed", $"{method} is not supported on the list of instances.");
        }

        if (tenantId.Length == 0)
        {
            return await JsonResponse.ErrorAsync(context, 400, "BadRequest", "The tenant id is empty.");
        }

        if (HttpMethods.IsPost(method))
        {
            return await CreateAsync(context, runtime, failures, tenantId);
        }

        if (HttpMethods.IsGet(method))
        {
            return runtime.Store.Get(tenantId) is { } found
                ? await JsonResponse.WriteAsync(context, 200, ToJson(found.Instance, found.State))
                : await JsonResponse.ErrorAsync(context, 404, "NotFound", $"No instance found for tenant '{tenantId}'.");
        }

        if (HttpMethods.IsDelete(method))
        {
            if (!runtime.Store.TryDelete(tenantId, failures))
            {
                return await JsonResponse.ErrorAsync(context, 404, "NotFound", $"No instance found for tenant '{tenantId}'.");
            }

            context.Response.StatusCode = 204;
            return 204;
        }

        return await JsonResponse.ErrorAsync(context, 405, "MethodNotAllowed", $"{method} is not supported on an instance.");
    }

    private static async Task<int> CreateAsync(HttpContext context, EmulatorRuntime runtime, EmulatorFailures failures, string tenantId)
    {
        string? provisioning = null;
        string? binding = null;
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        if (!string.IsNullOrWhiteSpace(body))
        {
            try
            {
                if (JsonNode.Parse(body) is not JsonObject parameters)
                {
                    return await JsonResponse.ErrorAsync(context, 400, "BadRequest", "The body must be a JSON object.");
                }

                provisioning = Parameter(parameters, "provisioning_parameters");
                binding = Parameter(parameters, "binding_parameters");
            }
            catch (JsonException)
            {
                return await JsonResponse.ErrorAsync(context, 400, "BadRequest", "The body is not valid JSON.");
            }
            catch (ArgumentException exception)
            {
                return await JsonResponse.ErrorAsync(context, 400, "BadRequest", exception.Message);
            }
        }

        var created = runtime.Store.TryCreate(tenantId, provisioning, binding, failures);
        if (created is null)
        {
            return await JsonResponse.ErrorAsync(context, 409, "Conflict", $"Instance for tenant {tenantId} already exists");
        }

        return await JsonResponse.WriteAsync(context, 201, ToJson(created, runtime.Store.StateOf(created, runtime.Store.Clock.GetUtcNow())));
    }

    private static string? Parameter(JsonObject body, string name) => body[name] switch
    {
        null => null,
        JsonObject value => value.ToJsonString(),
        _ => throw new ArgumentException($"'{name}' must be a JSON object."),
    };

    public static JsonObject ToJson(StoredInstance instance, InstanceState state)
    {
        var json = new JsonObject
        {
            ["id"] = instance.Id,
            ["tenant_id"] = instance.TenantId,
            ["managed_service_id"] = instance.ManagedServiceId,
            ["managed_plan_id"] = instance.ManagedPlanId,
            ["status"] = StatusName(state),
            ["created_on"] = instance.CreatedOn.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["updated_on"] = (instance.DeletionRequestedOn ?? instance.CreatedOn).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        };
        if (instance.ProvisioningParameters is { } provisioning)
        {
            json["provisioning_parameters"] = JsonNode.Parse(provisioning);
        }

        if (instance.BindingParameters is { } binding)
        {
            json["binding_parameters"] = JsonNode.Parse(binding);
        }

        if (state == InstanceState.CreationSucceeded)
        {
            var credentials = new JsonObject();
            foreach (var (key, value) in EmulatedCredentials.For(instance.TenantId))
            {
                credentials[key] = value;
            }

            json["credentials"] = credentials;
        }
        else if (state == InstanceState.CreationFailed)
        {
            json["failed_message"] = $"Emulated creation failure for tenant '{instance.TenantId}': the tenant matches the creation failure pattern.";
        }
        else if (state == InstanceState.DeletionFailed)
        {
            json["failed_message"] = $"Emulated deletion failure for tenant '{instance.TenantId}': the tenant matches the deletion failure pattern.";
        }

        return json;
    }

    public static string StatusName(InstanceState state) => state switch
    {
        InstanceState.CreationInProgress => "CREATION_IN_PROGRESS",
        InstanceState.CreationSucceeded => "CREATION_SUCCEEDED",
        InstanceState.CreationFailed => "CREATION_FAILED",
        InstanceState.DeletionInProgress => "DELETION_IN_PROGRESS",
        InstanceState.DeletionFailed => "DELETION_FAILED",
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    /// <summary>The managed service id and the decoded tenant id (null for the list) of a raw request target.</summary>
    internal static (string? ServiceId, string? TenantId) ParseTarget(string rawTarget)
    {
        var path = rawTarget;
        var query = path.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
        {
            path = path[..query];
        }

        if (!path.StartsWith(PathPrefix + "/", StringComparison.Ordinal))
        {
            return (null, null);
        }

        var rest = path[(PathPrefix.Length + 1)..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return (Uri.UnescapeDataString(rest), null);
        }

        // Everything after the service id is the tenant: a raw "a/b" and an encoded "a%2Fb" are the same tenant.
        return (Uri.UnescapeDataString(rest[..slash]), Uri.UnescapeDataString(rest[(slash + 1)..]));
    }

    private static bool IsAuthorized(HttpRequest request, InstanceManagerEmulatorOptions options)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
            || header.Parameter is null)
        {
            return false;
        }

        byte[] decoded;
        try
        {
            decoded = Convert.FromBase64String(header.Parameter);
        }
        catch (FormatException)
        {
            return false;
        }

        var expected = Encoding.UTF8.GetBytes($"{options.User}:{options.Password}");
        return CryptographicOperations.FixedTimeEquals(decoded, expected);
    }
}
