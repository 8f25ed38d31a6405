namespace InstanceManager.IntegrationTests;

/// <summary>Migration mode against the embedded emulator, which serves both the Instance Manager and the Service Manager.</summary>
public sealed class MigrationLifecycleTests
{
    [Fact]
    public async Task TenantsInBothServices_AreFoundListedAndDeleted_NewOnesGoToTheServiceManager()
    {
        await using var fixture = await EmulatorFixture.StartAsync();
        var legacy = fixture.Client();
        await fixture.Clock.RunAsync(legacy.CreateAsync("old-tenant"));
        var client = fixture.MigrationClient();

        var created = await fixture.Clock.RunAsync(client.CreateAsync("new-tenant"));
        var old = await fixture.Clock.RunAsync(client.GetAsync("old-tenant").AsTask());
        var all = await fixture.Clock.RunAsync(client.GetAllAsync());

        Assert.Equal(InstanceStatus.CreationSucceeded, created.Status);
        Assert.Equal(1, fixture.ServiceManagerRequests("POST", "/v1/service_instances", "new-tenant"));
        Assert.Equal(0, fixture.Requests("POST", "new-tenant"));
        Assert.Equal(InstanceStatus.CreationSucceeded, old!.Status);
        Assert.Equal(["new-tenant", "old-tenant"], all.Select(instance => instance.TenantId).Order(StringComparer.Ordinal));

        await fixture.Clock.RunAsync(client.DeleteAsync("old-tenant"));
        await fixture.Clock.RunAsync(client.DeleteAsync("new-tenant"));

        Assert.Empty(await fixture.Clock.RunAsync(client.GetAllAsync()));
        Assert.Null(await fixture.Clock.RunAsync(fixture.Client().GetAsync("old-tenant").AsTask()));
        Assert.Null(await fixture.Clock.RunAsync(fixture.ServiceManagerClient().GetAsync("new-tenant").AsTask()));
    }

    [Fact]
    public async Task CreateOfATenantTheInstanceManagerHolds_Is409_AndNothingIsCreatedInTheServiceManager()
    {
        await using var fixture = await EmulatorFixture.StartAsync();
        await fixture.Clock.RunAsync(fixture.Client().CreateAsync("old-tenant"));
        var client = fixture.MigrationClient();

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => fixture.Clock.RunAsync(client.CreateAsync("old-tenant")));

        Assert.Equal(409, exception.StatusCode);
        Assert.Equal(0, fixture.ServiceManagerRequests("POST", "/v1/service_instances"));
    }

    [Fact]
    public async Task DeleteOfATenantNeitherServiceHolds_Is404()
    {
        await using var fixture = await EmulatorFixture.StartAsync();
        var client = fixture.MigrationClient();

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => fixture.Clock.RunAsync(client.DeleteAsync("nobody")));

        Assert.Equal(404, exception.StatusCode);
    }
}
