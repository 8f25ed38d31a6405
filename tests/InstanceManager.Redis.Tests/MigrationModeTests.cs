using InstanceManager.Emulator;
using InstanceManager.Redis.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace InstanceManager.Redis.Tests;

/// <summary>The replicas of an application in migration mode (Instance Manager and Service Manager credentials) coordinate as in the other modes.</summary>
public sealed class MigrationModeTests
{
    [Theory]
    [MemberData(nameof(RedisServer.Kinds), MemberType = typeof(RedisServer))]
    public async Task Replicas_share_an_entry_then_drop_it_when_one_deletes_the_tenant(string kind)
    {
        await using var redis = await RedisServer.StartAsync(kind);
        await using var emulator = await StartEmulatorAsync();
        await emulator.CreateTenantsAsync(["tenant-1"]);
        var replicas = await Replica.StartManyAsync(3, Migration(emulator), redis);

        // The first replica looks in the Service Manager, then finds the tenant in the Instance Manager; the others
        // read its shared entry and ask neither.
        Assert.Equal("tenant-1", (await replicas[0].Client.GetAsync("tenant-1"))!.TenantId);
        var requestsOfOne = emulator.RequestLog.Count;
        Assert.True(requestsOfOne >= 2, $"{requestsOfOne} requests");
        foreach (var replica in replicas[1..])
        {
            Assert.Equal("tenant-1", (await replica.Client.GetAsync("tenant-1"))!.TenantId);
        }

        Assert.Equal(requestsOfOne, emulator.RequestLog.Count);

        var seen = replicas[1..].Select(replica => replica.InvalidationOf("tenant-1")).ToArray();
        await replicas[0].Client.DeleteAsync("tenant-1");
        await Task.WhenAll(seen);
        foreach (var replica in replicas[1..])
        {
            Assert.Null(await replica.Client.GetAsync("tenant-1"));
        }

        foreach (var replica in replicas)
        {
            await replica.DisposeAsync();
        }
    }

    [Theory]
    [MemberData(nameof(RedisServer.Kinds), MemberType = typeof(RedisServer))]
    public async Task The_same_create_on_every_replica_at_once_is_one_Service_Manager_POST_and_every_caller_gets_the_instance(string kind)
    {
        await using var redis = await RedisServer.StartAsync(kind);
        await using var emulator = await StartEmulatorAsync();
        var replicas = await Replica.StartManyAsync(4, Migration(emulator), redis);
        emulator.ClearRequestLog();

        var created = await Task.WhenAll(replicas.Select(replica => replica.Client.CreateAsync("tenant-1")));

        Assert.All(created, instance => Assert.Equal(InstanceStatus.CreationSucceeded, instance.Status));
        Assert.Single(created.Select(instance => instance.GetCredential("password")).Distinct());
        Assert.Equal(1, emulator.RequestLog.Count(request => request.Method == "POST" && request.Path.StartsWith("/v1/service_instances", StringComparison.Ordinal)));
        Assert.Equal(0, emulator.RequestLog.Count(request => request.Method == "POST" && request.Path.StartsWith("/instance-manager", StringComparison.Ordinal)));
        foreach (var replica in replicas)
        {
            await replica.DisposeAsync();
        }
    }

    private static Task<InstanceManagerEmulator> StartEmulatorAsync() =>
        InstanceManagerEmulator.StartAsync(new InstanceManagerEmulatorOptions
        {
            ProvisioningDelay = TimeSpan.Zero,
            DeprovisioningDelay = TimeSpan.Zero,
            ServiceManager = new ServiceManagerEmulatorOptions
            {
                // Long enough for every replica's create to arrive while the first is under way.
                InstanceCreationDelay = TimeSpan.FromMilliseconds(300),
                BindingCreationDelay = TimeSpan.Zero,
                DeletionDelay = TimeSpan.Zero,
            },
        });

    /// <summary>Both bindings' credentials (<c>imOpts</c> and <c>smOpts</c> sections): migration mode.</summary>
    private static IConfiguration Migration(InstanceManagerEmulator emulator) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(emulator.Credentials.Select(pair => KeyValuePair.Create("imOpts:" + pair.Key, (string?)pair.Value)))
            .AddInMemoryCollection(emulator.ServiceManagerCredentials.Select(pair => KeyValuePair.Create("smOpts:" + pair.Key, (string?)pair.Value)))
            .Build();
}
