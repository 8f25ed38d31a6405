using InstanceManager.Redis.Coordination;
using InstanceManager.Redis.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace InstanceManager.Redis.Tests;

/// <summary>Keyed clients (one per bound managed service) coordinate through Redis each on its own, never mixing tenants.</summary>
public sealed class KeyedClientTests
{
    [Theory]
    [MemberData(nameof(RedisServer.Kinds), MemberType = typeof(RedisServer))]
    public async Task Each_keyed_client_shares_reads_and_deletions_with_the_same_client_of_other_replicas_and_only_with_it(string kind)
    {
        await using var redis = await RedisServer.StartAsync(kind);
        await using var hana = await Emulators.StartAsync();
        await using var other = await Emulators.StartAsync();
        await hana.CreateTenantsAsync(["tenant-1"]);
        await other.CreateTenantsAsync(["tenant-2"]);
        await using var multiplexer = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        await using var first = await KeyedReplica.StartAsync(hana.Configuration, other.Configuration, redis, multiplexer);
        await using var second = await KeyedReplica.StartAsync(hana.Configuration, other.Configuration, redis, multiplexer);

        Assert.Equal("tenant-1", (await first.Hana.GetAsync("tenant-1"))!.TenantId);
        Assert.Equal("tenant-1", (await second.Hana.GetAsync("tenant-1"))!.TenantId);
        Assert.Equal(1, hana.GetsOf("tenant-1"));

        // The other binding's client (over the application's multiplexer) has its own tenants and its own keys.
        Assert.Null(await first.Other.GetAsync("tenant-1"));
        Assert.Equal(1, other.GetsOf("tenant-1"));
        Assert.Equal("tenant-2", (await first.Other.GetAsync("tenant-2"))!.TenantId);
        Assert.Equal("tenant-2", (await second.Other.GetAsync("tenant-2"))!.TenantId);
        Assert.Equal(1, other.GetsOf("tenant-2"));
        Assert.Equal(0, hana.GetsOf("tenant-2"));

        var seen = second.InvalidationOf(KeyedReplica.HanaKey, "tenant-1");
        await first.Hana.DeleteAsync("tenant-1");
        await seen;
        Assert.Null(await second.Hana.GetAsync("tenant-1"));
        Assert.NotNull(await second.Other.GetAsync("tenant-2"));
        Assert.Equal(1, other.GetsOf("tenant-2"));

        // The application's multiplexer outlives the clients' containers, which never dispose it.
        await first.DisposeAsync();
        Assert.True(multiplexer.IsConnected);
        Assert.True(await multiplexer.GetDatabase().PingAsync() >= TimeSpan.Zero);
    }

    /// <summary>A replica with two keyed clients: "hana" with a Redis connection of its own, "other" over the application's multiplexer.</summary>
    private sealed class KeyedReplica : IAsyncDisposable
    {
        public const string HanaKey = "hana";
        public const string OtherKey = "other";

        private readonly ServiceProvider _services;

        private KeyedReplica(ServiceProvider services) => _services = services;

        public IInstanceManagerClient Hana => _services.GetRequiredKeyedService<IInstanceManagerClient>(HanaKey);

        public IInstanceManagerClient Other => _services.GetRequiredKeyedService<IInstanceManagerClient>(OtherKey);

        public static async Task<KeyedReplica> StartAsync(IConfiguration hana, IConfiguration other, RedisServer redis, IConnectionMultiplexer multiplexer)
        {
            var services = new ServiceCollection();
            services.AddLogging();
            services.AddSingleton(multiplexer);
            services.AddKeyedInstanceManager(HanaKey, hana).AddRedis(options =>
            {
                options.Configuration = redis.Configuration;
                options.OperationTimeout = TimeSpan.FromSeconds(5);
            });
            services.AddKeyedInstanceManager(OtherKey, other).AddRedis();
            services.Configure<InstanceManagerRedisOptions>(OtherKey, options => options.OperationTimeout = TimeSpan.FromSeconds(5));
            var replica = new KeyedReplica(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true }));
            await Task.WhenAll(replica.Coordinator(HanaKey).Subscribed, replica.Coordinator(OtherKey).Subscribed).WaitAsync(TimeSpan.FromSeconds(30));
            return replica;
        }

        public Task InvalidationOf(string key, string tenantId)
        {
            var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Coordinator(key).InvalidationReceived += tenant =>
            {
                if (tenant == tenantId)
                {
                    seen.TrySetResult();
                }
            };
            return seen.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }

        public ValueTask DisposeAsync() => _services.DisposeAsync();

        private RedisReplicaCoordinator Coordinator(string key) =>
            _services.GetRequiredKeyedService<KeyedClientContainer>(key).Services.GetRequiredService<RedisReplicaCoordinator>();
    }
}
