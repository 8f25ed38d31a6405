using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace InstanceManager.Tests.ServiceManager;

/// <summary>The Service Manager's asynchronous operations as the create sees them: what it polls, which id it keeps, how a failure reads.</summary>
public sealed class AsyncOperationTests : IDisposable
{
    private readonly SmServer _sm = new();

    public void Dispose() => _sm.Dispose();

    private void BindingCreated()
    {
        _sm.AsyncOperation("POST", "/v1/service_bindings", "service_bindings", "bind-1", "op-2", "succeeded");
        _sm.Answer("GET", "/v1/service_bindings/bind-1", 200, SmServer.Binding("bind-1", "t1", "inst-9").ToJsonString());
    }

    private void InstanceOperation(JsonObject operation)
    {
        _sm.Answer("POST", "/v1/service_instances", 202, location: "/v1/service_instances/inst-9/operations/op-1");
        _sm.Answer("GET", "/v1/service_instances/inst-9/operations/op-1", 200, operation.ToJsonString());
    }

    [Theory]
    [InlineData(PollingStrategy.ReferenceCompatible, 0)]
    [InlineData(PollingStrategy.Adaptive, 2)]
    public async Task AnOperationJustStarted_IsReadAtOnceByTheReferenceSchedule_AfterAWaitByTheAdaptiveOne(PollingStrategy strategy, int waits)
    {
        using var sm = new SmServer(configureServices: services => services.Configure<InstanceManagerOptions>(options => options.PollingStrategy = strategy));
        sm.AsyncOperation("POST", "/v1/service_instances", "service_instances", "inst-9", "op-1", "succeeded");
        sm.AsyncOperation("POST", "/v1/service_bindings", "service_bindings", "bind-1", "op-2", "succeeded");
        sm.Answer("GET", "/v1/service_bindings/bind-1", 200, SmServer.Binding("bind-1", "t1", "inst-9").ToJsonString());

        await sm.Clock.RunAsync(sm.Client.CreateAsync("t1"));

        Assert.Equal(waits, sm.Clock.Waits.Count);
        Assert.Equal(1, sm.Count("GET", "/v1/service_instances/inst-9/operations/op-1"));
    }

    [Fact]
    public async Task AnOperationThatDoesNotNameItsResource_TheIdInTheLocationIsKept()
    {
        InstanceOperation(new JsonObject { ["id"] = "op-1", ["type"] = "create", ["state"] = "succeeded" });
        BindingCreated();

        await _sm.Clock.RunAsync(_sm.Client.CreateAsync("t1"));

        var binding = JsonNode.Parse(Assert.Single(_sm.Requests("POST", "/v1/service_bindings")).RequestMessage.Body!)!;
        Assert.Equal("inst-9", binding["service_instance_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task ACreatedAtOnceWithoutAnId_FailsSayingSo()
    {
        _sm.Answer("POST", "/v1/service_instances", 201, """{"name":"no id here"}""");

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => _sm.Clock.RunAsync(_sm.Client.CreateAsync("t1")));

        Assert.Contains("the Service Manager did not say which", exception.Message, StringComparison.Ordinal);
        Assert.Equal(0, _sm.Count("POST", "/v1/service_bindings"));
    }

    [Theory]
    [InlineData("""{"id":"op-1","type":"create","state":"failed","resource_type":"/v1/service_instances","errors":[{"error":"QuotaExceeded"}]}""", "the Service Manager's create operation op-1 on the /v1/service_instances failed: QuotaExceeded", null)]
    [InlineData("""{"type":"create","state":"failed","resource_type":"/v1/service_instances"}""", "the Service Manager's create operation on the /v1/service_instances failed: no reason given", null)]
    [InlineData("""{"id":"op-1","state":"failed","errors":{"error":"Conflict","description":42}}""", "the Service Manager's asynchronous operation op-1 on the resource failed: Conflict", 409)]
    public async Task AFailedOperation_NamesItsTypeIdResourceAndReasons(string operation, string reason, int? status)
    {
        InstanceOperation(JsonNode.Parse(operation)!.AsObject());

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => _sm.Clock.RunAsync(_sm.Client.CreateAsync("t1")));

        Assert.Contains(reason, exception.Message, StringComparison.Ordinal);
        Assert.Equal(status, exception.StatusCode);
        Assert.Contains(reason, Assert.Single(_sm.Logs.Entries, entry => entry.EventId.Id == 4 && entry.Level == LogLevel.Warning).Text, StringComparison.Ordinal);
    }
}
