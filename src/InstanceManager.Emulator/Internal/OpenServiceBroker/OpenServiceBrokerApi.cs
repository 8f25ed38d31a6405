using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

// Longer than this codebase's usual 250 lines on purpose: the route table of the emulated OSB broker, one small
// handler per endpoint, kept in one file so that it reads as the API's reference in the order of its specification.

namespace InstanceManager.Emulator.Internal.OpenServiceBroker;

/// <summary>
/// The emulator as an Open Service Broker (OSB API v2) for its built-in offerings, under <c>/osb</c>: catalog,
/// provision, update and deprovision (asynchronous only: 422 <c>AsyncRequired</c> without
/// <c>accepts_incomplete=true</c>), last_operation, fetch instance, bind and unbind (synchronous), fetch binding.
/// Every call needs <c>X-Broker-API-Version: 2.x</c> (412 without) and HTTP Basic auth (401), checked in that order
/// before the body is read.
/// </summary>
internal static class OpenServiceBrokerApi
{
    public const string PathPrefix = "/osb";

    private const string ApiVersionHeader = "X-Broker-API-Version";

    public static async Task HandleAsync(HttpContext context, EmulatorRuntime runtime)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "";
        var failures = runtime.Failures;
        if (failures.Latency > TimeSpan.Zero)
        {
            await Task.Delay(failures.Latency, runtime.Store.Clock, context.RequestAborted);
        }

        var rejection = runtime.Reject(failures);
        var answer = rejection is null
            ? await AnswerAsync(context, runtime, failures)
            : BrokerAnswer.Error(rejection.Status, rejection.RateLimited ? Rejection.TooManyRequests : null, rejection.Description);
        rejection?.WriteRetryAfter(context.Response);
        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = "application/json";
        if (answer.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        if (context.Request.Headers["X-Broker-API-Request-Identity"] is { Count: 1 } identity)
        {
            context.Response.Headers["X-Broker-API-Request-Identity"] = identity;
        }

        await context.Response.WriteAsync(answer.Body.ToJsonString(), context.RequestAborted);
        runtime.Record(new EmulatorRequest(context.Request.Method, raw, answer.TenantId, answer.Status));
    }

    /// <summary>The catalog of the built-in offerings, within the conformance suite's schema (no plan-level extras).</summary>
    public static JsonObject Catalog(OpenServiceBrokerStore store) => new()
    {
        ["services"] = new JsonArray([.. store.Catalog.Offerings.Select(offering => (JsonNode)new JsonObject
        {
            ["id"] = offering.Id,
            ["name"] = offering.CatalogName,
            ["description"] = $"Emulated offering {offering.CatalogName}",
            ["bindable"] = true,
            ["plan_updateable"] = true,
            ["instances_retrievable"] = true,
            ["bindings_retrievable"] = true,
            ["tags"] = new JsonArray([.. offering.Tags.Select(tag => (JsonNode)tag)]),
            ["metadata"] = new JsonObject { ["displayName"] = offering.CatalogName },
            ["plans"] = new JsonArray([.. store.Catalog.Plans.Where(plan => plan.OfferingId == offering.Id).Select(plan => (JsonNode)new JsonObject
            {
                ["id"] = plan.Id,
                ["name"] = plan.CatalogName,
                ["description"] = $"Emulated plan {plan.CatalogName}",
                ["free"] = true,
                ["bindable"] = true,
            })]),
        })]),
    };

    private static async Task<BrokerAnswer> AnswerAsync(HttpContext context, EmulatorRuntime runtime, EmulatorFailures failures)
    {
        var request = context.Request;
        if (!IsSupportedVersion(request.Headers[ApiVersionHeader]))
        {
            return BrokerAnswer.Error(412, null, $"{ApiVersionHeader} 2.x is required (was '{request.Headers[ApiVersionHeader]}').");
        }

        if (!IsAuthorized(request, runtime.Options.OpenServiceBroker))
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"osb\"";
            return BrokerAnswer.Error(401, null, "Invalid credentials.");
        }

        var store = runtime.Broker;
        var segments = (request.Path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        var method = request.Method;
        return segments switch
        {
            ["v2", "catalog"] when HttpMethods.IsGet(method) => new BrokerAnswer(200, Catalog(store)),
            ["v2", "service_instances", var id] when HttpMethods.IsPut(method) => await ProvisionAsync(context, store, id, failures),
            ["v2", "service_instances", var id] when HttpMethods.IsPatch(method) => await UpdateAsync(context, store, id),
            ["v2", "service_instances", var id] when HttpMethods.IsDelete(method) => Deprovision(request, store, id, failures),
            ["v2", "service_instances", var id] when HttpMethods.IsGet(method) => store.Fetch(id),
            ["v2", "service_instances", var id, "last_operation"] when HttpMethods.IsGet(method) => store.LastOperation(id, request.Query["operation"]),
            ["v2", "service_instances", var id, "service_bindings", var bindingId] when HttpMethods.IsPut(method) => await BindAsync(context, store, id, bindingId, failures),
            ["v2", "service_instances", var id, "service_bindings", var bindingId] when HttpMethods.IsDelete(method) => Unbind(request, store, id, bindingId),
            ["v2", "service_instances", var id, "service_bindings", var bindingId] when HttpMethods.IsGet(method) => store.FetchBinding(id, bindingId),
            ["v2", "service_instances", var id, "service_bindings", var bindingId, "last_operation"] when HttpMethods.IsGet(method) => store.BindingLastOperation(id, bindingId),
            _ => BrokerAnswer.Error(404, null, $"{method} {request.Path} is not an OSB v2 endpoint."),
        };
    }

    private static async Task<BrokerAnswer> ProvisionAsync(HttpContext context, OpenServiceBrokerStore store, string instanceId, EmulatorFailures failures)
    {
        var (body, problem) = await ReadBodyAsync(context);
        if (problem is not null)
        {
            return BrokerAnswer.Error(400, null, problem);
        }

        foreach (var field in (string[])["service_id", "plan_id", "organization_guid", "space_guid"])
        {
            if (Text(body!, field) is null)
            {
                return BrokerAnswer.Error(400, null, $"'{field}' is required and must be a non-empty string.");
            }
        }

        var serviceId = Text(body!, "service_id")!;
        var planId = Text(body!, "plan_id")!;
        if (Validate(store, serviceId, planId) is { } invalid)
        {
            return invalid;
        }

        if (ParametersOf(body!, out var parameters) is { } parametersProblem)
        {
            return BrokerAnswer.Error(400, null, parametersProblem);
        }

        if (!AcceptsIncomplete(context.Request))
        {
            return AsyncRequired();
        }

        var placement = Text(body!, "organization_guid") + "/" + Text(body!, "space_guid");
        return store.Provision(instanceId, serviceId, planId, placement, parameters, body!["context"] as JsonObject, failures);
    }

    private static async Task<BrokerAnswer> UpdateAsync(HttpContext context, OpenServiceBrokerStore store, string instanceId)
    {
        var (body, problem) = await ReadBodyAsync(context);
        if (problem is not null)
        {
            return BrokerAnswer.Error(400, null, problem);
        }

        if (Text(body!, "service_id") is not { } serviceId)
        {
            return BrokerAnswer.Error(400, null, "'service_id' is required and must be a non-empty string.");
        }

        var planId = Text(body!, "plan_id");
        if (Validate(store, serviceId, planId) is { } invalid)
        {
            return invalid;
        }

        if (ParametersOf(body!, out var parameters) is { } parametersProblem)
        {
            return BrokerAnswer.Error(400, null, parametersProblem);
        }

        return AcceptsIncomplete(context.Request) ? store.Update(instanceId, serviceId, planId, parameters) : AsyncRequired();
    }

    private static BrokerAnswer Deprovision(HttpRequest request, OpenServiceBrokerStore store, string instanceId, EmulatorFailures failures)
    {
        if (RequiredIds(request) is { } missing)
        {
            return missing;
        }

        return AcceptsIncomplete(request) ? store.Deprovision(instanceId, failures) : AsyncRequired();
    }

    private static async Task<BrokerAnswer> BindAsync(HttpContext context, OpenServiceBrokerStore store, string instanceId, string bindingId, EmulatorFailures failures)
    {
        var (body, problem) = await ReadBodyAsync(context);
        if (problem is not null)
        {
            return BrokerAnswer.Error(400, null, problem);
        }

        var serviceId = Text(body!, "service_id");
        var planId = Text(body!, "plan_id");
        if (serviceId is null || planId is null)
        {
            return BrokerAnswer.Error(400, null, "'service_id' and 'plan_id' are required and must be non-empty strings.");
        }

        if (Validate(store, serviceId, planId) is { } invalid)
        {
            return invalid;
        }

        return ParametersOf(body!, out var parameters) is { } parametersProblem
            ? BrokerAnswer.Error(400, null, parametersProblem)
            : store.Bind(instanceId, bindingId, serviceId, planId, parameters, failures);
    }

    private static BrokerAnswer Unbind(HttpRequest request, OpenServiceBrokerStore store, string instanceId, string bindingId) =>
        RequiredIds(request) ?? store.Unbind(instanceId, bindingId);

    private static BrokerAnswer? Validate(OpenServiceBrokerStore store, string serviceId, string? planId)
    {
        if (!store.IsOffering(serviceId))
        {
            return BrokerAnswer.Error(400, null, $"The service_id {serviceId} is not in the catalog.");
        }

        return planId is not null && store.FindPlan(serviceId, planId) is null
            ? BrokerAnswer.Error(400, null, $"The plan_id {planId} is not a plan of the service {serviceId}.")
            : null;
    }

    /// <summary>Deprovision and unbind name the offering and plan in the query; both are required.</summary>
    private static BrokerAnswer? RequiredIds(HttpRequest request) =>
        string.IsNullOrEmpty(request.Query["service_id"]) || string.IsNullOrEmpty(request.Query["plan_id"])
            ? BrokerAnswer.Error(400, null, "The query parameters service_id and plan_id are required.")
            : null;

    private static BrokerAnswer AsyncRequired() =>
        BrokerAnswer.Error(422, "AsyncRequired", "This service plan requires client support for asynchronous service operations.");

    private static bool AcceptsIncomplete(HttpRequest request) =>
        string.Equals(request.Query["accepts_incomplete"], "true", StringComparison.OrdinalIgnoreCase);

    private static bool IsSupportedVersion(string? version) =>
        version is not null && version.StartsWith("2.", StringComparison.Ordinal) && int.TryParse(version.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out _);

    private static bool IsAuthorized(HttpRequest request, OpenServiceBrokerEmulatorOptions options)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
            || header.Parameter is null)
        {
            return false;
        }

        try
        {
            var expected = Encoding.UTF8.GetBytes($"{options.Username}:{options.Password}");
            return CryptographicOperations.FixedTimeEquals(Convert.FromBase64String(header.Parameter), expected);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static async Task<(JsonObject? Body, string? Problem)> ReadBodyAsync(HttpContext context)
    {
        try
        {
            return await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) is JsonObject body
                ? (body, null)
                : (null, "The body must be a JSON object.");
        }
        catch (JsonException)
        {
            return (null, "The body is not valid JSON.");
        }
    }

    /// <summary>The <c>parameters</c> as JSON text (an empty object counts as none), or why they are unusable.</summary>
    private static string? ParametersOf(JsonObject body, out string? parameters)
    {
        parameters = null;
        switch (body["parameters"])
        {
            case null:
                return null;
            case JsonObject { Count: 0 }:
                return null;
            case JsonObject json:
                parameters = json.ToJsonString();
                return null;
            default:
                return "'parameters' must be a JSON object.";
        }
    }

    private static string? Text(JsonObject body, string name) =>
        body[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() is { Length: > 0 } text ? text : null;
}
