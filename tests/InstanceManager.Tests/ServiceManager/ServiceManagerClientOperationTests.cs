using System.Text.Json.Nodes;
using InstanceManager.ServiceManagement;
using Microsoft.Extensions.DependencyInjection;

namespace InstanceManager.Tests.ServiceManager;

/// <summary>The low-level client's creates and deletes: the asynchronous operation is polled to its end.</summary>
public sealed class ServiceManagerClientOperationTests : IDisposable
{
    private readonly SmServer _sm = new(catalog: false);

    public void Dispose() => _sm.Dispose();

    private static Dictionary<string, IReadOnlyList<string>> Labels(string tenantId) => new() { ["tenant_id"] = [tenantId], ["app"] = ["a", "b"] };

    [Fact]
    public async Task InstancesCreateAsync_PostsTheBody_PollsUntilSucceeded_AndReturnsTheOperation()
    {
        _sm.AsyncOperation("POST", "/v1/service_instances", "service_instances", "inst-1", "op-1", "in progress", "in progress", "succeeded");

        var operation = await _sm.Clock.RunAsync(_sm.ServiceManager.Instances.CreateAsync("my-instance", SmServer.PlanId, Labels("t1"), new JsonObject { ["database_id"] = "db-1" }));

        var post = Assert.Single(_sm.Requests("POST", "/v1/service_instances")).RequestMessage;
        Assert.Equal("?async=true", post.RawQuery);
        Assert.Equal("""{"name":"my-instance","service_plan_id":"plan-hdi-shared","labels":{"tenant_id":["t1"],"app":["a","b"]},"parameters":{"database_id":"db-1"}}""", post.Body);
        Assert.Equal(3, _sm.Count("GET", "/v1/service_instances/inst-1/operations/op-1"));
        Assert.True(operation.Succeeded);
        Assert.False(operation.InProgress);
        Assert.Equal("op-1", operation.Id);
        Assert.Equal("create", operation.Type);
        Assert.Equal("inst-1", operation.ResourceId);
        Assert.Equal("/v1/service_instances", operation.ResourceType);
    }

    [Fact]
    public async Task BindingsCreateAsync_WithoutLabelsOrParameters_SendsNeither_AndTheBindingCanBeRead()
    {
        _sm.AsyncOperation("POST", "/v1/service_bindings", "service_bindings", "bind-1", "op-2", "in progress", "succeeded");
        _sm.Answer("GET", "/v1/service_bindings/bind-1", 200, SmServer.Binding("bind-1", "t1", "inst-1").ToJsonString());

        var operation = await _sm.Clock.RunAsync(_sm.ServiceManager.Bindings.CreateAsync("my-binding", "inst-1"));
        var binding = await _sm.ServiceManager.Bindings.GetAsync(operation.ResourceId!);

        Assert.Equal("""{"name":"my-binding","service_instance_id":"inst-1"}""", Assert.Single(_sm.Requests("POST", "/v1/service_bindings")).RequestMessage.Body);
        Assert.Equal(2, _sm.Count("GET", "/v1/service_bindings/bind-1/operations/op-2"));
        Assert.Equal("bind-1", operation.ResourceId);
        Assert.Equal("SCHEMA_bind-1", binding!.Credentials!.Value.GetProperty("schema").GetString());
    }

    [Fact]
    public async Task CreateAsync_OperationWithoutResourceId_TakesTheIdFromTheLocation()
    {
        _sm.Answer("POST", "/v1/service_instances", 202, location: "/v1/service_instances/inst-9/operations/op-9");
        _sm.Answer("GET", "/v1/service_instances/inst-9/operations/op-9", 200, """{"id":"op-9","type":"create","state":"succeeded","created_at":"2026-06-23T01:01:47Z"}""");

        var operation = await _sm.Clock.RunAsync(_sm.ServiceManager.Instances.CreateAsync("n", SmServer.PlanId));

        Assert.Equal("inst-9", operation.ResourceId);
        Assert.Equal("op-9", operation.Id);
        Assert.Equal("2026-06-23T01:01:47Z", operation.AdditionalProperties["created_at"].GetString());
    }

    [Fact]
    public async Task CreateAsync_CreatedAtOnce_ReturnsASucceededOperationWithTheNewId()
    {
        _sm.Answer("POST", "/v1/service_instances", 201, SmServer.Instance("inst-7", "t1", ready: true).ToJsonString());

        var operation = await _sm.ServiceManager.Instances.CreateAsync("n", SmServer.PlanId);

        Assert.True(operation.Succeeded);
        Assert.Null(operation.Id);
        Assert.Equal("inst-7", operation.ResourceId);
        Assert.Equal("/v1/service_instances", operation.ResourceType);
    }

    [Fact]
    public async Task CreateAsync_FailedWithASingleConflict_Throws409WithTheDescription()
    {
        _sm.Answer("POST", "/v1/service_instances", 202, location: "/v1/service_instances/inst-1/operations/op-1");
        _sm.Answers("GET", "/v1/service_instances/inst-1/operations/op-1",
            (200, SmServer.Operation("op-1", "in progress", "inst-1", "service_instances")),
            (200, SmServer.Operation("op-1", "failed", "inst-1", "service_instances", new JsonArray(new JsonObject { ["error"] = "Conflict", ["description"] = "instance with same name exists" }))));

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => _sm.Clock.RunAsync(_sm.ServiceManager.Instances.CreateAsync("n", SmServer.PlanId)));

        Assert.Equal(409, exception.StatusCode);
        Assert.Equal("ServiceInstances.Create", exception.Operation);
        Assert.Equal("instance with same name exists", exception.ServerDescription);
        Assert.Equal("op-1", exception.ServiceOperationId);
        Assert.Equal("ServiceInstances.Create failed: the Service Manager's create operation op-1 on the /v1/service_instances failed: instance with same name exists", exception.Message);
        Assert.Equal(2, _sm.Count("GET", "/v1/service_instances/inst-1/operations/op-1"));
    }

    [Fact]
    public async Task CreateAsync_FailedOtherwise_HasNoStatus_AndNamesEveryError()
    {
        _sm.Answer("POST", "/v1/service_bindings", 202, location: "/v1/service_bindings/b1/operations/op-1");
        _sm.Answer("GET", "/v1/service_bindings/b1/operations/op-1", 200, SmServer.Operation("op-1", "failed", "b1", "service_bindings", new JsonArray(
            new JsonObject { ["error"] = "Conflict", ["description"] = "first" },
            new JsonObject { ["error"] = "BrokerError", ["description"] = "quota exceeded" })));

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => _sm.Clock.RunAsync(_sm.ServiceManager.Bindings.CreateAsync("n", "inst-1")));

        Assert.Null(exception.StatusCode);
        Assert.Equal("ServiceBindings.Create", exception.Operation);
        Assert.EndsWith("failed: first; quota exceeded", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAsync_RefusedRequest_ThrowsWithTheStatusAndDescription_WithoutPolling()
    {
        _sm.Answer("POST", "/v1/service_instances", 400, """{"error":"BadRequest","description":"service_plan_id is invalid"}""");

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => _sm.ServiceManager.Instances.CreateAsync("n", "no-such-plan"));

        Assert.Equal(400, exception.StatusCode);
        Assert.Equal("ServiceInstances.Create failed: the service answered 400 (BadRequest): service_plan_id is invalid", exception.Message);
        Assert.Equal(1, _sm.Server.LogEntries.Count(entry => entry.RequestMessage.Path.StartsWith("/v1/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task CreateAsync_EmptyNameOrId_IsRefusedBeforeAnyRequest()
    {
        Assert.Equal("name", (await Assert.ThrowsAsync<ArgumentException>(() => _sm.ServiceManager.Instances.CreateAsync(string.Empty, SmServer.PlanId))).ParamName);
        Assert.Equal("servicePlanId", (await Assert.ThrowsAsync<ArgumentException>(() => _sm.ServiceManager.Instances.CreateAsync("n", string.Empty))).ParamName);
        Assert.Equal("serviceInstanceId", (await Assert.ThrowsAsync<ArgumentException>(() => _sm.ServiceManager.Bindings.CreateAsync("n", string.Empty))).ParamName);

        Assert.Empty(_sm.Server.LogEntries);
    }

    [Fact]
    public async Task CreateAsync_NotDoneWithinThePollingTimeout_ThrowsTheTimeoutException()
    {
        using var sm = new SmServer(catalog: false, configureServices: services => services.Configure<InstanceManagerOptions>(options => options.PollingTimeout = TimeSpan.FromSeconds(5)));
        sm.AsyncOperation("POST", "/v1/service_instances", "service_instances", "inst-1", "op-1", "in progress");

        var exception = await Assert.ThrowsAsync<InstanceManagerTimeoutException>(() => sm.Clock.RunAsync(sm.ServiceManager.Instances.CreateAsync("n", SmServer.PlanId)));

        Assert.Equal("ServiceInstances.Create did not complete within the polling timeout of 5 s.", exception.Message);
        Assert.Equal("ServiceInstances.Create", exception.Operation);
        Assert.Null(exception.TenantId);
        Assert.True(sm.Count("GET", "/v1/service_instances/inst-1/operations/op-1") >= 2);
    }

    [Fact]
    public async Task DeleteAsync_PollsUntilSucceeded_AndReturnsTheOperation()
    {
        _sm.AsyncOperation("DELETE", "/v1/service_instances/inst-1", "service_instances", "inst-1", "op-d", "in progress", "succeeded");

        var operation = await _sm.Clock.RunAsync(_sm.ServiceManager.Instances.DeleteAsync("inst-1"));

        Assert.Equal("?async=true", Assert.Single(_sm.Requests("DELETE", "/v1/service_instances/inst-1")).RequestMessage.RawQuery);
        Assert.Equal(2, _sm.Count("GET", "/v1/service_instances/inst-1/operations/op-d"));
        Assert.NotNull(operation);
        Assert.True(operation.Succeeded);
        Assert.Equal("op-d", operation.Id);
    }

    [Fact]
    public async Task DeleteAsync_DeletedAtOnce_ReturnsASucceededOperation()
    {
        _sm.Answer("DELETE", "/v1/service_bindings/b1", 200, "{}");

        var operation = await _sm.ServiceManager.Bindings.DeleteAsync("b1");

        Assert.NotNull(operation);
        Assert.True(operation.Succeeded);
        Assert.Equal("delete", operation.Type);
        Assert.Equal("b1", operation.ResourceId);
        Assert.Equal("/v1/service_bindings", operation.ResourceType);
    }

    [Fact]
    public async Task DeleteAsync_Absent_ReturnsNullWithoutPolling()
    {
        _sm.Answer("DELETE", "/v1/service_bindings/gone", 404, """{"error":"NotFound","description":"not found"}""");

        var operation = await _sm.ServiceManager.Bindings.DeleteAsync("gone");

        Assert.Null(operation);
        Assert.Equal(["POST /oauth/token", "DELETE /v1/service_bindings/gone"], _sm.Sequence());
    }

    [Fact]
    public async Task DeleteAsync_Failed_ThrowsWithTheDescription()
    {
        _sm.Answer("DELETE", "/v1/service_instances/inst-1", 202, location: "/v1/service_instances/inst-1/operations/op-d");
        _sm.Answer("GET", "/v1/service_instances/inst-1/operations/op-d", 200, """{"id":"op-d","type":"delete","state":"failed","resource_type":"/v1/service_instances","errors":{"error":"BadRequest","description":"instance has bindings"}}""");

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => _sm.Clock.RunAsync(_sm.ServiceManager.Instances.DeleteAsync("inst-1")));

        Assert.Equal("ServiceInstances.Delete failed: the Service Manager's delete operation op-d on the /v1/service_instances failed: instance has bindings", exception.Message);
        Assert.Null(exception.StatusCode);
    }

    [Fact]
    public async Task DeleteAsync_RefusedRequest_ThrowsWithTheStatus()
    {
        _sm.Answer("DELETE", "/v1/service_instances/inst-1", 422, """{"error":"UnprocessableEntity","description":"instance is in use"}""");

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => _sm.ServiceManager.Instances.DeleteAsync("inst-1"));

        Assert.Equal(422, exception.StatusCode);
        Assert.Equal("ServiceInstances.Delete", exception.Operation);
        Assert.Contains("instance is in use", exception.Message, StringComparison.Ordinal);
    }
}
