using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace InstanceManager.Emulator.Tests;

/// <summary>A raw HTTP client of the emulated Service Manager with a bearer token, as the official client talks to it.</summary>
internal sealed class ServiceManagerSession : IDisposable
{
    private ServiceManagerSession(EmulatorHarness harness, string token)
    {
        Harness = harness;
        Http = new HttpClient { BaseAddress = harness.Emulator.BaseAddress };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public EmulatorHarness Harness { get; }

    public HttpClient Http { get; }

    public static async Task<ServiceManagerSession> StartAsync(EmulatorHarness harness) =>
        new(harness, await TokenAsync(harness.Http, "sm-emulator-client", "sm-emulator-secret"));

    /// <summary>A token as the official client's token library asks for it: the client in form fields.</summary>
    public static async Task<string> TokenAsync(HttpClient http, string clientId, string clientSecret)
    {
        using var response = await RequestTokenAsync(http, clientId, clientSecret);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (string)(await EmulatorHarness.JsonAsync(response))["access_token"]!;
    }

    /// <summary>Sent without any <c>Authorization</c> header (the harness's client has the Instance Manager's Basic one).</summary>
    public static async Task<HttpResponseMessage> RequestTokenAsync(HttpClient http, string clientId, string clientSecret)
    {
        using var plain = new HttpClient { BaseAddress = http.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "oauth/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = clientId,
                ["client_secret"] = clientSecret,
            }),
        };
        return await plain.SendAsync(request);
    }

    public static string Labels(string? tenant) => tenant is null ? "{}" : new JsonObject { ["tenant_id"] = new JsonArray(tenant) }.ToJsonString();

    public async Task<string> PlanIdAsync(string plan = "hdi-shared")
    {
        var page = await JsonAsync($"v1/service_plans?fieldQuery={Uri.EscapeDataString($"catalog_name eq '{plan}'")}");
        return (string)page["items"]![0]!["id"]!;
    }

    public async Task<HttpResponseMessage> CreateInstanceAsync(string name, string? tenant = null, string? planId = null, bool async = true, string? extra = null)
    {
        planId ??= await PlanIdAsync();
        var body = $$"""{"name":"{{name}}","service_plan_id":"{{planId}}","labels":{{Labels(tenant)}}{{extra}}}""";
        return await Http.PostAsync("v1/service_instances" + (async ? "?async=true" : ""), new StringContent(body, Encoding.UTF8, "application/json"));
    }

    public Task<HttpResponseMessage> CreateBindingAsync(string instanceId, string? tenant = null, string? name = null, bool async = true, string? extra = null, string? labels = null)
    {
        var body = $$"""{"name":"{{name ?? Guid.NewGuid().ToString()}}","service_instance_id":"{{instanceId}}","labels":{{labels ?? Labels(tenant)}}{{extra}}}""";
        return Http.PostAsync("v1/service_bindings" + (async ? "?async=true" : ""), new StringContent(body, Encoding.UTF8, "application/json"));
    }

    /// <summary>Creates an instance and moves the clock past its creation: returns its id.</summary>
    public async Task<string> ReadyInstanceAsync(string tenant, string? name = null)
    {
        using var created = await CreateInstanceAsync(name ?? "instance-" + tenant, tenant);
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        Harness.Clock.Advance(TimeSpan.FromSeconds(1));
        return ResourceIdOf(created);
    }

    /// <summary>Creates a ready instance and a ready binding of it: returns the binding's id.</summary>
    public async Task<string> ReadyBindingAsync(string tenant)
    {
        var instanceId = await ReadyInstanceAsync(tenant);
        using var created = await CreateBindingAsync(instanceId, tenant);
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        Harness.Clock.Advance(TimeSpan.FromSeconds(0.5));
        return ResourceIdOf(created);
    }

    /// <summary>The resource id in the <c>Location</c> <c>/v1/&lt;resource&gt;/&lt;id&gt;/operations/&lt;operation id&gt;</c>.</summary>
    public static string ResourceIdOf(HttpResponseMessage accepted) => accepted.Headers.Location!.OriginalString.Split('/')[3];

    public async Task<JsonNode> JsonAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await EmulatorHarness.JsonAsync(response);
    }

    public Task<JsonNode> OperationAsync(HttpResponseMessage accepted) => JsonAsync(accepted.Headers.Location!.OriginalString.TrimStart('/'));

    public Task<HttpResponseMessage> ListAsync(string resource, string? fieldQuery = null, string? labelQuery = null, string? more = null)
    {
        var query = new List<string>();
        if (fieldQuery is not null)
        {
            query.Add("fieldQuery=" + Uri.EscapeDataString(fieldQuery));
        }

        if (labelQuery is not null)
        {
            query.Add("labelQuery=" + Uri.EscapeDataString(labelQuery));
        }

        if (more is not null)
        {
            query.Add(more);
        }

        return Http.GetAsync($"v1/{resource}" + (query.Count > 0 ? "?" + string.Join('&', query) : ""));
    }

    public async Task<JsonNode> PageAsync(string resource, string? fieldQuery = null, string? labelQuery = null, string? more = null)
    {
        using var response = await ListAsync(resource, fieldQuery, labelQuery, more);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await EmulatorHarness.JsonAsync(response);
    }

    /// <summary>The names of every item, following the paging tokens.</summary>
    public async Task<List<string>> AllNamesAsync(string resource, string? fieldQuery = null, string? labelQuery = null)
    {
        var names = new List<string>();
        string? token = null;
        do
        {
            var page = await PageAsync(resource, fieldQuery, labelQuery, token is null ? null : "token=" + Uri.EscapeDataString(token));
            names.AddRange(page["items"]!.AsArray().Select(item => (string)item!["name"]!));
            token = (string?)page["token"];
        }
        while (token is not null);
        return names;
    }

    public void Dispose() => Http.Dispose();
}
