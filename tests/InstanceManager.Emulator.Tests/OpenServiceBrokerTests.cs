using System.Net;
using System.Text.Json.Nodes;

namespace InstanceManager.Emulator.Tests;

public sealed class OpenServiceBrokerTests
{
    [Fact]
    public async Task Catalog_ListsTheBuiltInOfferingsWithUpdatablePlans_AndIsDescribedByTheAdminApi()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var osb = new OpenServiceBrokerClient(emulator.Emulator);

        var catalog = await OpenServiceBrokerClient.JsonAsync(await osb.Http.GetAsync("v2/catalog"));
        var described = await EmulatorHarness.JsonAsync(await emulator.Http.GetAsync("emulator/osb"));

        var names = catalog["services"]!.AsArray().Select(service => (string?)service!["name"]).ToList();
        Assert.Equal(["hana", "service-manager"], names);
        var (serviceId, planIds) = await osb.HanaAsync();
        Assert.Equal(serviceId, (string?)described["service_id"]);
        Assert.Equal(planIds, described["plan_ids"]!.AsArray().Select(id => (string)id!));
        Assert.Equal(3, planIds.Length);
        Assert.True((bool)catalog["services"]![0]!["plan_updateable"]!);
        Assert.Equal(emulator.Emulator.OpenServiceBroker.Url!.AbsoluteUri, (string?)described["url"]);
        Assert.Equal("osb-emulator", (string?)described["username"]);
    }

    [Theory]
    [InlineData(null, "osb-emulator-password", HttpStatusCode.PreconditionFailed)]
    [InlineData("1.0", "osb-emulator-password", HttpStatusCode.PreconditionFailed)]
    [InlineData("2.13", "wrong", HttpStatusCode.Unauthorized)]
    [InlineData("2.17", "osb-emulator-password", HttpStatusCode.OK)]
    public async Task EveryCall_NeedsTheApiVersionHeader_ThenBasicAuth(string? version, string password, HttpStatusCode expected)
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var osb = new OpenServiceBrokerClient(emulator.Emulator, version, password: password);

        using var response = await osb.Http.GetAsync("v2/catalog");

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Provision_WithoutAcceptsIncomplete_Is422AsyncRequired_AndCreatesNothing()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var osb = new OpenServiceBrokerClient(emulator.Emulator);
        var (serviceId, planIds) = await osb.HanaAsync();

        var refused = await OpenServiceBrokerClient.JsonAsync(await osb.ProvisionAsync("i-1", serviceId, planIds[0], "t1", acceptsIncomplete: false));

        Assert.Equal("AsyncRequired", (string?)refused["error"]);
        using var lastOperation = await osb.LastOperationAsync("i-1");
        Assert.Equal(HttpStatusCode.NotFound, lastOperation.StatusCode);
    }

    [Theory]
    [InlineData("service_id", null)]
    [InlineData("plan_id", null)]
    [InlineData("organization_guid", null)]
    [InlineData("space_guid", null)]
    [InlineData(null, "unknown-plan")]
    public async Task Provision_MissingOrUnknownIds_Is400(string? without, string? planId)
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var osb = new OpenServiceBrokerClient(emulator.Emulator);
        var (serviceId, planIds) = await osb.HanaAsync();

        using var response = await osb.ProvisionAsync("i-1", serviceId, planId ?? planIds[0], "t1", without: without);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Provision_IsAsync_RepeatsAre202ThenIdempotent200_AndAConflictingOneIs409()
    {
        await using var emulator = await EmulatorHarness.StartAsync(options => options.OpenServiceBroker.OperationDelay = TimeSpan.FromSeconds(2));
        using var osb = new OpenServiceBrokerClient(emulator.Emulator);
        var (serviceId, planIds) = await osb.HanaAsync();

        using var accepted = await osb.ProvisionAsync("i-1", serviceId, planIds[0], "t1", parameters: """{"size":1}""");
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var operation = (string)(await OpenServiceBrokerClient.JsonAsync(accepted))["operation"]!;
        using var running = await osb.LastOperationAsync("i-1", operation);
        Assert.Equal("2", running.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("in progress", (string?)(await OpenServiceBrokerClient.JsonAsync(running))["state"]);
        var repeatedWhileRunning = await OpenServiceBrokerClient.JsonAsync(await osb.ProvisionAsync("i-1", serviceId, planIds[0], "t1", parameters: """{"size":1}"""));
        Assert.Equal(operation, (string?)repeatedWhileRunning["operation"]);
        using var fetchedWhileRunning = await osb.Http.GetAsync("v2/service_instances/i-1");
        Assert.Equal(HttpStatusCode.NotFound, fetchedWhileRunning.StatusCode);

        emulator.Clock.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal("succeeded", (string?)(await OpenServiceBrokerClient.JsonAsync(await osb.LastOperationAsync("i-1", operation)))["state"]);
        using var repeated = await osb.ProvisionAsync("i-1", serviceId, planIds[0], "t1", parameters: """{"size":1}""");
        Assert.Equal(HttpStatusCode.OK, repeated.StatusCode);
        using var conflicting = await osb.ProvisionAsync("i-1", serviceId, planIds[0], "t1", parameters: """{"size":2}""");
        Assert.Equal(HttpStatusCode.Conflict, conflicting.StatusCode);
        var fetched = await OpenServiceBrokerClient.JsonAsync(await osb.Http.GetAsync("v2/service_instances/i-1"));
        Assert.Equal(planIds[0], (string?)fetched["plan_id"]);
        Assert.Equal(1, (int)fetched["parameters"]!["size"]!);
    }

    [Fact]
    public async Task Update_ToAnotherPlan_IsAsync_AndTheInstanceHasThatPlanAfterwards()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var osb = new OpenServiceBrokerClient(emulator.Emulator);
        var (serviceId, planIds) = await osb.HanaAsync();
        (await osb.ProvisionAsync("i-1", serviceId, planIds[0], "t1")).Dispose();
        emulator.Clock.Advance(TimeSpan.FromSeconds(1));

        using var synchronous = await osb.Http.PatchAsync("v2/service_instances/i-1", OpenServiceBrokerClient.Json(new JsonObject { ["service_id"] = serviceId }));
        using var accepted = await osb.Http.PatchAsync("v2/service_instances/i-1?accepts_incomplete=true", OpenServiceBrokerClient.Json(new JsonObject { ["service_id"] = serviceId, ["plan_id"] = planIds[1] }));
        emulator.Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, synchronous.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var fetched = await OpenServiceBrokerClient.JsonAsync(await osb.Http.GetAsync("v2/service_instances/i-1"));
        Assert.Equal(planIds[1], (string?)fetched["plan_id"]);
    }

    [Fact]
    public async Task Bind_Is201WithTheTenantsCredentials_200WhenIdentical_409WhenDifferent_AndUnbindThen410()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var osb = new OpenServiceBrokerClient(emulator.Emulator);
        var (serviceId, planIds) = await osb.HanaAsync();
        (await osb.ProvisionAsync("i-1", serviceId, planIds[0], "tenant-7")).Dispose();
        emulator.Clock.Advance(TimeSpan.FromSeconds(1));

        using var created = await osb.BindAsync("i-1", "b-1", serviceId, planIds[0]);
        using var repeated = await osb.BindAsync("i-1", "b-1", serviceId, planIds[0]);
        using var conflicting = await osb.BindAsync("i-1", "b-1", serviceId, planIds[1]);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, repeated.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, conflicting.StatusCode);
        var credentials = (await OpenServiceBrokerClient.JsonAsync(created))["credentials"]!;
        Assert.Equal(EmulatedCredentials.For("tenant-7")["schema"], (string?)credentials["schema"]);
        var fetched = await OpenServiceBrokerClient.JsonAsync(await osb.Http.GetAsync("v2/service_instances/i-1/service_bindings/b-1"));
        Assert.Equal(EmulatedCredentials.For("tenant-7")["password"], (string?)fetched["credentials"]!["password"]);

        using var missingIds = await osb.Http.DeleteAsync("v2/service_instances/i-1/service_bindings/b-1");
        using var unbound = await osb.Http.DeleteAsync($"v2/service_instances/i-1/service_bindings/b-1?service_id={serviceId}&plan_id={planIds[0]}");
        using var gone = await osb.Http.DeleteAsync($"v2/service_instances/i-1/service_bindings/b-1?service_id={serviceId}&plan_id={planIds[0]}");

        Assert.Equal(HttpStatusCode.BadRequest, missingIds.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unbound.StatusCode);
        Assert.Equal("{}", await unbound.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
    }

    [Fact]
    public async Task Deprovision_IsAsync_ItsOperationStaysAnswerable_AndARepeatIs410()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var osb = new OpenServiceBrokerClient(emulator.Emulator);
        var (serviceId, planIds) = await osb.HanaAsync();
        (await osb.ProvisionAsync("i-1", serviceId, planIds[0], "t1")).Dispose();
        emulator.Clock.Advance(TimeSpan.FromSeconds(1));
        var query = $"service_id={serviceId}&plan_id={planIds[0]}";

        using var synchronous = await osb.Http.DeleteAsync($"v2/service_instances/i-1?{query}");
        using var accepted = await osb.Http.DeleteAsync($"v2/service_instances/i-1?accepts_incomplete=true&{query}");
        var operation = (string)(await OpenServiceBrokerClient.JsonAsync(accepted))["operation"]!;
        emulator.Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, synchronous.StatusCode);
        Assert.Equal("succeeded", (string?)(await OpenServiceBrokerClient.JsonAsync(await osb.LastOperationAsync("i-1", operation)))["state"]);
        using var withoutOperation = await osb.LastOperationAsync("i-1");
        Assert.Equal(HttpStatusCode.Gone, withoutOperation.StatusCode);
        using var again = await osb.Http.DeleteAsync($"v2/service_instances/i-1?accepts_incomplete=true&{query}");
        Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
    }

    [Fact]
    public async Task Provision_OfATenantMatchingTheCreationFailurePattern_FailsWithADescription_AndIsLoggedWithItsTenant()
    {
        await using var emulator = await EmulatorHarness.StartAsync(options => options.Failures.CreationFailurePattern = "^bad-");
        using var osb = new OpenServiceBrokerClient(emulator.Emulator);
        var (serviceId, planIds) = await osb.HanaAsync();

        var operation = (string)(await OpenServiceBrokerClient.JsonAsync(await osb.ProvisionAsync("i-1", serviceId, planIds[0], "bad-tenant")))["operation"]!;
        emulator.Clock.Advance(TimeSpan.FromSeconds(1));
        var state = await OpenServiceBrokerClient.JsonAsync(await osb.LastOperationAsync("i-1", operation));

        Assert.Equal("failed", (string?)state["state"]);
        Assert.Contains("bad-tenant", (string?)state["description"], StringComparison.Ordinal);
        Assert.Contains(emulator.Emulator.RequestLog, request => request is { Method: "PUT", TenantId: "bad-tenant", StatusCode: 202 } && request.Path == "/osb/v2/service_instances/i-1?accepts_incomplete=true");
    }
}
