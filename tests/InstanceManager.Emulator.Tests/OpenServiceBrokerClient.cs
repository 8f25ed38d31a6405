using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace InstanceManager.Emulator.Tests;

/// <summary>A raw OSB platform of the emulator's own broker: version header and Basic auth as a platform sends them.</summary>
internal sealed class OpenServiceBrokerClient : IDisposable
{
    public OpenServiceBrokerClient(InstanceManagerEmulator emulator, string? version = "2.13", string? username = null, string? password = null)
    {
        var broker = emulator.OpenServiceBroker;
        Http = new HttpClient { BaseAddress = new Uri(broker.Url!.AbsoluteUri.TrimEnd('/') + "/") };
        if (version is not null)
        {
            Http.DefaultRequestHeaders.Add("X-Broker-API-Version", version);
        }

        Http.DefaultRequestHeaders.Authorization = EmulatorHarness.Basic(username ?? broker.Username, password ?? broker.Password);
    }

    public HttpClient Http { get; }

    public async Task<(string ServiceId, string[] PlanIds)> HanaAsync()
    {
        var catalog = await JsonAsync(await Http.GetAsync("v2/catalog"));
        var hana = catalog["services"]!.AsArray().Single(service => (string?)service!["name"] == "hana")!;
        return ((string)hana["id"]!, [.. hana["plans"]!.AsArray().Select(plan => (string)plan!["id"]!)]);
    }

    public Task<HttpResponseMessage> ProvisionAsync(string instanceId, string serviceId, string planId, string? tenant = null, bool acceptsIncomplete = true, string? parameters = null, string? without = null)
    {
        var body = new JsonObject
        {
            ["service_id"] = serviceId,
            ["plan_id"] = planId,
            ["organization_guid"] = "-",
            ["space_guid"] = "-",
            ["context"] = new JsonObject { ["platform"] = "service-manager", ["instance_name"] = "instance-" + tenant, ["tenant_id"] = tenant },
        };
        if (parameters is not null)
        {
            body["parameters"] = JsonNode.Parse(parameters);
        }

        if (without is not null)
        {
            body.Remove(without);
        }

        return Http.PutAsync($"v2/service_instances/{instanceId}" + (acceptsIncomplete ? "?accepts_incomplete=true" : ""), Json(body));
    }

    public Task<HttpResponseMessage> BindAsync(string instanceId, string bindingId, string serviceId, string planId, string? parameters = null)
    {
        var body = new JsonObject { ["service_id"] = serviceId, ["plan_id"] = planId };
        if (parameters is not null)
        {
            body["parameters"] = JsonNode.Parse(parameters);
        }

        return Http.PutAsync($"v2/service_instances/{instanceId}/service_bindings/{bindingId}", Json(body));
    }

    public Task<HttpResponseMessage> LastOperationAsync(string instanceId, string? operation = null) =>
        Http.GetAsync($"v2/service_instances/{instanceId}/last_operation" + (operation is null ? "" : "?operation=" + Uri.EscapeDataString(operation)));

    public static async Task<JsonNode> JsonAsync(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        }
    }

    public static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json"));

    public void Dispose() => Http.Dispose();
}
