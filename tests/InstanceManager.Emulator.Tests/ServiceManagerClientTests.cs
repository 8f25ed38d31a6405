using InstanceManager.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace InstanceManager.Emulator.Tests;

/// <summary>This repository's client, in Service Manager mode, against the embedded emulator on the same fake clock.</summary>
public sealed class ServiceManagerClientTests
{
    [Fact]
    public async Task Client_ServiceManagerConfiguration_CreateGetListDelete()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        await using var provider = ClientOf(emulator.Emulator, emulator.Clock);
        var client = provider.GetRequiredService<IInstanceManagerClient>();

        var created = await emulator.Clock.RunAsync(client.CreateAsync("t1"));

        Assert.Equal(InstanceStatus.CreationSucceeded, created.Status);
        Assert.Equal(EmulatedCredentials.For("t1")["schema"], created.GetCredential("schema"));
        Assert.Equal("t1", Assert.Single(await emulator.Clock.RunAsync(client.GetAllAsync())).TenantId);
        await emulator.Clock.RunAsync(client.DeleteAsync("t1"));
        Assert.Null(await emulator.Clock.RunAsync(client.GetAsync("t1").AsTask()));
        Assert.Single(emulator.Emulator.RequestLog, request => request.Path == "/oauth/token");
        Assert.Contains(emulator.Emulator.RequestLog, request => request.Path.StartsWith("/v1/service_bindings?labelQuery=", StringComparison.Ordinal) && request.TenantId == "t1");
        Assert.All(emulator.Emulator.RequestLog, request => Assert.True(request.StatusCode < 400, $"{request.Method} {request.Path} {request.StatusCode}"));
    }

    [Fact]
    public async Task Client_BindingFailure_RolledBack_NoResourcesLeft()
    {
        await using var emulator = await EmulatorHarness.StartAsync(options => options.Failures = new EmulatorFailures { BindingFailurePattern = "^t1$" });
        await using var provider = ClientOf(emulator.Emulator, emulator.Clock);
        var client = provider.GetRequiredService<IInstanceManagerClient>();

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => emulator.Clock.RunAsync(client.CreateAsync("t1")));

        Assert.Contains("binding failure pattern", exception.Message, StringComparison.Ordinal);
        Assert.Contains("deleted again", exception.Message, StringComparison.Ordinal);
        using var sm = await ServiceManagerSession.StartAsync(emulator);
        Assert.Equal(0, (int)(await sm.PageAsync("service_instances"))["num_items"]!);
        Assert.Equal(0, (int)(await sm.PageAsync("service_bindings"))["num_items"]!);
    }

    [Fact]
    public async Task Client_ManyTenants_ListedAcrossPages()
    {
        await using var emulator = await EmulatorHarness.StartAsync(options => options.ServiceManager.PageSize = 2);
        await using var provider = ClientOf(emulator.Emulator, emulator.Clock);
        var client = provider.GetRequiredService<IInstanceManagerClient>();
        string[] tenants = ["t1", "t2", "t3", "t4", "t5"];
        foreach (var tenant in tenants)
        {
            await emulator.Clock.RunAsync(client.CreateAsync(tenant));
        }

        var all = await emulator.Clock.RunAsync(client.GetAllAsync());

        Assert.Equal(tenants, all.Select(instance => instance.TenantId).Order());
        Assert.Contains(emulator.Emulator.RequestLog, request => request.Path.Contains("&token=", StringComparison.Ordinal));
    }

    private static ServiceProvider ClientOf(InstanceManagerEmulator emulator, TestClock clock)
    {
        // The client's 30 s request and body timeouts are timers too: only the polling waits (at most 10 s) are ended,
        // else moving the clock to the end of a timeout would cancel a read still under way on the real socket.
        clock.IgnoreAtOrAbove = TimeSpan.FromSeconds(20);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(clock);
        services.AddInstanceManager(emulator.ServiceManagerConfiguration);
        return services.BuildServiceProvider();
    }
}
