using System.Text.Json;
using System.Text.Json.Nodes;
using InstanceManager.Emulator.Internal.ServiceManager;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace InstanceManager.Emulator.Internal;

/// <summary>
/// The emulator's own endpoints under <c>/emulator</c> (no authentication: it is a test tool). <c>GET /instances</c>
/// lists the Instance Manager's instances; <c>GET /service-manager/instances</c> and
/// <c>GET /service-manager/bindings</c> list the Service Manager's resources (with their parameters);
/// <c>DELETE /instances</c> forgets them and the broker's instances; <c>GET /osb</c> describes the emulator's own
/// Open Service Broker (URL, credentials, an offering and its plans); <c>GET</c>/<c>POST /service-brokers</c> and
/// <c>DELETE /service-brokers/{id}</c> list, register (the body of <c>POST /v1/service_brokers</c>) and delete the
/// Service Manager's brokers.
/// </summary>
internal static class AdminApi
{
    public static void Map(IEndpointRouteBuilder endpoints, EmulatorRuntime runtime)
    {
        var admin = endpoints.MapGroup("/emulator");
        admin.MapGet("/health", () => Results.Text("""{"status":"UP"}""", "application/json"));
        admin.MapGet("/instances", () => Results.Text(
            new JsonArray([.. runtime.Store.All().Select(entry => (JsonNode)InstanceManagerApi.ToJson(entry.Instance, entry.State))]).ToJsonString(),
            "application/json"));
        admin.MapDelete("/instances", () =>
        {
            runtime.Store.Clear();
            runtime.ServiceManager.Clear();
            runtime.Broker.Clear();
            return Results.NoContent();
        });
        admin.MapGet("/osb", (HttpContext context) =>
        {
            var baseAddress = new Uri($"{context.Request.Scheme}://{context.Request.Host}/");
            return Results.Text(BindingDocument.OpenServiceBroker(baseAddress, runtime.Options, runtime.Broker.Catalog).ToJsonString(), "application/json");
        });
        admin.MapGet("/service-manager/instances", () => ServiceManagerResources(runtime, ServiceManagerResource.Instances));
        admin.MapGet("/service-manager/bindings", () => ServiceManagerResources(runtime, ServiceManagerResource.Bindings));
        admin.MapGet("/service-brokers", () => Results.Text(
            new JsonArray([.. runtime.ServiceManager.Brokers().Select(broker => (JsonNode)ServiceManagerJson.Broker(broker))]).ToJsonString(),
            "application/json"));
        admin.MapPost("/service-brokers", async (HttpContext context) =>
        {
            JsonNode? body;
            try
            {
                body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            }
            catch (JsonException)
            {
                return Problem("The body is not valid JSON.");
            }

            var (status, answer) = await ServiceBrokerRegistration.RegisterAsync(runtime, body, context.RequestAborted);
            return Results.Text(answer.ToJsonString(), "application/json", statusCode: status);
        });
        admin.MapDelete("/service-brokers/{id}", (string id) =>
        {
            var result = runtime.ServiceManager.DeleteBroker(id);
            return result.Outcome switch
            {
                ServiceManagerOutcome.Started => Results.Text("{}", "application/json"),
                ServiceManagerOutcome.NotFound => Results.Text(new JsonObject { ["error"] = "NotFound", ["description"] = result.Description }.ToJsonString(), "application/json", statusCode: 404),
                _ => Results.Text(new JsonObject { ["error"] = "ExistingReferenceEntity", ["description"] = result.Description }.ToJsonString(), "application/json", statusCode: 409),
            };
        });
        admin.MapGet("/failures", () => Results.Text(JsonSerializer.Serialize(runtime.Failures, EmulatorJsonContext.Default.EmulatorFailures), "application/json"));
        admin.MapPut("/failures", async (HttpContext context) =>
        {
            EmulatorFailures? failures;
            try
            {
                failures = await JsonSerializer.DeserializeAsync(context.Request.Body, EmulatorJsonContext.Default.EmulatorFailures, context.RequestAborted);
            }
            catch (JsonException exception)
            {
                return Problem($"The body is not a failures object: {exception.Message}");
            }

            if (failures?.Problem() is { } problem || failures is null)
            {
                return Problem(failures is null ? "The body is empty." : failures.Problem()!);
            }

            runtime.Failures = failures;
            return Results.Text(JsonSerializer.Serialize(failures, EmulatorJsonContext.Default.EmulatorFailures), "application/json");
        });
        admin.MapGet("/vcap-services", (HttpContext context) =>
        {
            var baseAddress = new Uri($"{context.Request.Scheme}://{context.Request.Host}/");
            return Results.Text(BindingDocument.VcapServices(baseAddress, runtime.Options).ToJsonString(), "application/json");
        });
    }

    private static IResult ServiceManagerResources(EmulatorRuntime runtime, string resourceType) => Results.Text(
        new JsonArray([.. runtime.ServiceManager.List(resourceType).Select(view => (JsonNode)ServiceManagerJson.Resource(view, withParameters: true))]).ToJsonString(),
        "application/json");

    private static IResult Problem(string description) =>
        Results.Text(new JsonObject { ["error"] = "BadRequest", ["description"] = description }.ToJsonString(), "application/json", statusCode: 400);
}
