namespace InstanceManager.Tests.ServiceManager;

public sealed class QuerySafetyTests
{
    [Fact]
    public async Task QuoteInsideATenantId_IsDoubled_SoTheQueryKeepsItsMeaning()
    {
        using var sm = new SmServer(options => options.AllowBinding = false);
        sm.Answer("GET", "/v1/service_bindings", 200, SmServer.Page([]));
        sm.Answer("GET", "/v1/service_instances", 200, SmServer.Page([]));

        var instance = await sm.Client.GetAsync("x' or tenant_id ne 'y");

        Assert.Null(instance);
        var raw = Assert.Single(sm.Requests("GET", "/v1/service_bindings")).RequestMessage.RawQuery;
        Assert.Equal(
            "?labelQuery=service_plan_id%20eq%20%27plan-hdi-shared%27%20and%20managing_client_lib%20eq%20%27instance-manager-client-lib%27%20and%20tenant_id%20eq%20%27x%27%27%20or%20tenant_id%20ne%20%27%27y%27",
            raw);
        Assert.Equal(
            "service_plan_id eq 'plan-hdi-shared' and managing_client_lib eq 'instance-manager-client-lib' and tenant_id eq 'x'' or tenant_id ne ''y'",
            Assert.Single(sm.Requests("GET", "/v1/service_bindings")).RequestMessage.Query!["labelQuery"][0]);
    }

    [Theory]
    [InlineData("x' or tenant_id ne '")]
    [InlineData("'t1")]
    [InlineData("t1\\' or 'a")]
    public async Task TenantIdsTheGrammarCannotCarry_AreRefusedBeforeAnyRequest(string tenantId)
    {
        using var sm = new SmServer();

        var get = await Assert.ThrowsAsync<ArgumentException>(() => sm.Client.GetAsync(tenantId).AsTask());
        var create = await Assert.ThrowsAsync<ArgumentException>(() => sm.Client.CreateAsync(tenantId));
        var delete = await Assert.ThrowsAsync<ArgumentException>(() => sm.Client.DeleteAsync(tenantId));

        Assert.All(new[] { get, create, delete }, exception => Assert.Equal("tenantId", exception.ParamName));
        Assert.Empty(sm.Server.LogEntries);
    }
}
