using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace InstanceManager.Tests.ServiceManager;

public sealed class CreateTests : IDisposable
{
    private readonly SmServer _sm = new();

    public void Dispose() => _sm.Dispose();

    /// <summary>base64(SHA-256("plan-hdi-shared_t1")), as the official client names the instance.</summary>
    private static string ExpectedName(string tenantId) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(SmServer.PlanId + "_" + tenantId)));

    private void InstanceCreated() =>
        _sm.AsyncOperation("POST", "/v1/service_instances", "service_instances", "inst-1", "op-1", "in progress", "succeeded");

    private void BindingCreated()
    {
        _sm.AsyncOperation("POST", "/v1/service_bindings", "service_bindings", "bind-1", "op-2", "in progress", "succeeded");
        _sm.Answer("GET", "/v1/service_bindings/bind-1", 200, SmServer.Binding("bind-1", "t1", "inst-1").ToJsonString());
    }

    [Fact]
    public async Task CreateAsync_CreatesInstanceThenBinding_AndReturnsTheReferenceShape()
    {
        InstanceCreated();
        BindingCreated();
        var parameters = new InstanceParameters
        {
            ProvisioningParameters = new JsonObject { ["database_id"] = "db-1" },
            BindingParameters = new JsonObject { ["permissions"] = new JsonArray("read") },
        };

        var instance = await _sm.Clock.RunAsync(_sm.Client.CreateAsync("t1", parameters));

        var postInstance = Assert.Single(_sm.Requests("POST", "/v1/service_instances")).RequestMessage;
        Assert.Equal("?async=true", postInstance.RawQuery);
        var instanceBody = JsonNode.Parse(postInstance.Body!)!;
        Assert.Equal(ExpectedName("t1"), instanceBody["name"]!.GetValue<string>());
        Assert.Equal(SmServer.PlanId, instanceBody["service_plan_id"]!.GetValue<string>());
        Assert.Equal("""{"tenant_id":["t1"]}""", instanceBody["labels"]!.ToJsonString());
        Assert.Equal("""{"database_id":"db-1"}""", instanceBody["parameters"]!.ToJsonString());

        var postBinding = Assert.Single(_sm.Requests("POST", "/v1/service_bindings")).RequestMessage;
        Assert.Equal("?async=true", postBinding.RawQuery);
        var bindingBody = JsonNode.Parse(postBinding.Body!)!;
        Assert.True(Guid.TryParse(bindingBody["name"]!.GetValue<string>(), out _));
        Assert.Equal("inst-1", bindingBody["service_instance_id"]!.GetValue<string>());
        Assert.Equal("""{"tenant_id":["t1"],"service_plan_id":["plan-hdi-shared"],"managing_client_lib":["instance-manager-client-lib"]}""", bindingBody["labels"]!.ToJsonString());
        Assert.Equal("""{"permissions":["read"]}""", bindingBody["parameters"]!.ToJsonString());

        Assert.Equal(2, _sm.Count("GET", "/v1/service_instances/inst-1/operations/op-1"));
        Assert.Equal(2, _sm.Count("GET", "/v1/service_bindings/bind-1/operations/op-2"));
        Assert.Equal("t1", instance.TenantId);
        Assert.Equal(InstanceStatus.CreationSucceeded, instance.Status);
        Assert.Equal("SCHEMA_bind-1", instance.GetCredential("schema"));
        var completed = Assert.Single(_sm.Logs.Entries, entry => entry.EventId.Id == 3);
        Assert.Contains("Create for tenant 't1' completed with status CreationSucceeded.", completed.Text, StringComparison.Ordinal);
        Assert.Equal(
            """{"tenant_id":"t1","status":"CREATION_SUCCEEDED","credentials":{"host":"hana.example","schema":"SCHEMA_bind-1","password":"hdi-Pa55-w0rd-SECRET"},"label":"hana","plan":"hdi-shared","tags":["hana","database"]}""",
            JsonSerializer.Serialize(instance));
    }

    [Fact]
    public async Task CreateAsync_InstanceThenBinding_ShareOnePollingBudget()
    {
        // Each operation alone takes about 14.5 s of adaptive polling (13 answers "in progress"); the budget is 20 s
        // for the whole create, so the binding cannot get a budget of its own.
        using var sm = new SmServer(configureServices: services => services.Configure<InstanceManagerOptions>(options => options.PollingTimeout = TimeSpan.FromSeconds(20)));
        var inProgress = Enumerable.Repeat("in progress", 13);
        sm.AsyncOperation("POST", "/v1/service_instances", "service_instances", "inst-1", "op-1", [.. inProgress, "succeeded"]);
        sm.AsyncOperation("POST", "/v1/service_bindings", "service_bindings", "bind-1", "op-2", [.. inProgress, "succeeded"]);
        sm.Answer("GET", "/v1/service_bindings/bind-1", 200, SmServer.Binding("bind-1", "t1", "inst-1").ToJsonString());
        sm.Answer("DELETE", "/v1/service_instances/inst-1", 200, "{}");
        var started = sm.Clock.GetUtcNow();

        var error = await Assert.ThrowsAsync<InstanceManagerException>(() => sm.Clock.RunAsync(sm.Client.CreateAsync("t1")));

        var timeout = Assert.IsType<InstanceManagerTimeoutException>(error.InnerException);
        Assert.Equal("Create", timeout.Operation);
        Assert.Equal(TimeSpan.FromSeconds(20), timeout.Timeout);
        Assert.Contains("did not complete within the polling timeout of 20 s", error.Message, StringComparison.Ordinal);
        Assert.Contains("the new instance was deleted again", error.Message, StringComparison.Ordinal);
        Assert.Equal(14, sm.Count("GET", "/v1/service_instances/inst-1/operations/op-1"));
        // Fewer polls than the binding needed: it was given what was left of the budget, not a budget of its own.
        Assert.InRange(sm.Count("GET", "/v1/service_bindings/bind-1/operations/op-2"), 0, 13);
        Assert.InRange(sm.Clock.GetUtcNow() - started, TimeSpan.FromSeconds(19), TimeSpan.FromSeconds(21));
        Assert.Equal(1, sm.Count("DELETE", "/v1/service_instances/inst-1"));
    }

    [Fact]
    public async Task CreateAsync_WithoutParameters_SendsNoParametersField()
    {
        InstanceCreated();
        BindingCreated();

        await _sm.Clock.RunAsync(_sm.Client.CreateAsync("t1"));

        Assert.Null(JsonNode.Parse(Assert.Single(_sm.Requests("POST", "/v1/service_instances")).RequestMessage.Body!)!["parameters"]);
        Assert.Null(JsonNode.Parse(Assert.Single(_sm.Requests("POST", "/v1/service_bindings")).RequestMessage.Body!)!["parameters"]);
    }

    [Fact]
    public async Task CreateAsync_CachesTheInstance()
    {
        InstanceCreated();
        BindingCreated();

        var created = await _sm.Clock.RunAsync(_sm.Client.CreateAsync("t1"));
        var cached = await _sm.Client.GetAsync("t1");

        Assert.Same(created, cached);
        Assert.Equal(0, _sm.Count("GET", "/v1/service_bindings"));
    }

    [Fact]
    public async Task CreateAsync_WhenBindingFails_DeletesTheInstanceAgain()
    {
        InstanceCreated();
        _sm.Answer("POST", "/v1/service_bindings", 202, location: "/v1/service_bindings/bind-1/operations/op-2");
        _sm.Answer("GET", "/v1/service_bindings/bind-1/operations/op-2", 200, SmServer.Operation("op-2", "failed", "bind-1", "service_bindings", new JsonObject { ["error"] = "BadRequest", ["description"] = "binding broke" }));
        _sm.AsyncOperation("DELETE", "/v1/service_instances/inst-1", "service_instances", "inst-1", "op-3", "succeeded");

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => _sm.Clock.RunAsync(_sm.Client.CreateAsync("t1")));

        Assert.Equal(1, _sm.Count("DELETE", "/v1/service_instances/inst-1"));
        Assert.Equal("?async=true", Assert.Single(_sm.Requests("DELETE", "/v1/service_instances/inst-1")).RequestMessage.RawQuery);
        Assert.Equal(1, _sm.Count("GET", "/v1/service_instances/inst-1/operations/op-3"));
        Assert.Contains("binding broke", exception.Message, StringComparison.Ordinal);
        Assert.Contains("the new instance was deleted again", exception.Message, StringComparison.Ordinal);
        Assert.Equal("Create", exception.Operation);
        var rollingBack = Assert.Single(_sm.Logs.Entries, entry => entry.EventId.Id == 16);
        Assert.Equal(LogLevel.Warning, rollingBack.Level);
        Assert.Contains("Create for tenant 't1': the binding could not be created, so the new instance is deleted again: ", rollingBack.Text, StringComparison.Ordinal);
        Assert.Contains("binding broke", rollingBack.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAsync_WhenABindingWasCreatedAfterAll_TheRollbackDeletesItBeforeTheInstance()
    {
        InstanceCreated();
        _sm.Answer("POST", "/v1/service_bindings", 202, location: "/v1/service_bindings/bind-1/operations/op-2");
        _sm.Answer("GET", "/v1/service_bindings/bind-1/operations/op-2", 200, SmServer.Operation("op-2", "failed", "bind-1", "service_bindings", new JsonObject { ["error"] = "BadRequest", ["description"] = "binding broke" }));
        _sm.Answer("GET", "/v1/service_bindings", 200, SmServer.Page([SmServer.Binding("bind-late", "t1", "inst-1")]));
        _sm.AsyncOperation("DELETE", "/v1/service_bindings/bind-late", "service_bindings", "bind-late", "op-4", "succeeded");
        _sm.AsyncOperation("DELETE", "/v1/service_instances/inst-1", "service_instances", "inst-1", "op-3", "succeeded");

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => _sm.Clock.RunAsync(_sm.Client.CreateAsync("t1")));

        Assert.Contains("binding broke", exception.Message, StringComparison.Ordinal);
        Assert.Equal("service_instance_id eq 'inst-1'", Assert.Single(_sm.Requests("GET", "/v1/service_bindings")).RequestMessage.Query!["fieldQuery"][0]);
        var deletes = _sm.Sequence().Where(request => request.StartsWith("DELETE", StringComparison.Ordinal)).ToList();
        Assert.Equal(["DELETE /v1/service_bindings/bind-late", "DELETE /v1/service_instances/inst-1"], deletes);
        Assert.DoesNotContain(_sm.Logs.Entries, entry => entry.EventId.Id == 42);
    }

    [Fact]
    public async Task CreateAsync_WhenTheLateBindingsCannotBeListed_TheRollbackStillDeletesTheInstance_AndLogsWhy()
    {
        InstanceCreated();
        _sm.Answer("POST", "/v1/service_bindings", 400, """{"error":"BadRequest","description":"binding refused"}""");
        _sm.Answer("GET", "/v1/service_bindings", 500, """{"error":"InternalError","description":"bindings unavailable"}""");
        _sm.AsyncOperation("DELETE", "/v1/service_instances/inst-1", "service_instances", "inst-1", "op-3", "succeeded");

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => _sm.Clock.RunAsync(_sm.Client.CreateAsync("t1")));

        Assert.Contains("binding refused", exception.Message, StringComparison.Ordinal);
        Assert.Equal(1, _sm.Count("DELETE", "/v1/service_instances/inst-1"));
        var left = Assert.Single(_sm.Logs.Entries, entry => entry.EventId.Id == 42);
        Assert.Equal(LogLevel.Warning, left.Level);
        Assert.Contains("Create for tenant 't1': the bindings of the new instance could not be cleaned up", left.Text, StringComparison.Ordinal);
        Assert.Contains("bindings unavailable", left.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAsync_WhenBindingAndRollbackFail_ReportsBothErrors()
    {
        InstanceCreated();
        _sm.Answer("POST", "/v1/service_bindings", 400, """{"error":"BadRequest","description":"binding refused"}""");
        _sm.Answer("DELETE", "/v1/service_instances/inst-1", 500, """{"error":"InternalError","description":"delete broke"}""");

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => _sm.Clock.RunAsync(_sm.Client.CreateAsync("t1")));

        Assert.Equal(1, _sm.Count("DELETE", "/v1/service_instances/inst-1"));
        Assert.Contains("binding refused", exception.Message, StringComparison.Ordinal);
        Assert.Contains("delete broke", exception.Message, StringComparison.Ordinal);
        Assert.Equal(400, exception.StatusCode);
        var both = Assert.IsType<AggregateException>(exception.InnerException);
        Assert.Equal(2, both.InnerExceptions.Count);
    }

    [Fact]
    public async Task CreateAsync_WhenTheInstanceOperationFailsWithConflict_Throws409AndCreatesNoBinding()
    {
        _sm.Answer("POST", "/v1/service_instances", 202, location: "/v1/service_instances/inst-1/operations/op-1");
        _sm.Answer("GET", "/v1/service_instances/inst-1/operations/op-1", 200, SmServer.Operation("op-1", "failed", "inst-1", "service_instances", new JsonArray(new JsonObject { ["error"] = "Conflict", ["description"] = "instance with same name exists" })));

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => _sm.Clock.RunAsync(_sm.Client.CreateAsync("t1")));

        Assert.Equal(409, exception.StatusCode);
        Assert.Contains("instance with same name exists", exception.Message, StringComparison.Ordinal);
        Assert.Equal(0, _sm.Count("POST", "/v1/service_bindings"));
        Assert.Equal(0, _sm.Count("DELETE", "/v1/service_instances/inst-1"));
    }

    [Fact]
    public async Task CreateAsync_WhenThePostAnswers409_Throws409()
    {
        _sm.Answer("POST", "/v1/service_instances", 409, """{"error":"Conflict","description":"already exists"}""");

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => _sm.Clock.RunAsync(_sm.Client.CreateAsync("t1")));

        Assert.Equal(409, exception.StatusCode);
        Assert.Contains("already exists", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAsync_WhenTheInstanceOperationFailsOtherwise_HasNoStatus()
    {
        _sm.Answer("POST", "/v1/service_instances", 202, location: "/v1/service_instances/inst-1/operations/op-1");
        _sm.Answer("GET", "/v1/service_instances/inst-1/operations/op-1", 200, SmServer.Operation("op-1", "failed", "inst-1", "service_instances", new JsonObject { ["error"] = "BrokerError", ["description"] = "quota exceeded" }));

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => _sm.Clock.RunAsync(_sm.Client.CreateAsync("t1")));

        Assert.Null(exception.StatusCode);
        Assert.Contains("quota exceeded", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAsync_WhenTheServiceCreatesSynchronously_UsesTheIdsFromTheBodies()
    {
        _sm.Answer("POST", "/v1/service_instances", 201, SmServer.Instance("inst-7", "t1", ready: true).ToJsonString());
        _sm.Answer("POST", "/v1/service_bindings", 201, SmServer.Binding("bind-7", "t1", "inst-7").ToJsonString());
        _sm.Answer("GET", "/v1/service_bindings/bind-7", 200, SmServer.Binding("bind-7", "t1", "inst-7").ToJsonString());

        var instance = await _sm.Client.CreateAsync("t1");

        Assert.Equal("SCHEMA_bind-7", instance.GetCredential("schema"));
        Assert.Contains("\"service_instance_id\":\"inst-7\"", Assert.Single(_sm.Requests("POST", "/v1/service_bindings")).RequestMessage.Body, StringComparison.Ordinal);
    }
}
