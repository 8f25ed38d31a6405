using System.Net;

namespace InstanceManager.Emulator.Tests;

public sealed class ServiceManagerCatalogTests
{
    [Fact]
    public async Task Offerings_HanaByCatalogName_WithTags()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var sm = await ServiceManagerSession.StartAsync(emulator);

        var page = await sm.PageAsync("service_offerings", fieldQuery: "catalog_name eq 'hana'");

        Assert.Equal(1, (int)page["num_items"]!);
        var hana = page["items"]![0]!;
        Assert.Equal("hana", (string?)hana["name"]);
        Assert.Equal(["hana", "database", "relational"], hana["tags"]!.AsArray().Select(tag => (string)tag!));
        Assert.Null(page["token"]);
    }

    [Fact]
    public async Task Plans_ByCatalogNameAndOffering_ExactlyOne()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var sm = await ServiceManagerSession.StartAsync(emulator);
        var offeringId = (string)(await sm.PageAsync("service_offerings", fieldQuery: "catalog_name eq 'hana'"))["items"]![0]!["id"]!;

        var page = await sm.PageAsync("service_plans", fieldQuery: $"catalog_name eq 'hdi-shared' and service_offering_id eq '{offeringId}'");

        var plan = Assert.Single(page["items"]!.AsArray())!;
        Assert.Equal("hdi-shared", (string?)plan["catalog_name"]);
        Assert.Equal(offeringId, (string?)plan["service_offering_id"]);
        Assert.Equal((string?)plan["id"], (string?)(await sm.JsonAsync($"v1/service_plans/{plan["id"]}"))["id"]);
    }

    [Fact]
    public async Task DefaultCatalog_HanaPlansAndTheServiceManagerContainer()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var sm = await ServiceManagerSession.StartAsync(emulator);

        Assert.Equal(["hana", "service-manager"], await sm.AllNamesAsync("service_offerings"));
        Assert.Equal(["hdi-shared", "schema", "securestore", "container"], await sm.AllNamesAsync("service_plans"));
    }

    [Fact]
    public async Task Ids_DependOnlyOnCatalogNames()
    {
        string first;
        await using (var emulator = await EmulatorHarness.StartAsync())
        {
            using var sm = await ServiceManagerSession.StartAsync(emulator);
            first = await sm.PlanIdAsync();
        }

        await using var again = await EmulatorHarness.StartAsync();
        using var session = await ServiceManagerSession.StartAsync(again);
        Assert.Equal(first, await session.PlanIdAsync());
    }

    [Fact]
    public async Task ConfiguredOffering_AddedToTheCatalog()
    {
        await using var emulator = await EmulatorHarness.StartAsync(options =>
            options.ServiceManager.Catalog.Add(new EmulatedServiceOffering { CatalogName = "objectstore", Tags = ["blob"], Plans = ["standard"] }));
        using var sm = await ServiceManagerSession.StartAsync(emulator);

        var page = await sm.PageAsync("service_offerings", fieldQuery: "catalog_name eq 'objectstore'");

        Assert.Equal("blob", (string?)page["items"]![0]!["tags"]![0]);
        Assert.Equal("standard", (string?)(await sm.PageAsync("service_plans", fieldQuery: $"service_offering_id eq '{page["items"]![0]!["id"]}'"))["items"]![0]!["name"]);
    }

    [Fact]
    public async Task UnknownOfferingOrPlanId_404()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var sm = await ServiceManagerSession.StartAsync(emulator);

        Assert.Equal(HttpStatusCode.NotFound, (await sm.Http.GetAsync("v1/service_offerings/nope")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await sm.Http.GetAsync("v1/service_plans/nope")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await sm.Http.GetAsync("v1/platforms")).StatusCode);
    }

    [Fact]
    public async Task Catalog_IsReadOnly_405()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var sm = await ServiceManagerSession.StartAsync(emulator);

        using var response = await sm.Http.PostAsync("v1/service_offerings", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task InvalidServiceManagerOptions_RefusedAtStart()
    {
        var exception = await Assert.ThrowsAsync<ArgumentException>(() => EmulatorHarness.StartAsync(options => options.ServiceManager.PageSize = 0));

        Assert.Contains("PageSize", exception.Message, StringComparison.Ordinal);
    }
}
