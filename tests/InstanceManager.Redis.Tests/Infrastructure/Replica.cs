using InstanceManager.Redis.Coordination;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace InstanceManager.Redis.Tests.Infrastructure;

/// <summary>One replica of an application: a container of its own with the client and Redis coordination, as a pod has.</summary>
public sealed class Replica : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private Replica(ServiceProvider services)
    {
        _services = services;
        Client = services.GetRequiredService<IInstanceManagerClient>();
        Coordinator = services.GetRequiredService<RedisReplicaCoordinator>();
    }

    public IInstanceManagerClient Client { get; }

    public IServiceProvider Services => _services;

    internal RedisReplicaCoordinator Coordinator { get; }

    /// <summary>A replica connected to Redis and listening to the others' messages.</summary>
    public static async Task<Replica> StartAsync(IConfiguration credentials, RedisServer redis, Action<InstanceManagerRedisOptions>? configure = null, DelegatingHandler? handler = null)
    {
        var replica = Create(credentials, handler, options =>
        {
            options.Configuration = redis.Configuration;

            // Generous: the tests count service calls, which a Redis command given up on a loaded machine would add.
            options.OperationTimeout = TimeSpan.FromSeconds(5);
            configure?.Invoke(options);
        });
        await replica.Coordinator.Subscribed.WaitAsync(TimeSpan.FromSeconds(30));
        return replica;
    }

    public static async Task<Replica[]> StartManyAsync(int count, IConfiguration credentials, RedisServer redis, Action<InstanceManagerRedisOptions>? configure = null)
    {
        var replicas = new Replica[count];
        for (var index = 0; index < count; index++)
        {
            replicas[index] = await StartAsync(credentials, redis, configure);
        }

        return replicas;
    }

    public static Replica Create(IConfiguration credentials, Action<InstanceManagerRedisOptions> configure) => Create(credentials, handler: null, configure);

    /// <summary>A replica whose requests go through <paramref name="handler"/> (next to the wire), if any.</summary>
    public static Replica Create(IConfiguration credentials, DelegatingHandler? handler, Action<InstanceManagerRedisOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddHealthChecks().AddInstanceManagerRedis();
        var client = services.AddInstanceManager(credentials).AddRedis(configure);
        if (handler is not null)
        {
            client.HttpClientBuilder.AddHttpMessageHandler(() => handler);
        }

        return new Replica(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true }));
    }

    /// <summary>Completes when another replica's message drops <paramref name="tenantId"/> here. Call before the act.</summary>
    public Task InvalidationOf(string tenantId)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Coordinator.InvalidationReceived += tenant =>
        {
            if (tenant == tenantId)
            {
                seen.TrySetResult();
            }
        };
        return seen.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>
    /// Completes when Redis came back for this replica: it cleared its in-process cache, and both its connections
    /// (commands, messages) are restored. Call before the act.
    /// </summary>
    public Task Reconnected()
    {
        var cleared = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Coordinator.Cleared += () => cleared.TrySetResult();
        var interactive = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var subscription = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Services.GetRequiredService<RedisConnection>().Multiplexer!.ConnectionRestored += (_, restored) =>
            (restored.ConnectionType == ConnectionType.Subscription ? subscription : interactive).TrySetResult();
        return Task.WhenAll(cleared.Task, interactive.Task, subscription.Task).WaitAsync(TimeSpan.FromSeconds(60));
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
