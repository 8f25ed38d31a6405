using InstanceManager;
using InstanceManager.Caching;
using InstanceManager.Reconciliation;
using InstanceManager.Redis;
using InstanceManager.Redis.Configuration;
using InstanceManager.Redis.Coordination;
using InstanceManager.Redis.Diagnostics;
using InstanceManager.Redis.Reconciliation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Coordinates the replicas of an application through Redis (package <c>InstanceManager.Redis</c>).</summary>
public static class InstanceManagerRedisServiceCollectionExtensions
{
    /// <summary>
    /// Makes the <see cref="IInstanceManagerClient"/> registered without a key (<c>AddInstanceManager…</c>) coordinate
    /// with the application's other replicas through Redis: a shared, encrypted second-level cache, invalidation of a
    /// tenant on every replica, one service call per tenant across replicas for a get or a create, one download for
    /// replicas listing at the same time. When Redis is unavailable every call works as without it. Invalid options
    /// fail when the host starts, naming the key.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options; <see cref="InstanceManagerRedisOptions.Configuration"/> is required.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddInstanceManagerRedis(this IServiceCollection services, Action<InstanceManagerRedisOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<InstanceManagerRedisOptions>().Configure(configure).ValidateOnStart();
        return AddCoordination(services);
    }

    /// <summary>
    /// As <see cref="AddInstanceManagerRedis(IServiceCollection, Action{InstanceManagerRedisOptions})"/>, with the
    /// options bound from a configuration section (for example <c>configuration.GetSection("InstanceManagerRedis")</c>
    /// with the keys <c>Configuration</c>, <c>KeyPrefix</c>, <c>EncryptionKey</c>, <c>OperationTimeout</c>,
    /// <c>LockTimeout</c>, <c>ListReuse</c>).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="section">The configuration section.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddInstanceManagerRedis(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        services.AddOptions<InstanceManagerRedisOptions>().Bind(section).ValidateOnStart();
        return AddCoordination(services);
    }

    /// <summary>
    /// As <see cref="AddInstanceManagerRedis(IServiceCollection, Action{InstanceManagerRedisOptions})"/>, over the
    /// <see cref="IConnectionMultiplexer"/> registered in the services (for example by Aspire's <c>AddRedisClient</c>),
    /// which the application owns. Set the other options with
    /// <c>services.Configure&lt;InstanceManagerRedisOptions&gt;(…)</c>; <see cref="InstanceManagerRedisOptions.Configuration"/>
    /// is ignored. The multiplexer's own settings apply, except that each command is given up after
    /// <see cref="InstanceManagerRedisOptions.OperationTimeout"/>.
    /// </summary>
    /// <param name="services">The services, in which an <see cref="IConnectionMultiplexer"/> is registered.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddInstanceManagerRedis(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<InstanceManagerRedisOptions>()
            .PostConfigure(static options => options.UsesConnectionFromServices = true)
            .ValidateOnStart();
        return AddCoordination(services);
    }

    /// <summary>
    /// Adds a health check of the Redis connection: <see cref="Diagnostics.HealthChecks.HealthStatus.Healthy"/> when
    /// Redis answers a ping in time, <see cref="Diagnostics.HealthChecks.HealthStatus.Degraded"/> otherwise — never
    /// unhealthy, since every call still works without Redis. Requires <c>AddInstanceManagerRedis</c>.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name.</param>
    /// <param name="tags">Tags to filter checks by.</param>
    /// <returns>The builder.</returns>
    public static IHealthChecksBuilder AddInstanceManagerRedis(this IHealthChecksBuilder builder, string name = "instance-manager-redis", IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return builder.Add(new Diagnostics.HealthChecks.HealthCheckRegistration(
            name,
            static provider => new RedisHealthCheck(
                provider.GetRequiredService<RedisConnection>(),
                provider.GetRequiredService<IOptions<InstanceManagerRedisOptions>>().Value.OperationTimeout),
            failureStatus: null,
            tags));
    }

    internal static IServiceCollection AddCoordination(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<InstanceManagerRedisOptions>, InstanceManagerRedisOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RedisMetrics>();
        services.TryAddSingleton<RedisConnection>();

        // Replaces the core's LocalReplicaCoordinator whether AddInstanceManager was called before or after.
        services.RemoveAll<IReplicaCoordinator>();
        services.AddSingleton<RedisReplicaCoordinator>();
        services.AddSingleton<IReplicaCoordinator>(static provider => provider.GetRequiredService<RedisReplicaCoordinator>());

        // Replaces the core's LocalReconciliationLease the same way: one replica at a time reconciles.
        services.RemoveAll<IReconciliationLease>();
        services.AddSingleton<IReconciliationLease, RedisReconciliationLease>();
        return services;
    }
}
