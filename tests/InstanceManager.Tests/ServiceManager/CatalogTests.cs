using Microsoft.Extensions.Logging;

namespace InstanceManager.Tests.ServiceManager;

public sealed class CatalogTests
{
    [Fact]
    public async Task OfferingAndPlan_AreResolvedOnce_WithTheReferenceQueries()
    {
        using var sm = new SmServer(options => options.AllowBinding = false);
        sm.Answer("GET", "/v1/service_bindings", 200, SmServer.Page([]));

        await sm.Client.GetAllAsync();
        await sm.Client.GetAllAsync();

        var offerings = Assert.Single(sm.Requests("GET", "/v1/service_offerings")).RequestMessage;
        Assert.Equal("catalog_name eq 'hana'", offerings.Query!["fieldQuery"][0]);
        var plans = Assert.Single(sm.Requests("GET", "/v1/service_plans")).RequestMessage;
        Assert.Equal("catalog_name eq 'hdi-shared' and service_offering_id eq 'off-hana'", plans.Query!["fieldQuery"][0]);
        var resolved = Assert.Single(sm.Logs.Entries, entry => entry.EventId.Id == 17);
        Assert.Equal(LogLevel.Information, resolved.Level);
        Assert.Contains("offering 'hana' plan 'hdi-shared' resolved to plan id plan-hdi-shared.", resolved.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfiguredServiceAndPlan_AreLookedUp()
    {
        using var sm = new SmServer(options => { options.Service = "postgresql-db"; options.Plan = "trial"; options.AllowBinding = false; });
        sm.Answer("GET", "/v1/service_bindings", 200, SmServer.Page([]));

        await sm.Client.GetAllAsync();

        Assert.Equal("catalog_name eq 'postgresql-db'", Assert.Single(sm.Requests("GET", "/v1/service_offerings")).RequestMessage.Query!["fieldQuery"][0]);
        Assert.StartsWith("catalog_name eq 'trial' and ", Assert.Single(sm.Requests("GET", "/v1/service_plans")).RequestMessage.Query!["fieldQuery"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingOffering_FailsNamingTheServiceKey_AndIsRetriedNextTime()
    {
        using var sm = new SmServer(catalog: false);
        sm.Answer("GET", "/v1/service_offerings", 200, SmServer.Page([]));

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => sm.Client.GetAsync("t1").AsTask());
        await Assert.ThrowsAsync<InstanceManagerException>(() => sm.Client.GetAsync("t1").AsTask());

        Assert.Contains("no offering with catalog name 'hana' (credential key 'service')", exception.Message, StringComparison.Ordinal);
        Assert.Equal(2, sm.Count("GET", "/v1/service_offerings"));
        Assert.Equal(0, sm.Count("GET", "/v1/service_bindings"));
    }

    [Fact]
    public async Task AmbiguousPlan_FailsNamingThePlanKey()
    {
        using var sm = new SmServer(catalog: false);
        sm.Answer("GET", "/v1/service_offerings", 200, SmServer.Page([SmServer.Offering(SmServer.OfferingId, "hana")]));
        sm.Answer("GET", "/v1/service_plans", 200, SmServer.Page([SmServer.Plan("p1", "hdi-shared", SmServer.OfferingId), SmServer.Plan("p2", "hdi-shared", SmServer.OfferingId)]));

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => sm.Client.CreateAsync("t1"));

        Assert.Contains("has 2 entries for the plan with catalog name 'hdi-shared' (credential key 'plan')", exception.Message, StringComparison.Ordinal);
        Assert.Equal(0, sm.Count("POST", "/v1/service_instances"));
    }
}
