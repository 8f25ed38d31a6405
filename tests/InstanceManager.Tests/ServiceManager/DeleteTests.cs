namespace InstanceManager.Tests.ServiceManager;

public sealed class DeleteTests
{
    [Fact]
    public async Task DeleteAsync_DeletesEveryBindingThenTheInstance()
    {
        using var sm = new SmServer();
        sm.Answer("GET", "/v1/service_bindings", 200, SmServer.Page([SmServer.Binding("b1", "t1", "inst-1"), SmServer.Binding("b2", "t1", "inst-1", ready: false)]));
        sm.AsyncOperation("DELETE", "/v1/service_bindings/b1", "service_bindings", "b1", "op-b1", "in progress", "succeeded");
        sm.AsyncOperation("DELETE", "/v1/service_bindings/b2", "service_bindings", "b2", "op-b2", "succeeded");
        sm.Answer("GET", "/v1/service_instances", 200, SmServer.Page([SmServer.Instance("inst-1", "t1", ready: true)]));
        sm.AsyncOperation("DELETE", "/v1/service_instances/inst-1", "service_instances", "inst-1", "op-i", "in progress", "succeeded");

        await sm.Clock.RunAsync(sm.Client.DeleteAsync("t1"));

        var deletes = sm.Sequence().Where(request => request.StartsWith("DELETE", StringComparison.Ordinal)).ToList();
        Assert.Equal(["DELETE /v1/service_bindings/b1", "DELETE /v1/service_bindings/b2", "DELETE /v1/service_instances/inst-1"], deletes);
        Assert.Equal(2, sm.Count("GET", "/v1/service_bindings/b1/operations/op-b1"));
        Assert.Equal(2, sm.Count("GET", "/v1/service_instances/inst-1/operations/op-i"));
        Assert.All(sm.Server.LogEntries.Where(entry => entry.RequestMessage.Method == "DELETE"), entry => Assert.Equal("?async=true", entry.RequestMessage.RawQuery));
        Assert.Contains("Delete for tenant 't1' completed.", Assert.Single(sm.Logs.Entries, entry => entry.EventId.Id == 6).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteAsync_WithoutBindings_StillDeletesTheInstance()
    {
        using var sm = new SmServer();
        sm.Answer("GET", "/v1/service_bindings", 200, SmServer.Page([]));
        sm.Answer("GET", "/v1/service_instances", 200, SmServer.Page([SmServer.Instance("inst-1", "t1", ready: false)]));
        sm.AsyncOperation("DELETE", "/v1/service_instances/inst-1", "service_instances", "inst-1", "op-i", "succeeded");

        await sm.Clock.RunAsync(sm.Client.DeleteAsync("t1"));

        Assert.Equal(1, sm.Count("DELETE", "/v1/service_instances/inst-1"));
    }

    [Fact]
    public async Task DeleteAsync_WhenNothingExists_Throws404WithoutDeleting()
    {
        using var sm = new SmServer();
        sm.Answer("GET", "/v1/service_bindings", 200, SmServer.Page([]));
        sm.Answer("GET", "/v1/service_instances", 200, SmServer.Page([]));

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => sm.Client.DeleteAsync("t1"));

        Assert.Equal(404, exception.StatusCode);
        Assert.Contains("Missing managed service instance for tenant t1", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(sm.Server.LogEntries, entry => entry.RequestMessage.Method == "DELETE");
    }

    [Fact]
    public async Task DeleteAsync_FailedDeletion_ReportsTheServiceManagersReason()
    {
        using var sm = new SmServer();
        sm.Answer("GET", "/v1/service_bindings", 200, SmServer.Page([]));
        sm.Answer("GET", "/v1/service_instances", 200, SmServer.Page([SmServer.Instance("inst-1", "t1", ready: true)]));
        sm.Answer("DELETE", "/v1/service_instances/inst-1", 202, location: "/v1/service_instances/inst-1/operations/op-i");
        sm.Answer("GET", "/v1/service_instances/inst-1/operations/op-i", 200, SmServer.Operation("op-i", "failed", "inst-1", "service_instances", new System.Text.Json.Nodes.JsonObject { ["error"] = "BrokerError", ["description"] = "container in use" }));

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => sm.Clock.RunAsync(sm.Client.DeleteAsync("t1")));

        Assert.Equal("Delete", exception.Operation);
        Assert.Contains("container in use", exception.Message, StringComparison.Ordinal);
    }
}
