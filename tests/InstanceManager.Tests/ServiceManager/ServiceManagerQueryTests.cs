using InstanceManager.ServiceManagement;

namespace InstanceManager.Tests.ServiceManager;

public sealed class ServiceManagerQueryTests
{
    [Fact]
    public void WhereFieldAndWhereLabel_BuildBothQueries_JoinedByAnd()
    {
        var query = ServiceManagerQuery.Empty
            .WhereField("catalog_name", "hdi-shared")
            .WhereField("service_offering_id", "off-1")
            .WhereLabel("tenant_id", "t1");

        Assert.Equal("catalog_name eq 'hdi-shared' and service_offering_id eq 'off-1'", query.FieldQuery);
        Assert.Equal("tenant_id eq 't1'", query.LabelQuery);
        Assert.Equal("fieldQuery: catalog_name eq 'hdi-shared' and service_offering_id eq 'off-1'; labelQuery: tenant_id eq 't1'", query.ToString());
    }

    [Fact]
    public void Queries_AreImmutable()
    {
        var byPlan = ServiceManagerQuery.Empty.WhereField("service_plan_id", "p1");

        var byTenant = byPlan.WhereLabel("tenant_id", "t1");

        Assert.Null(ServiceManagerQuery.Empty.FieldQuery);
        Assert.Null(ServiceManagerQuery.Empty.LabelQuery);
        Assert.Null(byPlan.LabelQuery);
        Assert.Equal("service_plan_id eq 'p1'", byTenant.FieldQuery);
        Assert.NotSame(byPlan, byTenant);
    }

    [Fact]
    public async Task HostileValue_HasItsQuotesDoubled_SoTheServerSeesOneCriterion()
    {
        using var sm = new SmServer(catalog: false);
        sm.Answer("GET", "/v1/service_instances", 200, SmServer.Page([]));

        await foreach (var _ in sm.ServiceManager.Instances.ListAsync(ServiceManagerQuery.Empty.WhereLabel("tenant_id", "x' or tenant_id ne 'y")))
        {
        }

        var request = Assert.Single(sm.Requests("GET", "/v1/service_instances")).RequestMessage;
        Assert.Equal("?labelQuery=tenant_id%20eq%20%27x%27%27%20or%20tenant_id%20ne%20%27%27y%27", request.RawQuery);
        Assert.Equal("tenant_id eq 'x'' or tenant_id ne ''y'", request.Query!["labelQuery"][0]);
    }

    [Theory]
    [InlineData("x' or tenant_id ne '")]
    [InlineData("'t1")]
    [InlineData("t1'")]
    [InlineData("t1\\' or 'a")]
    [InlineData("back\\slash")]
    public void ValuesTheGrammarCannotCarry_AreRefused_BeforeAnyRequest(string value)
    {
        using var sm = new SmServer(catalog: false);

        var label = Assert.Throws<ArgumentException>(() => sm.ServiceManager.Bindings.ListAsync(ServiceManagerQuery.Empty.WhereLabel("tenant_id", value)));
        var field = Assert.Throws<ArgumentException>(() => ServiceManagerQuery.Empty.WhereField("name", value));

        Assert.Equal("value", label.ParamName);
        Assert.Equal("value", field.ParamName);
        Assert.Contains("The value of 'tenant_id' may not", label.Message, StringComparison.Ordinal);
        Assert.Empty(sm.Server.LogEntries);
    }

    [Theory]
    [InlineData("tenant_id eq 'x' or name")]
    [InlineData("name eq")]
    [InlineData("a'b")]
    [InlineData("tenant id")]
    [InlineData("")]
    [InlineData("labels(tenant_id)")]
    public void KeysThatAreNotPlainNames_AreRefused(string key)
    {
        var field = Assert.Throws<ArgumentException>(() => ServiceManagerQuery.Empty.WhereField(key, "v"));
        var label = Assert.Throws<ArgumentException>(() => ServiceManagerQuery.Empty.WhereLabel(key, "v"));

        Assert.Equal("field", field.ParamName);
        Assert.Equal("label", label.ParamName);
        Assert.Contains("is not a field or label name", field.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("subaccount-id")]
    [InlineData("sap.com/region")]
    [InlineData("Tenant_ID2")]
    public void PlainKeys_AreAccepted(string key) =>
        Assert.Equal($"{key} eq 'v'", ServiceManagerQuery.Empty.WhereLabel(key, "v").LabelQuery);

    [Fact]
    public void NullKeyOrValue_ThrowsArgumentNullException()
    {
        Assert.Equal("field", Assert.Throws<ArgumentNullException>(() => ServiceManagerQuery.Empty.WhereField(null!, "v")).ParamName);
        Assert.Equal("value", Assert.Throws<ArgumentNullException>(() => ServiceManagerQuery.Empty.WhereLabel("tenant_id", null!)).ParamName);
    }
}
