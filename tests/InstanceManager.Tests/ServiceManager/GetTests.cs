using System.Security.Cryptography;
using System.Text;

namespace InstanceManager.Tests.ServiceManager;

public sealed class GetTests
{
    private static string ExpectedName(string tenantId) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(SmServer.PlanId + "_" + tenantId)));

    [Fact]
    public async Task GetAsync_ReturnsTheLatestReadyBinding_WithTheReferenceLabelQuery()
    {
        using var sm = new SmServer();
        sm.Answer("GET", "/v1/service_bindings", 200, SmServer.Page([
            SmServer.Binding("old", "t1", "inst-1", ready: true, createdAt: "2026-01-01T00:00:00Z"),
            SmServer.Binding("newest-not-ready", "t1", "inst-1", ready: false, createdAt: "2026-04-01T00:00:00.5Z"),
            SmServer.Binding("new", "t1", "inst-1", ready: true, createdAt: "2026-03-01T00:00:00.123456Z"),
        ]));

        var instance = await sm.Client.GetAsync("t1");

        Assert.NotNull(instance);
        Assert.Equal("SCHEMA_new", instance.GetCredential("schema"));
        Assert.Equal(InstanceStatus.CreationSucceeded, instance.Status);
        var list = Assert.Single(sm.Requests("GET", "/v1/service_bindings")).RequestMessage;
        Assert.Equal("service_plan_id eq 'plan-hdi-shared' and managing_client_lib eq 'instance-manager-client-lib' and tenant_id eq 't1'", list.Query!["labelQuery"][0]);
        Assert.Equal(0, sm.Count("GET", "/v1/service_instances"));
    }

    [Fact]
    public async Task GetAsync_WhenBindingsExistButNoneIsReady_Throws()
    {
        using var sm = new SmServer();
        sm.Answer("GET", "/v1/service_bindings", 200, SmServer.Page([SmServer.Binding("b1", "t1", "inst-1", ready: false)]));

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => sm.Client.GetAsync("t1").AsTask());

        Assert.Contains("none is ready", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAsync_WithoutBindingOrInstance_ReturnsNull()
    {
        using var sm = new SmServer();
        sm.Answer("GET", "/v1/service_bindings", 200, SmServer.Page([]));
        sm.Answer("GET", "/v1/service_instances", 200, SmServer.Page([]));

        var instance = await sm.Client.GetAsync("t1");

        Assert.Null(instance);
        var lookup = Assert.Single(sm.Requests("GET", "/v1/service_instances")).RequestMessage;
        Assert.Equal($"name eq '{ExpectedName("t1")}'", lookup.Query!["fieldQuery"][0]);
    }

    [Fact]
    public async Task GetAsync_ReadyInstanceWithoutBinding_CreatesTheBindingWhenAllowed()
    {
        using var sm = new SmServer();
        sm.Answer("GET", "/v1/service_bindings", 200, SmServer.Page([]));
        sm.Answer("GET", "/v1/service_instances", 200, SmServer.Page([SmServer.Instance("inst-1", "t1", ready: true)]));
        sm.AsyncOperation("POST", "/v1/service_bindings", "service_bindings", "bind-9", "op-9", "succeeded");
        sm.Answer("GET", "/v1/service_bindings/bind-9", 200, SmServer.Binding("bind-9", "t1", "inst-1").ToJsonString());

        var instance = await sm.Clock.RunAsync(sm.Client.GetAsync("t1").AsTask());

        Assert.NotNull(instance);
        Assert.Equal("SCHEMA_bind-9", instance.GetCredential("schema"));
        var post = Assert.Single(sm.Requests("POST", "/v1/service_bindings")).RequestMessage;
        Assert.Contains("\"service_instance_id\":\"inst-1\"", post.Body, StringComparison.Ordinal);
        Assert.Contains("\"managing_client_lib\":[\"instance-manager-client-lib\"]", post.Body, StringComparison.Ordinal);
        Assert.Contains("Get for tenant 't1': the instance had no binding; created one.", Assert.Single(sm.Logs.Entries, entry => entry.EventId.Id == 15).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAsync_ReadyInstanceWithoutBinding_ReturnsNullWhenBindingIsNotAllowed()
    {
        using var sm = new SmServer(options => options.AllowBinding = false);
        sm.Answer("GET", "/v1/service_bindings", 200, SmServer.Page([]));
        sm.Answer("GET", "/v1/service_instances", 200, SmServer.Page([SmServer.Instance("inst-1", "t1", ready: true)]));

        var instance = await sm.Client.GetAsync("t1");

        Assert.Null(instance);
        Assert.Equal(0, sm.Count("POST", "/v1/service_bindings"));
    }

    [Fact]
    public async Task GetAsync_InstanceNotReady_ReturnsNullWithoutBinding()
    {
        using var sm = new SmServer();
        sm.Answer("GET", "/v1/service_bindings", 200, SmServer.Page([]));
        sm.Answer("GET", "/v1/service_instances", 200, SmServer.Page([SmServer.Instance("inst-1", "t1", ready: false)]));

        var instance = await sm.Client.GetAsync("t1");

        Assert.Null(instance);
        Assert.Equal(0, sm.Count("POST", "/v1/service_bindings"));
    }

    [Fact]
    public async Task GetAsync_BindingWithInvalidTimestamp_FailsAsUnreadable()
    {
        using var sm = new SmServer();
        sm.Answer("GET", "/v1/service_bindings", 200, SmServer.Page([SmServer.Binding("b1", "t1", "inst-1", createdAt: "yesterday")]));

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => sm.Client.GetAsync("t1").AsTask());

        Assert.Contains("not the expected JSON", exception.Message, StringComparison.Ordinal);
    }
}
