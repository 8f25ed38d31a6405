using InstanceManager.Redis;
using InstanceManager.Redis.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Redis coordination on the builder that <c>AddInstanceManager…</c> or <c>AddKeyedInstanceManager</c> returns.</summary>
public static class InstanceManagerRedisBuilderExtensions
{
    /// <summary>
    /// The same as <see cref="InstanceManagerRedisServiceCollectionExtensions.AddInstanceManagerRedis(IServiceCollection, Action{InstanceManagerRedisOptions})"/>
    /// for this client, keyed or not. A keyed client's options are validated when the host starts under the key's
    /// text as the options name (<see cref="OptionsValidationException.OptionsName"/>); its Redis connection is its own.
    /// </summary>
    /// <param name="builder">The client's registration.</param>
    /// <param name="configure">Sets the options; <see cref="InstanceManagerRedisOptions.Configuration"/> is required.</param>
    /// <returns>The builder.</returns>
    public static IInstanceManagerBuilder AddRedis(this IInstanceManagerBuilder builder, Action<InstanceManagerRedisOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        return Add(builder, services => services.AddInstanceManagerRedis(configure), options => options.Configure(configure));
    }

    /// <summary>
    /// The same as <see cref="InstanceManagerRedisServiceCollectionExtensions.AddInstanceManagerRedis(IServiceCollection, IConfiguration)"/>
    /// for this client, keyed or not (see <see cref="AddRedis(IInstanceManagerBuilder, Action{InstanceManagerRedisOptions})"/>).
    /// </summary>
    /// <param name="builder">The client's registration.</param>
    /// <param name="section">The configuration section.</param>
    /// <returns>The builder.</returns>
    public static IInstanceManagerBuilder AddRedis(this IInstanceManagerBuilder builder, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(section);
        return Add(builder, services => services.AddInstanceManagerRedis(section), options => options.Bind(section));
    }

    /// <summary>
    /// The same as <see cref="InstanceManagerRedisServiceCollectionExtensions.AddInstanceManagerRedis(IServiceCollection)"/>
    /// for this client, keyed or not: over the <c>IConnectionMultiplexer</c> registered in the application's services.
    /// A keyed client's other options: <c>services.Configure&lt;InstanceManagerRedisOptions&gt;(key text, …)</c>.
    /// </summary>
    /// <param name="builder">The client's registration.</param>
    /// <returns>The builder.</returns>
    public static IInstanceManagerBuilder AddRedis(this IInstanceManagerBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return Add(builder, static services => services.AddInstanceManagerRedis(), static options => options.PostConfigure(static redis => redis.UsesConnectionFromServices = true));
    }

    /// <summary>
    /// The client without a key: <paramref name="unkeyed"/> on the application's services. A keyed client lives in a
    /// container of its own: its Redis options are named options of the application (<paramref name="keyed"/> sets
    /// them; so they are validated when the host starts), and the coordination services are added to its container
    /// when it is built.
    /// </summary>
    private static IInstanceManagerBuilder Add(IInstanceManagerBuilder builder, Action<IServiceCollection> unkeyed, Action<OptionsBuilder<InstanceManagerRedisOptions>> keyed)
    {
        if (builder.ServiceKey is not { } key)
        {
            unkeyed(builder.Services);
            return builder;
        }

        var registration = KeyedClientRegistration.Find(builder.Services, key)
            ?? throw new InvalidOperationException($"No Instance Manager client is registered with the key '{key}' in these services.");
        var options = builder.Services.AddOptions<InstanceManagerRedisOptions>(registration.OptionsName);
        keyed(options);
        options.ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<InstanceManagerRedisOptions>, InstanceManagerRedisOptionsValidator>());
        if (!registration.ContainerSetup.Exists(static setup => setup.Target is KeyedCoordination))
        {
            registration.ContainerSetup.Add(new KeyedCoordination(registration.OptionsName).AddTo);
        }

        return builder;
    }

    private sealed class KeyedCoordination(string optionsName)
    {
        public void AddTo(IServiceCollection services, IServiceProvider application)
        {
            var options = application.GetRequiredService<IOptionsMonitor<InstanceManagerRedisOptions>>().Get(optionsName);
            services.AddSingleton(Options.Options.Create(options));
            if (options.UsesConnectionFromServices && application.GetService<IConnectionMultiplexer>() is { } multiplexer)
            {
                // The application's: registered as an instance, so the client's container never disposes it.
                services.AddSingleton(multiplexer);
            }

            InstanceManagerRedisServiceCollectionExtensions.AddCoordination(services);
        }
    }
}
