using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace InstanceManager.Emulator.Tests;

public sealed class ServiceManagerAdminTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"sm-emulator-state-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task VcapServices_HasTheManagedHanaAndTheServiceManagerBinding()
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        var document = (await emulator.Http.GetFromJsonAsync<JsonObject>("emulator/vcap-services"))!;

        Assert.Equal(["managed-hana", "service-manager"], document.Select(entry => entry.Key).Order());
        var binding = Assert.Single(document["service-manager"]!.AsArray())!;
        Assert.Equal("service-manager", (string?)binding["label"]);
        Assert.Equal("container", (string?)binding["plan"]);
        var credentials = binding["credentials"]!;
        var root = emulator.Emulator.BaseAddress.AbsoluteUri.TrimEnd('/');
        Assert.Equal(root, (string?)credentials["sm_url"]);
        Assert.Equal(root, (string?)credentials["url"]);
        Assert.Equal("sm-emulator-client", (string?)credentials["clientid"]);
        Assert.Equal("sm-emulator-secret", (string?)credentials["clientsecret"]);
        Assert.Null(credentials["service"]);
        Assert.Null(credentials["plan"]);
        Assert.Equal(JsonNode.Parse(emulator.Emulator.VcapServicesJson)!.ToJsonString(), document.ToJsonString());
    }

    [Fact]
    public async Task EmbeddedApi_ServiceManagerCredentialsAndConfiguration()
    {
        await using var emulator = await EmulatorHarness.StartAsync(options =>
        {
            options.ServiceManager.ClientId = "my-client";
            options.ServiceManager.ClientSecret = "my-secret";
        });

        var credentials = emulator.Emulator.ServiceManagerCredentials;

        Assert.Equal(["clientid", "clientsecret", "sm_url", "url", "xsappname"], credentials.Keys.Order());
        Assert.False(credentials["sm_url"].EndsWith('/'));
        Assert.Equal(credentials["sm_url"], emulator.Emulator.ServiceManagerConfiguration["sm_url"]);
        Assert.Equal("my-client", emulator.Emulator.ServiceManagerConfiguration["clientid"]);
        var token = await ServiceManagerSession.TokenAsync(emulator.Http, credentials["clientid"], credentials["clientsecret"]);
        Assert.NotEmpty(token);
    }

    [Fact]
    public async Task AdminApi_ListsServiceManagerResourcesWithParameters_DeleteInstancesClearsBoth()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var sm = await ServiceManagerSession.StartAsync(emulator);
        using var created = await sm.CreateInstanceAsync("inst", "t1", extra: ""","parameters":{"size":"s"}""");
        (await emulator.PostAsync("im-tenant")).Dispose();

        var instances = await emulator.Http.GetFromJsonAsync<JsonArray>("emulator/service-manager/instances");
        var listed = Assert.Single(instances!)!;
        Assert.Equal("inst", (string?)listed["name"]);
        Assert.Equal("s", (string?)listed["parameters"]!["size"]);
        Assert.Empty((await emulator.Http.GetFromJsonAsync<JsonArray>("emulator/service-manager/bindings"))!);

        Assert.Equal(HttpStatusCode.NoContent, (await emulator.Http.DeleteAsync("emulator/instances")).StatusCode);

        Assert.Equal(0, (int)(await sm.PageAsync("service_instances"))["num_items"]!);
        Assert.Equal(HttpStatusCode.NotFound, (await emulator.GetAsync("im-tenant")).StatusCode);
    }

    [Fact]
    public async Task FailuresApi_AcceptsTheBindingFailurePattern()
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        using var put = await emulator.Http.PutAsync("emulator/failures", JsonContent.Create(new JsonObject { ["bindingFailurePattern"] = "^x" }));

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("^x", emulator.Emulator.Failures.BindingFailurePattern);
        using var invalid = await emulator.Http.PutAsync("emulator/failures", JsonContent.Create(new JsonObject { ["bindingFailurePattern"] = "(" }));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
    }

    [Fact]
    public async Task Restart_KeepsResourcesOperationsAndTokens()
    {
        string token;
        string instanceId;
        string location;
        await using (var first = await EmulatorHarness.StartAsync(options => options.DataDirectory = _directory))
        {
            using var sm = await ServiceManagerSession.StartAsync(first);
            token = sm.Http.DefaultRequestHeaders.Authorization!.Parameter!;
            using var created = await sm.CreateInstanceAsync("kept", "t1", extra: ""","parameters":{"size":"s"}""");
            instanceId = ServiceManagerSession.ResourceIdOf(created);
            location = created.Headers.Location!.OriginalString;
        }

        await using var second = await EmulatorHarness.StartAsync(options => options.DataDirectory = _directory);
        second.Clock.Advance(TimeSpan.FromSeconds(1));
        using var client = new HttpClient { BaseAddress = second.Emulator.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);

        var instance = JsonNode.Parse(await client.GetStringAsync($"v1/service_instances/{instanceId}"))!;
        Assert.True((bool)instance["ready"]!);
        Assert.Equal("t1", (string?)instance["labels"]!["tenant_id"]![0]);
        Assert.Equal("succeeded", (string?)JsonNode.Parse(await client.GetStringAsync(location.TrimStart('/')))!["state"]);
        Assert.Equal("s", (string?)JsonNode.Parse(await client.GetStringAsync($"v1/service_instances/{instanceId}/parameters"))!["size"]);
        Assert.True(File.Exists(Path.Combine(_directory, "service-manager.json")));
        Assert.False(File.Exists(Path.Combine(_directory, "service-manager.json.tmp")));
    }

    [Fact]
    public async Task CorruptStateFile_StartRefusedNamingTheFile()
    {
        Directory.CreateDirectory(_directory);
        await File.WriteAllTextAsync(Path.Combine(_directory, "service-manager.json"), "{\"resources\":[{\"id\"");

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => EmulatorHarness.StartAsync(options => options.DataDirectory = _directory));

        Assert.Contains("service-manager.json", exception.Message, StringComparison.Ordinal);
    }
}
