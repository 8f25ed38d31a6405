using InstanceManager.Redis;
using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Redis coordination on the builder that <c>AddInstanceManager…</c> returns.</summary>
public static class InstanceManagerRedisBuilderExtensions
{
    /// <summary>
    /// The same as <see cref="InstanceManagerRedisServiceCollectionExtensions.AddInstanceManagerRedis(IServiceCollection, Action{InstanceManagerRedisOptions})"/>
    /// for this client.
    /// </summary>
    /// <param name="builder">The client's registration; only the client registered without a key is supported.</param>
    /// <param name="configure">Sets the options; <see cref="InstanceManagerRedisOptions.Configuration"/> is required.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="NotSupportedException">The client is a keyed client.</exception>
    public static IInstanceManagerBuilder AddRedis(this IInstanceManagerBuilder builder, Action<InstanceManagerRedisOptions> configure)
    {
        NotKeyed(builder).Services.AddInstanceManagerRedis(configure);
        return builder;
    }

    /// <summary>
    /// The same as <see cref="InstanceManagerRedisServiceCollectionExtensions.AddInstanceManagerRedis(IServiceCollection, IConfiguration)"/>
    /// for this client.
    /// </summary>
    /// <param name="builder">The client's registration; only the client registered without a key is supported.</param>
    /// <param name="section">The configuration section.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="NotSupportedException">The client is a keyed client.</exception>
    public static IInstanceManagerBuilder AddRedis(this IInstanceManagerBuilder builder, IConfiguration section)
    {
        NotKeyed(builder).Services.AddInstanceManagerRedis(section);
        return builder;
    }

    /// <summary>
    /// The same as <see cref="InstanceManagerRedisServiceCollectionExtensions.AddInstanceManagerRedis(IServiceCollection)"/>
    /// for this client: over the <c>IConnectionMultiplexer</c> registered in the services.
    /// </summary>
    /// <param name="builder">The client's registration; only the client registered without a key is supported.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="NotSupportedException">The client is a keyed client.</exception>
    public static IInstanceManagerBuilder AddRedis(this IInstanceManagerBuilder builder)
    {
        NotKeyed(builder).Services.AddInstanceManagerRedis();
        return builder;
    }

    private static IInstanceManagerBuilder NotKeyed(IInstanceManagerBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.ServiceKey is null
            ? builder
            : throw new NotSupportedException($"Redis coordination is available for the client registered without a key; the client '{builder.ServiceKey}' is keyed.");
    }
}
