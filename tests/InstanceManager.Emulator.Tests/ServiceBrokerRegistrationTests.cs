using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace InstanceManager.Emulator.Tests;

public sealed class ServiceBrokerRegistrationTests
{
    [Fact]
    public async Task Register_201EchoesTheCredentialsOnce_AndPublishesTheCatalogAsOfferingsAndPlans()
    {
        await using var setup = await BrokeredServiceManager.StartAsync(register: false);
        var sm = setup.Session;

        using var registered = await setup.RegisterAsync("my-broker");

        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var broker = await EmulatorHarness.JsonAsync(registered);
        var brokerId = (string)broker["id"]!;
        Assert.Equal("osb-emulator-password", (string?)broker["credentials"]!["basic"]!["password"]);
        Assert.Equal("succeeded", (string?)broker["last_operation"]!["state"]);
        var fetched = await sm.JsonAsync($"v1/service_brokers/{brokerId}");
        Assert.Null(fetched["credentials"]);
        Assert.Equal(setup.Broker.Emulator.OpenServiceBroker.Url!.AbsoluteUri, (string?)fetched["broker_url"]);
        Assert.Equal(1, (int)(await sm.PageAsync("service_brokers", "name eq 'my-broker'"))["num_items"]!);

        Assert.Single(setup.BrokerRequests, request => request is { Method: "GET", Path: "/osb/v2/catalog", StatusCode: 200 });
        using var osb = new OpenServiceBrokerClient(setup.Broker.Emulator);
        var catalog = await osb.HanaAsync();
        var offering = (await sm.PageAsync("service_offerings", "catalog_name eq 'hana'"))["items"]![0]!;
        Assert.Equal(catalog.ServiceId, (string?)offering["catalog_id"]);
        Assert.NotEqual(catalog.ServiceId, (string?)offering["id"]);
        Assert.Equal("hana", (string?)offering["name"]);
        Assert.Equal(brokerId, (string?)offering["broker_id"]);
        Assert.True((bool)offering["plan_updateable"]!);
        var plan = (await sm.PageAsync("service_plans", $"catalog_name eq 'schema' and service_offering_id eq '{offering["id"]}'"))["items"]![0]!;
        Assert.Equal(catalog.PlanIds[1], (string?)plan["catalog_id"]);
        Assert.Equal("schema", (string?)plan["name"]);
    }

    [Fact]
    public async Task Register_TakenName409_UnreachableBroker502_RefusedCredentials400_NonJson415_NothingRegistered()
    {
        await using var setup = await BrokeredServiceManager.StartAsync();
        var sm = setup.Session;

        using var taken = await setup.RegisterAsync("instance-manager-emulator");
        using var unreachable = await setup.RegisterAsync("nowhere", new Uri("http://127.0.0.1:1/osb"));
        using var refused = await setup.RegisterAsync("wrong-password", password: "wrong");
        using var plain = await sm.Http.PostAsync("v1/service_brokers", new StringContent("name=x", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Equal(HttpStatusCode.BadGateway, unreachable.StatusCode);
        Assert.Equal("ServiceBrokerErr", (string?)(await EmulatorHarness.JsonAsync(unreachable))["error"]);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var description = (string?)(await EmulatorHarness.JsonAsync(refused))["description"];
        Assert.Contains("401", description, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong", description!.Replace("wrong-password", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, plain.StatusCode);
        Assert.Equal(1, (int)(await sm.PageAsync("service_brokers"))["num_items"]!);
    }

    [Fact]
    public async Task Register_ThroughTheAdminApi_AndDelete_RemovesTheOfferings()
    {
        await using var setup = await BrokeredServiceManager.StartAsync(register: false);
        var broker = setup.Broker.Emulator.OpenServiceBroker;
        var body = new JsonObject
        {
            ["name"] = "admin-broker",
            ["broker_url"] = broker.Url!.AbsoluteUri,
            ["credentials"] = new JsonObject { ["basic"] = new JsonObject { ["username"] = broker.Username, ["password"] = broker.Password } },
        }.ToJsonString();

        using var registered = await setup.Platform.Http.PostAsync("emulator/service-brokers", new StringContent(body, Encoding.UTF8, "application/json"));
        var id = (string)(await EmulatorHarness.JsonAsync(registered))["id"]!;
        var listed = await EmulatorHarness.JsonAsync(await setup.Platform.Http.GetAsync("emulator/service-brokers"));
        Assert.Equal(2, (int)(await setup.Session.PageAsync("service_offerings"))["num_items"]!);
        using var deleted = await setup.Session.Http.DeleteAsync($"v1/service_brokers/{id}");

        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        Assert.Equal("admin-broker", (string?)listed[0]!["name"]);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(0, (int)(await setup.Session.PageAsync("service_offerings"))["num_items"]!);
        using var gone = await setup.Session.Http.GetAsync($"v1/service_brokers/{id}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Start_WithABrokerThatCannotBeRegistered_ThrowsWithoutItsPassword()
    {
        var broker = new EmulatedServiceBroker { Name = "down", Url = new Uri("http://127.0.0.1:1/osb"), Username = "u", Password = "s3cret-value" };

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => EmulatorHarness.StartAsync(options => options.ServiceManager.Brokers = [broker]));

        Assert.Contains("'down'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("502", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-value", exception.Message, StringComparison.Ordinal);
    }
}
