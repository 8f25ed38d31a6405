using System.Text.Json.Nodes;
using InstanceManager.Backends.ServiceManagerApi;
using InstanceManager.Calls;
using Microsoft.Extensions.DependencyInjection;

namespace InstanceManager.Tests.ServiceManager;

/// <summary>Operations resumed by id against the Service Manager: how the tenant's instance and bindings decide each poll.</summary>
public sealed class OperationCheckTests : IDisposable
{
    private readonly SmServer _sm = new();

    public void Dispose() => _sm.Dispose();

    private static JsonObject WithLastOperation(JsonObject instance, string? type, string state)
    {
        var operation = new JsonObject { ["state"] = state };
        if (type is not null)
        {
            operation["type"] = type;
        }

        instance["last_operation"] = operation;
        return instance;
    }

    [Fact]
    public async Task AResumedDelete_CompletesWhenTheInstanceIsGone()
    {
        _sm.Answers(
            "GET",
            "/v1/service_instances",
            (200, SmServer.Page([WithLastOperation(SmServer.Instance("inst-1", "t1", ready: true), "delete", "in progress")])),
            (200, SmServer.Page([])));

        var instance = await _sm.Clock.RunAsync(_sm.Client.ResumeOperation("delete:t1").WaitForCompletionAsync());

        Assert.Null(instance);
        Assert.Equal(2, _sm.Count("GET", "/v1/service_instances"));
    }

    [Theory]
    [InlineData("delete", "delete:t1", "the Service Manager's delete operation on the instance (inst-1) failed.")]
    [InlineData(null, "delete:t1", "the Service Manager's last operation on the instance (inst-1) failed.")]
    [InlineData("create", "create:t1", "the Service Manager's create operation on the instance (inst-1) failed.")]
    [InlineData(null, "create:t1", "the Service Manager's create operation on the instance (inst-1) failed.")]
    [InlineData("update", "create:t1", "the Service Manager's update operation on the instance (inst-1) failed.")]
    public async Task AResumedOperation_WhoseLastOperationFailed_FailsNamingIt(string? type, string id, string reason)
    {
        _sm.Answer("GET", "/v1/service_instances", 200, SmServer.Page([WithLastOperation(SmServer.Instance("inst-1", "t1", ready: false), type, "failed")]));

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => _sm.Clock.RunAsync(_sm.Client.ResumeOperation(id).WaitForCompletionAsync()));

        Assert.EndsWith(reason, exception.Message, StringComparison.Ordinal);
        Assert.Null(exception.StatusCode);
    }

    [Fact]
    public async Task AResumedCreate_OfATenantWithoutAnInstance_Is404()
    {
        _sm.Answer("GET", "/v1/service_instances", 200, SmServer.Page([]));

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => _sm.Clock.RunAsync(_sm.Client.ResumeOperation("create:t1").WaitForCompletionAsync()));

        Assert.Equal(404, exception.StatusCode);
        Assert.EndsWith("the tenant has no instance: it was deleted, or its creation was never accepted.", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AResumedCreate_WaitsForTheInstance_ThenReturnsItsReadyBinding()
    {
        _sm.Answers(
            "GET",
            "/v1/service_instances",
            (200, SmServer.Page([WithLastOperation(SmServer.Instance("inst-1", "t1", ready: false), "create", "in progress")])),
            (200, SmServer.Page([SmServer.Instance("inst-1", "t1", ready: true)])));
        _sm.Answer("GET", "/v1/service_bindings", 200, SmServer.Page([SmServer.Binding("bind-1", "t1", "inst-1")]));

        var instance = await _sm.Clock.RunAsync(_sm.Client.ResumeOperation("create:t1").WaitForCompletionAsync());

        Assert.Equal("SCHEMA_bind-1", instance!.GetCredential("schema"));
        Assert.Equal(0, _sm.Count("POST", "/v1/service_bindings"));
    }

    [Fact]
    public async Task AResumedCreate_OfAReadyInstanceWithoutABinding_BindsIt_AndARefusedBindingFailsIt()
    {
        _sm.Answer("GET", "/v1/service_instances", 200, SmServer.Page([SmServer.Instance("inst-1", "t1", ready: true)]));
        _sm.Answer("GET", "/v1/service_bindings", 200, SmServer.Page([]));
        _sm.Answer("POST", "/v1/service_bindings", 400, """{"error":"BadRequest","description":"binding parameters rejected"}""");

        var operation = _sm.Client.ResumeOperation("create:t1");
        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => _sm.Clock.RunAsync(operation.WaitForCompletionAsync()));

        Assert.Equal((400, "binding parameters rejected"), (exception.StatusCode, exception.ServerDescription));
        Assert.Equal(1, _sm.Count("POST", "/v1/service_bindings"));

        // A refused binding ends the operation; looking again does not bind again.
        Assert.True(operation.HasCompleted);
        Assert.Same(exception, await Assert.ThrowsAsync<InstanceManagerException>(() => operation.UpdateStatusAsync()));
        Assert.Equal(1, _sm.Count("POST", "/v1/service_bindings"));
    }

    [Fact]
    public async Task AResumedCreate_BindsWithTheDefaultBindingParameters()
    {
        using var sm = new SmServer(configureServices: services => services.Configure<InstanceManagerOptions>(
            options => options.DefaultParameters = new InstanceParameters { BindingParameters = new JsonObject { ["role"] = "reader" } }));
        sm.Answer("GET", "/v1/service_instances", 200, SmServer.Page([SmServer.Instance("inst-1", "t1", ready: true)]));
        sm.Answer("GET", "/v1/service_bindings", 200, SmServer.Page([]));
        sm.Answer("POST", "/v1/service_bindings", 400, """{"error":"BadRequest","description":"refused"}""");

        await Assert.ThrowsAsync<InstanceManagerException>(() => sm.Clock.RunAsync(sm.Client.ResumeOperation("create:t1").WaitForCompletionAsync()));

        var post = Assert.Single(sm.Requests("POST", "/v1/service_bindings")).RequestMessage;
        Assert.Contains("""
            "parameters":{"role":"reader"}
            """, post.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, "the tenant has no instance to bind.", 404)]
    [InlineData(true, "the tenant's instance is not ready to be bound.", null)]
    public async Task RepairingTheBindingOfATenantWithoutAUsableInstance_FailsSayingWhy(bool hasInstance, string reason, int? status)
    {
        _sm.Answer("GET", "/v1/service_instances", 200, SmServer.Page(hasInstance ? [SmServer.Instance("inst-1", "t1", ready: false)] : []));
        var backend = _sm.Services.GetRequiredService<ServiceManagerBackend>();

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => backend.RepairBindingAsync(CallContext.ForTenant("Reconcile", "t1", _sm.Clock), CancellationToken.None));

        Assert.EndsWith(reason, exception.Message, StringComparison.Ordinal);
        Assert.Equal(status, exception.StatusCode);
        Assert.Equal(0, _sm.Count("POST", "/v1/service_bindings"));
    }
}
