using System.Net;

namespace InstanceManager.Emulator.Tests;

public sealed class LifecycleTests
{
    [Fact]
    public async Task Create_InProgressUntilTheProvisioningDelay_ThenSucceededWithCredentials()
    {
        await using var im = await EmulatorHarness.StartAsync(options => options.ProvisioningDelay = TimeSpan.FromSeconds(3));

        using var created = await im.PostAsync("t1");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("application/json", created.Content.Headers.ContentType!.MediaType);
        Assert.Equal("CREATION_IN_PROGRESS", (string?)(await EmulatorHarness.JsonAsync(created))["status"]);
        im.Clock.Advance(TimeSpan.FromSeconds(2.9));
        Assert.Equal("CREATION_IN_PROGRESS", await im.StatusAsync("t1"));
        im.Clock.Advance(TimeSpan.FromSeconds(0.1));
        using var succeeded = await im.GetAsync("t1");
        var json = await EmulatorHarness.JsonAsync(succeeded);
        Assert.Equal("CREATION_SUCCEEDED", (string?)json["status"]);
        Assert.Equal("t1", (string?)json["tenant_id"]);
        Assert.Equal(EmulatedCredentials.For("t1")["password"], (string?)json["credentials"]!["password"]);
        Assert.Equal(EmulatedCredentials.For("t1")["schema"], (string?)json["credentials"]!["schema"]);
        Assert.NotNull(json["id"]);
        Assert.NotNull(json["created_on"]);
    }

    [Fact]
    public async Task InProgressInstance_HasNoCredentials()
    {
        await using var im = await EmulatorHarness.StartAsync();
        (await im.PostAsync("t1")).Dispose();

        using var response = await im.GetAsync("t1");

        Assert.Null((await EmulatorHarness.JsonAsync(response))["credentials"]);
    }

    [Fact]
    public async Task Delete_InProgressForTheDeprovisioningDelay_ThenGone()
    {
        await using var im = await EmulatorHarness.StartAsync(options => options.DeprovisioningDelay = TimeSpan.FromSeconds(2));
        (await im.PostAsync("t1")).Dispose();
        im.Clock.Advance(TimeSpan.FromSeconds(1));

        using var deleted = await im.DeleteAsync("t1");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal("DELETION_IN_PROGRESS", await im.StatusAsync("t1"));
        im.Clock.Advance(TimeSpan.FromSeconds(2));
        using var gone = await im.GetAsync("t1");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Contains("t1", (string?)(await EmulatorHarness.JsonAsync(gone))["description"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task DuplicateCreate_409WithDescription()
    {
        await using var im = await EmulatorHarness.StartAsync();
        (await im.PostAsync("t1")).Dispose();

        using var again = await im.PostAsync("t1");

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("already exists", (string?)(await EmulatorHarness.JsonAsync(again))["description"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConcurrentDuplicateCreates_ExactlyOne201()
    {
        await using var im = await EmulatorHarness.StartAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => im.PostAsync("race")));

        Assert.Equal(1, responses.Count(response => response.StatusCode == HttpStatusCode.Created));
        Assert.Equal(19, responses.Count(response => response.StatusCode == HttpStatusCode.Conflict));
    }

    [Fact]
    public async Task GetAndDeleteOfUnknownTenant_404()
    {
        await using var im = await EmulatorHarness.StartAsync();

        using var get = await im.GetAsync("nobody");
        using var delete = await im.DeleteAsync("nobody");

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
    }

    [Fact]
    public async Task ProvisioningAndBindingParameters_StoredAndVisible()
    {
        await using var im = await EmulatorHarness.StartAsync();

        (await im.PostAsync("t1", """{"provisioning_parameters":{"database_id":"db-1"},"binding_parameters":{"permissions":["read"]}}""")).Dispose();

        var json = await EmulatorHarness.JsonAsync(await im.GetAsync("t1"));
        Assert.Equal("db-1", (string?)json["provisioning_parameters"]!["database_id"]);
        Assert.Equal("read", (string?)json["binding_parameters"]!["permissions"]![0]);
    }

    [Fact]
    public async Task MalformedCreateBody_400()
    {
        await using var im = await EmulatorHarness.StartAsync();

        using var response = await im.PostAsync("t1", "{not json");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await im.GetAsync("t1")).StatusCode);
    }

    [Fact]
    public async Task EncodedAndRawTenantIds_AreTheSameTenant()
    {
        await using var im = await EmulatorHarness.StartAsync();

        (await im.PostAsync("a%2Fb%20c")).Dispose();

        var listed = await EmulatorHarness.JsonAsync(await im.Http.GetAsync(EmulatorHarness.Base));
        Assert.Equal("a/b c", (string?)listed[0]!["tenant_id"]);
        Assert.Equal(HttpStatusCode.OK, (await im.GetAsync("a/b%20c")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await im.PostAsync("a/b c")).StatusCode);
        Assert.Equal("a/b c", im.Emulator.RequestLog[0].TenantId);
        Assert.EndsWith("/a%2Fb%20c", im.Emulator.RequestLog[0].Path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_ReturnsEveryInstanceWithItsStatus()
    {
        await using var im = await EmulatorHarness.StartAsync();
        (await im.PostAsync("old")).Dispose();
        im.Clock.Advance(TimeSpan.FromSeconds(1));
        (await im.PostAsync("new")).Dispose();

        var listed = (await EmulatorHarness.JsonAsync(await im.Http.GetAsync(EmulatorHarness.Base))).AsArray();

        Assert.Equal(
            ["new:CREATION_IN_PROGRESS", "old:CREATION_SUCCEEDED"],
            listed.Select(item => $"{item!["tenant_id"]}:{item["status"]}").Order().ToArray());
    }
}
