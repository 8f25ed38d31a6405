using System.Net;
using InstanceManager.Emulator.Internal.ServiceManager;

namespace InstanceManager.Emulator.Tests;

public sealed class ServiceManagerQueryTests
{
    [Fact]
    public async Task FieldQuery_NameEq_MatchesOnlyThatInstance()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var sm = await ServiceManagerSession.StartAsync(emulator);
        (await sm.CreateInstanceAsync("a", "t1")).Dispose();
        (await sm.CreateInstanceAsync("b", "t2")).Dispose();

        Assert.Equal(["b"], await sm.AllNamesAsync("service_instances", fieldQuery: "name eq 'b'"));
        Assert.Equal(["a", "b"], await sm.AllNamesAsync("service_instances", fieldQuery: $"service_plan_id eq '{await sm.PlanIdAsync()}'"));
        Assert.Empty(await sm.AllNamesAsync("service_instances", fieldQuery: $"service_plan_id eq '{await sm.PlanIdAsync("schema")}'"));
    }

    [Fact]
    public async Task LabelQuery_AsTheOfficialClientSendsIt_MatchesTheTenantsBindings()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var sm = await ServiceManagerSession.StartAsync(emulator);
        var planId = await sm.PlanIdAsync();
        foreach (var tenant in new[] { "t1", "t2" })
        {
            var instanceId = await sm.ReadyInstanceAsync(tenant);
            (await sm.CreateBindingAsync(instanceId, name: "binding-" + tenant, labels: $$"""{"tenant_id":["{{tenant}}"],"service_plan_id":["{{planId}}"],"managing_client_lib":["instance-manager-client-lib"]}""")).Dispose();
        }

        var managed = $"service_plan_id eq '{planId}' and managing_client_lib eq 'instance-manager-client-lib'";

        Assert.Equal(["binding-t1", "binding-t2"], await sm.AllNamesAsync("service_bindings", labelQuery: managed));
        Assert.Equal(["binding-t2"], await sm.AllNamesAsync("service_bindings", labelQuery: managed + " and tenant_id eq 't2'"));
        Assert.Empty(await sm.AllNamesAsync("service_bindings", labelQuery: managed + " and tenant_id eq 't3'"));
    }

    [Fact]
    public async Task DoubledQuote_MatchesOnlyTheTenantWithExactlyThatId()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var sm = await ServiceManagerSession.StartAsync(emulator);
        const string Tricky = "x' or tenant_id ne '";
        (await sm.CreateInstanceAsync("plain", "x")).Dispose();
        (await sm.CreateInstanceAsync("other", "y")).Dispose();
        (await sm.CreateInstanceAsync("tricky", Tricky)).Dispose();

        var escaped = "tenant_id eq '" + Tricky.Replace("'", "''", StringComparison.Ordinal) + "'";

        Assert.Equal(["tricky"], await sm.AllNamesAsync("service_instances", labelQuery: escaped));
        Assert.Equal(["plain"], await sm.AllNamesAsync("service_instances", labelQuery: "tenant_id eq 'x'"));
    }

    [Fact]
    public async Task UnescapedQuoteAsTheReferenceSendsIt_400NotAWiderMatch()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var sm = await ServiceManagerSession.StartAsync(emulator);
        (await sm.CreateInstanceAsync("plain", "x")).Dispose();

        using var response = await sm.ListAsync("service_instances", labelQuery: "tenant_id eq 'x' or tenant_id ne ''");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task NeAndIn_MatchAsTheirNamesSay()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var sm = await ServiceManagerSession.StartAsync(emulator);
        foreach (var tenant in new[] { "t1", "t2", "t3" })
        {
            (await sm.CreateInstanceAsync("i-" + tenant, tenant)).Dispose();
        }

        (await sm.CreateInstanceAsync("unlabelled")).Dispose();

        Assert.Equal(["i-t1", "i-t3", "unlabelled"], await sm.AllNamesAsync("service_instances", labelQuery: "tenant_id ne 't2'"));
        Assert.Equal(["i-t1", "i-t3"], await sm.AllNamesAsync("service_instances", labelQuery: "tenant_id in ('t1', 't3')"));
        Assert.Equal(["i-t2", "unlabelled"], await sm.AllNamesAsync("service_instances", labelQuery: "tenant_id notin ('t1','t3')"));
        Assert.Equal(["i-t2"], await sm.AllNamesAsync("service_instances", fieldQuery: "name in ('i-t2','nope')"));
    }

    [Fact]
    public async Task ReadyField_BooleanUnquoted()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var sm = await ServiceManagerSession.StartAsync(emulator);
        await sm.ReadyInstanceAsync("t1", "ready-one");
        (await sm.CreateInstanceAsync("pending-one", "t2")).Dispose();

        Assert.Equal(["ready-one"], await sm.AllNamesAsync("service_instances", fieldQuery: "ready eq true"));
        Assert.Equal(["pending-one"], await sm.AllNamesAsync("service_instances", fieldQuery: "ready eq false"));
    }

    [Theory]
    [InlineData("fieldQuery", "name eq 'unterminated")]
    [InlineData("fieldQuery", "name eq unquoted")]
    [InlineData("fieldQuery", "name like 'a'")]
    [InlineData("fieldQuery", "name eq 'a' or name eq 'b'")]
    [InlineData("fieldQuery", "name eq")]
    [InlineData("fieldQuery", "nameeq 'a'")]
    [InlineData("fieldQuery", "name in 'a'")]
    [InlineData("fieldQuery", "tenant_id eq 'a'")]
    [InlineData("labelQuery", "tenant_id eq 'a' and")]
    [InlineData("labelQuery", "eq 'a'")]
    public async Task MalformedQuery_400WithDescription(string parameter, string query)
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var sm = await ServiceManagerSession.StartAsync(emulator);

        using var response = await sm.Http.GetAsync($"v1/service_instances?{parameter}={Uri.EscapeDataString(query)}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var json = await EmulatorHarness.JsonAsync(response);
        Assert.Equal("BadRequest", (string?)json["error"]);
        Assert.StartsWith(parameter, (string?)json["description"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Paging_ThreePagesOfTheDefaultSize_NumItemsIsTheTotal_NoTokenOnTheLast()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var sm = await ServiceManagerSession.StartAsync(emulator);
        var planId = await sm.PlanIdAsync();
        for (var index = 0; index < 10; index++)
        {
            (await sm.CreateInstanceAsync($"i{index:D2}", "t" + index, planId)).Dispose();
        }

        var first = await sm.PageAsync("service_instances");
        var second = await sm.PageAsync("service_instances", more: "token=" + Uri.EscapeDataString((string)first["token"]!));
        var third = await sm.PageAsync("service_instances", more: "token=" + Uri.EscapeDataString((string)second["token"]!));

        Assert.Equal([10, 10, 10], new[] { first, second, third }.Select(page => (int)page["num_items"]!));
        Assert.Equal([4, 4, 2], new[] { first, second, third }.Select(page => page["items"]!.AsArray().Count));
        Assert.Null(third["token"]);
        Assert.Equal(Enumerable.Range(0, 10).Select(index => $"i{index:D2}"), await sm.AllNamesAsync("service_instances"));
    }

    [Fact]
    public async Task Paging_WithAFilter_PagesOnlyTheMatches()
    {
        await using var emulator = await EmulatorHarness.StartAsync(options => options.ServiceManager.PageSize = 2);
        using var sm = await ServiceManagerSession.StartAsync(emulator);
        var planId = await sm.PlanIdAsync();
        for (var index = 0; index < 9; index++)
        {
            (await sm.CreateInstanceAsync($"i{index}", index % 3 == 0 ? "wanted" : "other", planId)).Dispose();
        }

        var first = await sm.PageAsync("service_instances", labelQuery: "tenant_id eq 'wanted'");

        Assert.Equal(3, (int)first["num_items"]!);
        Assert.Equal(["i0", "i3", "i6"], await sm.AllNamesAsync("service_instances", labelQuery: "tenant_id eq 'wanted'"));
    }

    [Fact]
    public async Task MaxItems_Honoured_ZeroGivesTheCountOnly()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var sm = await ServiceManagerSession.StartAsync(emulator);

        var all = await sm.PageAsync("service_plans", more: "max_items=10");
        var two = await sm.PageAsync("service_plans", more: "max_items=2");
        var count = await sm.PageAsync("service_plans", more: "max_items=0");

        Assert.Equal(4, all["items"]!.AsArray().Count);
        Assert.Null(all["token"]);
        Assert.Equal(2, two["items"]!.AsArray().Count);
        Assert.NotNull(two["token"]);
        Assert.Equal(4, (int)count["num_items"]!);
        Assert.Null(count["items"]);
    }

    [Theory]
    [InlineData("token=garbage")]
    [InlineData("max_items=-1")]
    [InlineData("max_items=many")]
    public async Task InvalidPagingParameters_400(string parameters)
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var sm = await ServiceManagerSession.StartAsync(emulator);

        using var response = await sm.ListAsync("service_instances", more: parameters);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public void Parse_DoubledQuotesAndBackslashPairs()
    {
        var criteria = QueryFilter.Parse(@"a eq 'it''s' and b ne 'x\'y' and c in ('1', '2')", "q");

        Assert.Equal(["a eq it's", @"b ne x\'y", "c in 1|2"], criteria.Select(criterion => $"{criterion.Key} {criterion.Operator} {string.Join('|', criterion.Values)}"));
    }
}
