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
/// Open Service Broker (URL, credentials, an offering and its plans).
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
