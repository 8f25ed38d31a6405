using System.Text.Json.Nodes;
using InstanceManager.ServiceManagement;

namespace InstanceManager.Tests.ServiceManager;

/// <summary>What goes over the wire to the Service Manager, and what its pages and operation locations may look like.</summary>
public sealed class ServiceManagerHttpTests : IDisposable
{
    private readonly SmServer _sm = new(catalog: false);

    public void Dispose() => _sm.Dispose();

    [Fact]
    public async Task EveryRequest_AsksForJson_AndNamesTheClientAndItsVersion()
    {
        _sm.Answer("GET", "/v1/service_plans/p1", 404);

        await _sm.ServiceManager.Plans.GetAsync("p1");

        var request = Assert.Single(_sm.Requests("GET", "/v1/service_plans/p1")).RequestMessage;
        Assert.Equal("application/json", request.Headers!["Accept"][0]);
        Assert.Equal("Bearer " + SmServer.Token, request.Headers["Authorization"][0]);
        Assert.Equal("instance-manager-client-lib-dotnet", request.Headers["client-name"][0]);
        Assert.Equal(typeof(IInstanceManagerClient).Assembly.GetName().Version!.ToString(), request.Headers["client-version"][0]);
        Assert.Equal("", request.RawQuery ?? "");
    }

    [Fact]
    public async Task APageWithoutItems_IsEmpty_AndAnEmptyTokenEndsTheList()
    {
        _sm.Answer("GET", "/v1/service_plans", 200, """{"num_items":0}""");
        _sm.Answer("GET", "/v1/service_offerings", 200, """{"num_items":1,"items":[{"id":"o1","name":"hana","catalog_name":"hana"}],"token":""}""");

        Assert.Empty(await _sm.ServiceManager.Plans.ListAsync().ToListAsync());
        Assert.Equal(["o1"], (await _sm.ServiceManager.Offerings.ListAsync().ToListAsync()).Select(offering => offering.Id));
        Assert.Equal(1, _sm.Count("GET", "/v1/service_offerings"));
    }

    [Fact]
    public async Task APageContainingNull_FailsSayingSo()
    {
        _sm.Answer("GET", "/v1/service_plans", 200, """{"num_items":1,"items":[null]}""");

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => _sm.ServiceManager.Plans.ListAsync().ToListAsync().AsTask());

        Assert.Equal("ServicePlans.List failed: the service answered 200 (OK) with a list containing null.", exception.Message);
    }

    [Fact]
    public async Task AnAcceptedCreateWithoutALocation_FailsSayingSo()
    {
        _sm.Answer("POST", "/v1/service_bindings", 202);

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => _sm.ServiceManager.Bindings.CreateAsync("b", "inst-1"));

        Assert.Equal("ServiceBindings.Create failed: the service answered 202 (Accepted) with no Location header naming the operation.", exception.Message);
    }

    [Fact]
    public async Task AnAbsoluteLocationOnTheServiceManager_IsPolledThere()
    {
        _sm.Answer("POST", "/v1/service_bindings", 202, location: _sm.Server.Url + "/v1/service_bindings/bind-1/operations/op-1");
        _sm.Answer("GET", "/v1/service_bindings/bind-1/operations/op-1", 200, SmServer.Operation("op-1", "succeeded", "bind-1", "service_bindings"));

        var operation = await _sm.Clock.RunAsync(_sm.ServiceManager.Bindings.CreateAsync("b", "inst-1"));

        Assert.Equal("bind-1", operation.ResourceId);
        Assert.Equal(1, _sm.Count("GET", "/v1/service_bindings/bind-1/operations/op-1"));
    }

    [Fact]
    public async Task AResourceIsReadWithoutTheAsyncParameter_ButCreatedAndDeletedWithIt()
    {
        _sm.Answer("GET", "/v1/service_bindings/bind-1", 200, SmServer.Binding("bind-1", "t1", "inst-1").ToJsonString());
        _sm.Answer("DELETE", "/v1/service_bindings/bind-1", 200);

        await _sm.ServiceManager.Bindings.GetAsync("bind-1");
        await _sm.ServiceManager.Bindings.DeleteAsync("bind-1");

        Assert.Equal("", Assert.Single(_sm.Requests("GET", "/v1/service_bindings/bind-1")).RequestMessage.RawQuery ?? "");
        Assert.Equal("?async=true", Assert.Single(_sm.Requests("DELETE", "/v1/service_bindings/bind-1")).RequestMessage.RawQuery);
    }

    [Fact]
    public async Task ManagersRefuseEmptyIdsAndNames_BeforeAnyRequest()
    {
        Assert.Equal("id", (await Assert.ThrowsAsync<ArgumentException>(() => _sm.ServiceManager.Instances.DeleteAsync(""))).ParamName);
        Assert.Equal("name", (await Assert.ThrowsAsync<ArgumentException>(() => _sm.ServiceManager.Bindings.CreateAsync("", "inst-1"))).ParamName);
        Assert.Equal("serviceInstanceId", (await Assert.ThrowsAsync<ArgumentException>(() => _sm.ServiceManager.Bindings.CreateAsync("b", ""))).ParamName);

        Assert.Empty(_sm.Server.LogEntries);
    }

    [Fact]
    public async Task EachManager_NamesItsResourceInItsErrors()
    {
        foreach (var path in new[] { "/v1/service_offerings", "/v1/service_plans", "/v1/service_instances", "/v1/service_bindings" })
        {
            _sm.Answer("GET", path, 500, """{"description":"down"}""");
        }

        var messages = new[]
        {
            (await Assert.ThrowsAsync<InstanceManagerException>(() => _sm.ServiceManager.Offerings.ListAsync().ToListAsync().AsTask())).Message,
            (await Assert.ThrowsAsync<InstanceManagerException>(() => _sm.ServiceManager.Plans.ListAsync().ToListAsync().AsTask())).Message,
            (await Assert.ThrowsAsync<InstanceManagerException>(() => _sm.ServiceManager.Instances.ListAsync().ToListAsync().AsTask())).Message,
            (await Assert.ThrowsAsync<InstanceManagerException>(() => _sm.ServiceManager.Bindings.ListAsync().ToListAsync().AsTask())).Message,
        };

        Assert.Equal(["ServiceOfferings.List", "ServicePlans.List", "ServiceInstances.List", "ServiceBindings.List"], messages.Select(message => message[..message.IndexOf(' ', StringComparison.Ordinal)]));
    }

    [Fact]
    public void Models_PrintWhatIdentifiesThem_AndOperationsTheirProgress()
    {
        Assert.Equal("ServiceInstance { Id = i1, Name = n1, ServicePlanId = p1, Ready = True }", new ServiceInstance { Id = "i1", Name = "n1", ServicePlanId = "p1", Ready = true }.ToString());
        Assert.Equal(
            "ServiceManagerOperation { Id = op-1, Type = create, State = in progress, ResourceType = /v1/service_instances, ResourceId = i1 }",
            new ServiceManagerOperation { Id = "op-1", Type = "create", State = "in progress", ResourceType = "/v1/service_instances", ResourceId = "i1" }.ToString());
        Assert.Equal("fieldQuery: name eq 'a'; labelQuery: (none)", ServiceManagerQuery.Empty.WhereField("name", "a").ToString());
        Assert.Equal("fieldQuery: (none); labelQuery: tenant_id eq 't'", ServiceManagerQuery.Empty.WhereLabel("tenant_id", "t").ToString());
        Assert.Equal("ServiceOffering { Id = o1, Name = hana, CatalogName = hana }", new ServiceOffering { Id = "o1", Name = "hana", CatalogName = "hana" }.ToString());
        Assert.Equal("ServicePlan { Id = p1, Name = hdi, CatalogName = hdi-shared, ServiceOfferingId = o1 }", new ServicePlan { Id = "p1", Name = "hdi", CatalogName = "hdi-shared", ServiceOfferingId = "o1" }.ToString());
        Assert.Equal(string.Empty, new ServiceInstance().Id);

        Assert.True(new ServiceManagerOperation { State = "in progress" }.InProgress);
        Assert.False(new ServiceManagerOperation { State = "failed" }.InProgress);
        Assert.False(new ServiceManagerOperation { State = "succeeded" }.InProgress);
    }
}
