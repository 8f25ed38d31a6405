using System.Net;
using System.Text;

namespace InstanceManager.Emulator.Tests;

public sealed class ServiceManagerLifecycleTests
{
    [Fact]
    public async Task CreateInstance_202WithOperationPath_InProgressUntilTheDelay_ThenSucceededAndReady()
    {
        await using var emulator = await EmulatorHarness.StartAsync(options => options.ServiceManager.InstanceCreationDelay = TimeSpan.FromSeconds(3));
        using var sm = await ServiceManagerSession.StartAsync(emulator);

        using var created = await sm.CreateInstanceAsync("inst-1", "t1");

        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var location = created.Headers.Location!;
        Assert.False(location.IsAbsoluteUri);
        Assert.Matches("^/v1/service_instances/[0-9a-f-]{36}/operations/[0-9a-f-]{36}$", location.OriginalString);
        var id = ServiceManagerSession.ResourceIdOf(created);
        var operation = await sm.OperationAsync(created);
        Assert.Equal("create", (string?)operation["type"]);
        Assert.Equal("in progress", (string?)operation["state"]);
        Assert.Equal(id, (string?)operation["resource_id"]);
        Assert.False((bool)(await sm.JsonAsync($"v1/service_instances/{id}"))["ready"]!);

        emulator.Clock.Advance(TimeSpan.FromSeconds(2.9));
        Assert.Equal("in progress", (string?)(await sm.OperationAsync(created))["state"]);
        emulator.Clock.Advance(TimeSpan.FromSeconds(0.1));

        var succeeded = await sm.OperationAsync(created);
        Assert.Equal("succeeded", (string?)succeeded["state"]);
        Assert.Null(succeeded["errors"]);
        var instance = await sm.JsonAsync($"v1/service_instances/{id}");
        Assert.True((bool)instance["ready"]!);
        Assert.Equal("inst-1", (string?)instance["name"]);
        Assert.Equal(await sm.PlanIdAsync(), (string?)instance["service_plan_id"]);
        Assert.Equal("t1", (string?)instance["labels"]!["tenant_id"]![0]);
        Assert.Equal("2026-11-24T10:00:00.000000Z", (string?)instance["created_at"]);
        Assert.Equal("2026-11-24T10:00:03.000000Z", (string?)instance["updated_at"]);
    }

    [Fact]
    public async Task Binding_ReadyAfterTheDelay_WithTheTenantsCredentials()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var sm = await ServiceManagerSession.StartAsync(emulator);
        var instanceId = await sm.ReadyInstanceAsync("t1");

        using var created = await sm.CreateBindingAsync(instanceId, "t1", name: "b-1");

        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        Assert.StartsWith("/v1/service_bindings/", created.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var id = ServiceManagerSession.ResourceIdOf(created);
        var pending = await sm.JsonAsync($"v1/service_bindings/{id}");
        Assert.False((bool)pending["ready"]!);
        Assert.Null(pending["credentials"]);
        emulator.Clock.Advance(TimeSpan.FromSeconds(0.5));
        Assert.Equal("succeeded", (string?)(await sm.OperationAsync(created))["state"]);
        var binding = await sm.JsonAsync($"v1/service_bindings/{id}");
        Assert.True((bool)binding["ready"]!);
        Assert.Equal(instanceId, (string?)binding["service_instance_id"]);
        Assert.Equal("b-1", (string?)binding["name"]);
        Assert.Equal(EmulatedCredentials.For("t1")["password"], (string?)binding["credentials"]!["password"]);
        Assert.Equal(EmulatedCredentials.For("t1")["schema"], (string?)binding["credentials"]!["schema"]);
    }

    [Fact]
    public async Task BindingWithoutTenantLabel_CredentialsOfTheInstancesTenant()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var sm = await ServiceManagerSession.StartAsync(emulator);
        var instanceId = await sm.ReadyInstanceAsync("t7");

        using var created = await sm.CreateBindingAsync(instanceId, tenant: null);
        emulator.Clock.Advance(TimeSpan.FromSeconds(1));

        var binding = await sm.JsonAsync($"v1/service_bindings/{ServiceManagerSession.ResourceIdOf(created)}");
        Assert.Equal(EmulatedCredentials.For("t7")["user"], (string?)binding["credentials"]!["user"]);
    }

    [Fact]
    public async Task Bind_InstanceNotReady_422_UnknownInstance_404()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var sm = await ServiceManagerSession.StartAsync(emulator);
        using var creating = await sm.CreateInstanceAsync("inst-1", "t1");

        using var early = await sm.CreateBindingAsync(ServiceManagerSession.ResourceIdOf(creating), "t1");
        using var unknown = await sm.CreateBindingAsync(Guid.NewGuid().ToString(), "t1");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, early.StatusCode);
        Assert.Contains("in progress", (string?)(await EmulatorHarness.JsonAsync(early))["description"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("NotFound", (string?)(await EmulatorHarness.JsonAsync(unknown))["error"]);
        Assert.Equal(0, (int)(await sm.PageAsync("service_bindings"))["num_items"]!);
    }

    [Fact]
    public async Task DuplicateInstanceName_409Conflict()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var sm = await ServiceManagerSession.StartAsync(emulator);
        (await sm.CreateInstanceAsync("same", "t1")).Dispose();

        using var again = await sm.CreateInstanceAsync("same", "t2");

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var json = await EmulatorHarness.JsonAsync(again);
        Assert.Equal("Conflict", (string?)json["error"]);
        Assert.Contains("same", (string?)json["description"], StringComparison.Ordinal);
        Assert.Equal(1, (int)(await sm.PageAsync("service_instances"))["num_items"]!);
    }

    [Fact]
    public async Task ConcurrentCreatesOfOneName_ExactlyOneAccepted()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var sm = await ServiceManagerSession.StartAsync(emulator);
        var planId = await sm.PlanIdAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => sm.CreateInstanceAsync("race", "t1", planId)));

        Assert.Equal(1, responses.Count(response => response.StatusCode == HttpStatusCode.Accepted));
        Assert.Equal(9, responses.Count(response => response.StatusCode == HttpStatusCode.Conflict));
    }

    [Fact]
    public async Task DeleteInstanceWithBindings_409_AfterTheBindingIsGone_Deletable()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var sm = await ServiceManagerSession.StartAsync(emulator);
        var bindingId = await sm.ReadyBindingAsync("t1");
        var instanceId = (string)(await sm.JsonAsync($"v1/service_bindings/{bindingId}"))["service_instance_id"]!;

        using var refused = await sm.Http.DeleteAsync($"v1/service_instances/{instanceId}?async=true");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("binding", (string?)(await EmulatorHarness.JsonAsync(refused))["description"], StringComparison.Ordinal);

        using var unbound = await sm.Http.DeleteAsync($"v1/service_bindings/{bindingId}?async=true");
        Assert.Equal(HttpStatusCode.Accepted, unbound.StatusCode);
        emulator.Clock.Advance(TimeSpan.FromSeconds(0.5));
        Assert.Equal("succeeded", (string?)(await sm.OperationAsync(unbound))["state"]);
        Assert.Equal(HttpStatusCode.Accepted, (await sm.Http.DeleteAsync($"v1/service_instances/{instanceId}?async=true")).StatusCode);
    }

    [Fact]
    public async Task Delete_ResourceExistsUntilTheOperationSucceeds_Then404_OperationStillReadable()
    {
        await using var emulator = await EmulatorHarness.StartAsync(options => options.ServiceManager.DeletionDelay = TimeSpan.FromSeconds(2));
        using var sm = await ServiceManagerSession.StartAsync(emulator);
        var instanceId = await sm.ReadyInstanceAsync("t1");

        using var deleted = await sm.Http.DeleteAsync($"v1/service_instances/{instanceId}?async=true");

        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        var operation = await sm.OperationAsync(deleted);
        Assert.Equal("delete", (string?)operation["type"]);
        Assert.Equal("in progress", (string?)operation["state"]);
        var deleting = await sm.JsonAsync($"v1/service_instances/{instanceId}");
        Assert.True((bool)deleting["ready"]!);
        Assert.Equal("delete", (string?)deleting["last_operation"]!["type"]);
        emulator.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(HttpStatusCode.NotFound, (await sm.Http.GetAsync($"v1/service_instances/{instanceId}")).StatusCode);
        Assert.Equal("succeeded", (string?)(await sm.OperationAsync(deleted))["state"]);
        Assert.Equal(0, (int)(await sm.PageAsync("service_instances"))["num_items"]!);
        Assert.Equal(HttpStatusCode.NotFound, (await sm.Http.DeleteAsync($"v1/service_instances/{instanceId}?async=true")).StatusCode);
    }

    [Fact]
    public async Task DeleteRepeatedDuringTheDeletion_SameOperation()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var sm = await ServiceManagerSession.StartAsync(emulator);
        var instanceId = await sm.ReadyInstanceAsync("t1");

        using var first = await sm.Http.DeleteAsync($"v1/service_instances/{instanceId}?async=true");
        using var second = await sm.Http.DeleteAsync($"v1/service_instances/{instanceId}?async=true");

        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
    }

    [Fact]
    public async Task DeleteDuringCreation_422()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var sm = await ServiceManagerSession.StartAsync(emulator);
        using var created = await sm.CreateInstanceAsync("inst-1", "t1");

        using var response = await sm.Http.DeleteAsync($"v1/service_instances/{ServiceManagerSession.ResourceIdOf(created)}?async=true");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("ConcurrentOperationInProgress", (string?)(await EmulatorHarness.JsonAsync(response))["error"]);
    }

    [Fact]
    public async Task SynchronousCreateAndDelete_CompleteAtOnce()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var sm = await ServiceManagerSession.StartAsync(emulator);

        using var created = await sm.CreateInstanceAsync("sync-1", "t1", async: false);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var instance = await EmulatorHarness.JsonAsync(created);
        Assert.True((bool)instance["ready"]!);
        using var deleted = await sm.Http.DeleteAsync($"v1/service_instances/{instance["id"]}");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal("{}", await deleted.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await sm.Http.GetAsync($"v1/service_instances/{instance["id"]}")).StatusCode);
    }

    [Fact]
    public async Task Parameters_StoredAndReadable()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var sm = await ServiceManagerSession.StartAsync(emulator);

        using var created = await sm.CreateInstanceAsync("p-1", "t1", extra: ""","parameters":{"database_id":"db-1"}""");

        var parameters = await sm.JsonAsync($"v1/service_instances/{ServiceManagerSession.ResourceIdOf(created)}/parameters");
        Assert.Equal("db-1", (string?)parameters["database_id"]);
    }

    [Theory]
    [InlineData("""{"service_plan_id":"PLAN"}""", "'name'")]
    [InlineData("""{"name":"x"}""", "'service_plan_id'")]
    [InlineData("""{"name":"x","service_plan_id":"PLAN","labels":{"tenant_id":"t1"}}""", "tenant_id")]
    [InlineData("""{"name":"x","service_plan_id":"PLAN","labels":[]}""", "'labels'")]
    [InlineData("""{"name":"x","service_plan_id":"PLAN","parameters":"p"}""", "'parameters'")]
    [InlineData("""["x"]""", "JSON object")]
    [InlineData("""{"name":""", "not valid JSON")]
    public async Task InvalidCreateBody_400NamingTheProblem(string body, string named)
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var sm = await ServiceManagerSession.StartAsync(emulator);
        var planId = await sm.PlanIdAsync();

        using var response = await sm.Http.PostAsync("v1/service_instances?async=true", new StringContent(body.Replace("PLAN", planId, StringComparison.Ordinal), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var json = await EmulatorHarness.JsonAsync(response);
        Assert.Equal("BadRequest", (string?)json["error"]);
        Assert.Contains(named, (string?)json["description"], StringComparison.Ordinal);
        Assert.Equal(0, (int)(await sm.PageAsync("service_instances"))["num_items"]!);
    }

    [Fact]
    public async Task UnknownPlan_404()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var sm = await ServiceManagerSession.StartAsync(emulator);

        using var response = await sm.CreateInstanceAsync("x", "t1", planId: "no-such-plan");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("service_plan", (string?)(await EmulatorHarness.JsonAsync(response))["description"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownIds_404()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var sm = await ServiceManagerSession.StartAsync(emulator);
        var instanceId = await sm.ReadyInstanceAsync("t1");

        Assert.Equal(HttpStatusCode.NotFound, (await sm.Http.GetAsync("v1/service_instances/nope")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await sm.Http.GetAsync("v1/service_bindings/nope")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await sm.Http.DeleteAsync("v1/service_bindings/nope?async=true")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await sm.Http.GetAsync($"v1/service_instances/{instanceId}/operations/nope")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await sm.Http.GetAsync($"v1/service_bindings/{instanceId}")).StatusCode);
    }
}
