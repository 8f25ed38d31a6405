using System.Text.Json.Nodes;
using InstanceManager.Backends;
using Microsoft.Extensions.DependencyInjection;

namespace InstanceManager.Tests.ServiceManager;

public sealed class GetAllTests
{
    [Fact]
    public void ServiceManagerCredentials_SelectTheServiceManagerBackend()
    {
        using var sm = new SmServer();

        Assert.Equal("service-manager", sm.Services.GetRequiredService<IInstanceBackend>().Name);
    }

    [Fact]
    public async Task GetAllAsync_LatestReadyBindingPerTenant_PlusFallbackBindingsForReadyUnboundInstances()
    {
        using var sm = new SmServer();
        sm.Answer("GET", "/v1/service_bindings", 200, SmServer.Page([
            SmServer.Binding("t1-old", "t1", "inst-1", createdAt: "2026-01-01T00:00:00Z"),
            SmServer.Binding("t1-new", "t1", "inst-1", createdAt: "2026-02-01T00:00:00Z"),
            SmServer.Binding("t2-only", "t2", "inst-2"),
        ]));
        sm.Answer("GET", "/v1/service_instances", 200, SmServer.Page([
            SmServer.Instance("inst-1", "t1", ready: true),
            SmServer.Instance("inst-2", "t2", ready: true),
            SmServer.Instance("inst-3", "t3", ready: true),
            SmServer.Instance("inst-4", "t4", ready: false),
        ]));
        sm.AsyncOperation("POST", "/v1/service_bindings", "service_bindings", "t3-fallback", "op-3", "succeeded");
        sm.Answer("GET", "/v1/service_bindings/t3-fallback", 200, SmServer.Binding("t3-fallback", "t3", "inst-3").ToJsonString());

        var all = await sm.Clock.RunAsync(sm.Client.GetAllAsync());

        Assert.Equal(["t1:SCHEMA_t1-new", "t2:SCHEMA_t2-only", "t3:SCHEMA_t3-fallback"], all.Select(instance => instance.TenantId + ":" + instance.GetCredential("schema")).Order(StringComparer.Ordinal).ToArray());
        Assert.All(all, instance => Assert.Equal(InstanceStatus.CreationSucceeded, instance.Status));
        var post = Assert.Single(sm.Requests("POST", "/v1/service_bindings")).RequestMessage;
        Assert.Contains("\"service_instance_id\":\"inst-3\"", post.Body, StringComparison.Ordinal);
        Assert.Contains("GetAll for tenant 't3': the instance had no binding; created one.", Assert.Single(sm.Logs.Entries, entry => entry.EventId.Id == 15).Text, StringComparison.Ordinal);
        Assert.Equal("service_plan_id eq 'plan-hdi-shared' and managing_client_lib eq 'instance-manager-client-lib'", Assert.Single(sm.Requests("GET", "/v1/service_bindings")).RequestMessage.Query!["labelQuery"][0]);
        Assert.Equal("service_plan_id eq 'plan-hdi-shared'", Assert.Single(sm.Requests("GET", "/v1/service_instances")).RequestMessage.Query!["fieldQuery"][0]);

        // The list refilled the cache.
        Assert.Same(all.Single(instance => instance.TenantId == "t3"), await sm.Client.GetAsync("t3"));
        Assert.Single(sm.Requests("GET", "/v1/service_bindings"));
    }

    [Fact]
    public async Task GetAllAsync_FailedFallbackBinding_IsLoggedAndSkipped()
    {
        using var sm = new SmServer();
        sm.Answer("GET", "/v1/service_bindings", 200, SmServer.Page([SmServer.Binding("b1", "t1", "inst-1")]));
        sm.Answer("GET", "/v1/service_instances", 200, SmServer.Page([SmServer.Instance("inst-1", "t1", ready: true), SmServer.Instance("inst-3", "t3", ready: true)]));
        sm.Answer("POST", "/v1/service_bindings", 400, """{"error":"BadRequest","description":"no more bindings"}""");

        var all = await sm.Client.GetAllAsync();

        Assert.Equal("t1", Assert.Single(all).TenantId);
        Assert.Equal(1, sm.Count("POST", "/v1/service_bindings"));
        Assert.Contains(sm.Logs.Entries, entry => entry.EventId.Id == 14 && entry.Text.Contains("t3", StringComparison.Ordinal) && entry.Text.Contains("no more bindings", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetAllAsync_WithoutAllowBinding_DoesNotListInstances()
    {
        using var sm = new SmServer(options => options.AllowBinding = false);
        sm.Answer("GET", "/v1/service_bindings", 200, SmServer.Page([SmServer.Binding("b1", "t1", "inst-1"), SmServer.Binding("b2", "t2", "inst-2", ready: false)]));

        var all = await sm.Client.GetAllAsync();

        Assert.Equal("t1", Assert.Single(all).TenantId);
        Assert.Equal(0, sm.Count("GET", "/v1/service_instances"));
    }

    [Fact]
    public async Task GetAllAsync_FollowsThePagingTokenOverThreePages()
    {
        using var sm = new SmServer(options => options.AllowBinding = false);
        sm.Answer("GET", "/v1/service_bindings", 200, SmServer.Page([SmServer.Binding("b1", "t1", "i1"), SmServer.Binding("b2", "t2", "i2")], token: "page-2"));
        sm.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath("/v1/service_bindings").UsingGet().WithParam("token", "page-2"))
            .AtPriority(1).RespondWith(SmServer.Respond(200, SmServer.Page([SmServer.Binding("b3", "t3", "i3")], token: "page+3/="), null));
        sm.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath("/v1/service_bindings").UsingGet().WithParam("token", "page+3/="))
            .AtPriority(1).RespondWith(SmServer.Respond(200, SmServer.Page([SmServer.Binding("b4", "t4", "i4")]), null));

        var all = await sm.Client.GetAllAsync();
        var streamed = new List<ManagedInstance>();
        await foreach (var instance in sm.Client.EnumerateAllAsync())
        {
            streamed.Add(instance);
        }

        Assert.Equal(["t1", "t2", "t3", "t4"], all.Select(instance => instance.TenantId).ToArray());
        Assert.Equal(["t1", "t2", "t3", "t4"], streamed.Select(instance => instance.TenantId).ToArray());
        var requests = sm.Requests("GET", "/v1/service_bindings").OrderBy(entry => entry.RequestMessage.DateTime).Take(3).Select(entry => entry.RequestMessage.RawQuery!).ToList();
        Assert.DoesNotContain("token=", requests[0], StringComparison.Ordinal);
        Assert.EndsWith("&token=page-2", requests[1], StringComparison.Ordinal);
        Assert.EndsWith("&token=page%2B3%2F%3D", requests[2], StringComparison.Ordinal);
        Assert.Equal(6, sm.Count("GET", "/v1/service_bindings"));
    }

    [Fact]
    public async Task GetAllAsync_RepeatedPagingToken_FailsInsteadOfLoopingForever()
    {
        using var sm = new SmServer(options => options.AllowBinding = false);
        sm.Answer("GET", "/v1/service_bindings", 200, SmServer.Page([SmServer.Binding("b1", "t1", "i1")], token: "same"));

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => sm.Client.GetAllAsync());

        Assert.Contains("paging token", exception.Message, StringComparison.Ordinal);
        Assert.Equal(2, sm.Count("GET", "/v1/service_bindings"));
    }

    [Fact]
    public async Task GetAllAsync_SkipsBindingsWithoutATenant_AndBindsOneInstancePerTenantOnly()
    {
        using var sm = new SmServer();
        var tenantless = SmServer.Binding("b-none", "t0", "inst-0");
        tenantless["labels"] = new JsonObject { ["owner"] = new JsonArray("someone") };
        sm.Answer("GET", "/v1/service_bindings", 200, SmServer.Page([tenantless, SmServer.Binding("b1", "t1", "inst-1")]));
        sm.Answer("GET", "/v1/service_instances", 200, SmServer.Page([
            SmServer.Instance("inst-1", "t1", ready: true),
            // A second instance of a tenant already listed through its binding is left alone.
            SmServer.Instance("inst-1b", "t1", ready: true),
            // Two unbound instances of one tenant: one binding, for the first.
            SmServer.Instance("inst-5", "t5", ready: true),
            SmServer.Instance("inst-5b", "t5", ready: true),
        ]));
        sm.AsyncOperation("POST", "/v1/service_bindings", "service_bindings", "t5-fallback", "op-5", "succeeded");
        sm.Answer("GET", "/v1/service_bindings/t5-fallback", 200, SmServer.Binding("t5-fallback", "t5", "inst-5").ToJsonString());

        var all = await sm.Clock.RunAsync(sm.Client.GetAllAsync());

        Assert.Equal(["t1", "t5"], all.Select(instance => instance.TenantId).Order(StringComparer.Ordinal));
        var post = Assert.Single(sm.Requests("POST", "/v1/service_bindings")).RequestMessage;
        Assert.Contains("\"service_instance_id\":\"inst-5\"", post.Body, StringComparison.Ordinal);
    }
}
