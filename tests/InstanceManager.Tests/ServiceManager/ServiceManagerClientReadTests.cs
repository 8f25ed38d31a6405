using System.Text.Json.Nodes;
using InstanceManager.ServiceManagement;

namespace InstanceManager.Tests.ServiceManager;

/// <summary>The low-level client's lists and reads: paging, laziness, models and errors.</summary>
public sealed class ServiceManagerClientReadTests : IDisposable
{
    private readonly SmServer _sm = new(catalog: false);

    public void Dispose() => _sm.Dispose();

    private void ThreePagesOfInstances()
    {
        _sm.Answer("GET", "/v1/service_instances", 200, SmServer.Page([SmServer.Instance("i1", "t1", ready: true), SmServer.Instance("i2", "t2", ready: false)], token: "page-2"));
        _sm.AnswerPage("/v1/service_instances", "page-2", SmServer.Page([SmServer.Instance("i3", "t3", ready: true)], token: "page+3/="));
        _sm.AnswerPage("/v1/service_instances", "page+3/=", SmServer.Page([SmServer.Instance("i4", "t4", ready: true)]));
    }

    [Fact]
    public async Task ListAsync_FollowsThePagingTokenOverThreePages_KeepingTheQuery()
    {
        ThreePagesOfInstances();
        var query = ServiceManagerQuery.Empty.WhereField("service_plan_id", SmServer.PlanId);

        var instances = await _sm.ServiceManager.Instances.ListAsync(query).ToListAsync();

        Assert.Equal(["i1", "i2", "i3", "i4"], instances.Select(instance => instance.Id).ToArray());
        var raw = _sm.Requests("GET", "/v1/service_instances").OrderBy(entry => entry.RequestMessage.DateTime).Select(entry => entry.RequestMessage.RawQuery).ToArray();
        Assert.Equal(
            [
                "?fieldQuery=service_plan_id%20eq%20%27plan-hdi-shared%27",
                "?fieldQuery=service_plan_id%20eq%20%27plan-hdi-shared%27&token=page-2",
                "?fieldQuery=service_plan_id%20eq%20%27plan-hdi-shared%27&token=page%2B3%2F%3D",
            ],
            raw);
    }

    [Fact]
    public async Task ListAsync_IsLazy_NothingIsSentBeforeEnumerating_AndBreakingAfterTheFirstItemSendsOneRequest()
    {
        ThreePagesOfInstances();

        var instances = _sm.ServiceManager.Instances.ListAsync();
        Assert.Equal(0, _sm.Count("GET", "/v1/service_instances"));
        ServiceInstance? first = null;
        await foreach (var instance in instances)
        {
            first = instance;
            break;
        }

        Assert.Equal("i1", first?.Id);
        Assert.Equal(1, _sm.Count("GET", "/v1/service_instances"));
    }

    [Fact]
    public async Task ListAsync_WithoutQuery_SendsNoQueryParameters()
    {
        _sm.Answer("GET", "/v1/service_offerings", 200, SmServer.Page([SmServer.Offering("o1", "hana"), SmServer.Offering("o2", "postgresql-db")]));

        var offerings = await _sm.ServiceManager.Offerings.ListAsync().ToListAsync();

        Assert.Equal(["hana", "postgresql-db"], offerings.Select(offering => offering.CatalogName).ToArray());
        Assert.Equal(string.Empty, Assert.Single(_sm.Requests("GET", "/v1/service_offerings")).RequestMessage.RawQuery ?? string.Empty);
    }

    [Fact]
    public async Task Models_ReadTheDocumentedFields_AndKeepTheOthers()
    {
        var instance = SmServer.Instance("i1", "t1", ready: true);
        instance["usable"] = true;
        instance["context"] = new JsonObject { ["subaccount_id"] = "sub-1" };
        _sm.Answer("GET", "/v1/service_instances/i1", 200, instance.ToJsonString());
        _sm.Answer("GET", "/v1/service_plans", 200, SmServer.Page([SmServer.Plan("p1", "hdi-shared", "o1")]));

        var read = await _sm.ServiceManager.Instances.GetAsync("i1");
        var plan = Assert.Single(await _sm.ServiceManager.Plans.ListAsync(ServiceManagerQuery.Empty.WhereField("catalog_name", "hdi-shared")).ToListAsync());

        Assert.NotNull(read);
        Assert.Equal("name-of-i1", read.Name);
        Assert.Equal(SmServer.PlanId, read.ServicePlanId);
        Assert.Equal(["t1"], read.Labels!["tenant_id"]);
        Assert.True(read.Ready);
        Assert.Equal(new DateTimeOffset(2026, 6, 23, 1, 1, 47, TimeSpan.Zero).AddTicks(6986060), read.CreatedAt);
        Assert.Equal(read.CreatedAt, read.UpdatedAt);
        Assert.Equal(["context", "usable"], read.AdditionalProperties.Keys.Order(StringComparer.Ordinal).ToArray());
        Assert.Equal("sub-1", read.AdditionalProperties["context"].GetProperty("subaccount_id").GetString());
        Assert.Equal("o1", plan.ServiceOfferingId);
        Assert.Equal("catalog_name eq 'hdi-shared'", Assert.Single(_sm.Requests("GET", "/v1/service_plans")).RequestMessage.Query!["fieldQuery"][0]);
    }

    [Fact]
    public async Task GetAsync_Found_ReturnsTheResourceWithItsCredentials()
    {
        _sm.Answer("GET", "/v1/service_bindings/b1", 200, SmServer.Binding("b1", "t1", "i1").ToJsonString());

        var binding = await _sm.ServiceManager.Bindings.GetAsync("b1");

        Assert.NotNull(binding);
        Assert.Equal("i1", binding.ServiceInstanceId);
        Assert.Equal(["t1"], binding.Labels!["tenant_id"]);
        Assert.Equal("SCHEMA_b1", binding.Credentials!.Value.GetProperty("schema").GetString());
        Assert.Equal(1, _sm.Count("GET", "/v1/service_bindings/b1"));
    }

    [Fact]
    public async Task GetAsync_NotFound_ReturnsNull()
    {
        _sm.Answer("GET", "/v1/service_offerings/nope", 404, """{"error":"NotFound","description":"could not find such service_offering"}""");
        _sm.Answer("GET", "/v1/service_instances/nope", 404);

        Assert.Null(await _sm.ServiceManager.Offerings.GetAsync("nope"));
        Assert.Null(await _sm.ServiceManager.Instances.GetAsync("nope"));
        Assert.Equal(1, _sm.Count("GET", "/v1/service_instances/nope"));
    }

    [Fact]
    public async Task GetAsync_EmptyId_IsRefusedBeforeAnyRequest()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _sm.ServiceManager.Plans.GetAsync(string.Empty));
        await Assert.ThrowsAsync<ArgumentNullException>(() => _sm.ServiceManager.Bindings.GetAsync(null!));

        Assert.Empty(_sm.Server.LogEntries);
    }

    [Fact]
    public async Task ServiceErrors_AreInstanceManagerExceptions_NamingTheCallStatusAndDescription()
    {
        _sm.Answer("GET", "/v1/service_instances/i1", 500, """{"error":"InternalError","description":"database is down"}""");
        _sm.Answer("GET", "/v1/service_bindings", 403, """{"error":"Forbidden","description":"insufficient scope"}""");

        var get = await Assert.ThrowsAsync<InstanceManagerException>(() => _sm.ServiceManager.Instances.GetAsync("i1"));
        var list = await Assert.ThrowsAsync<InstanceManagerException>(() => _sm.ServiceManager.Bindings.ListAsync().ToListAsync().AsTask());

        Assert.Equal("ServiceInstances.Get failed: the service answered 500 (InternalServerError): database is down", get.Message);
        Assert.Equal("ServiceInstances.Get", get.Operation);
        Assert.Equal(500, get.StatusCode);
        Assert.Null(get.TenantId);
        Assert.Equal("ServiceBindings.List failed: the service answered 403 (Forbidden): insufficient scope", list.Message);
        Assert.Equal(403, list.StatusCode);
    }

    [Fact]
    public async Task UnreadableAnswers_AreInstanceManagerExceptions_WithTheJsonErrorInside()
    {
        _sm.Answer("GET", "/v1/service_plans/p1", 200, "{ not json");
        _sm.Answer("GET", "/v1/service_bindings", 200, SmServer.Page([SmServer.Binding("b1", "t1", "i1", createdAt: "yesterday")]));

        var get = await Assert.ThrowsAsync<InstanceManagerException>(() => _sm.ServiceManager.Plans.GetAsync("p1"));
        var list = await Assert.ThrowsAsync<InstanceManagerException>(() => _sm.ServiceManager.Bindings.ListAsync().ToListAsync().AsTask());

        Assert.StartsWith("ServicePlans.Get failed: the service answered 200 (OK) with a body that is not the expected JSON", get.Message, StringComparison.Ordinal);
        Assert.IsType<System.Text.Json.JsonException>(get.InnerException, exactMatch: false);
        Assert.StartsWith("ServiceBindings.List failed", list.Message, StringComparison.Ordinal);
    }
}
