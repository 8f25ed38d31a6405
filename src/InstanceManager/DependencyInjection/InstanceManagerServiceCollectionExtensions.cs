using InstanceManager;
using InstanceManager.Backends;
using InstanceManager.Backends.InstanceManagerApi;
using InstanceManager.Backends.Migration;
using InstanceManager.Backends.ServiceManagerApi;
using InstanceManager.Caching;
using InstanceManager.Configuration;
using InstanceManager.Diagnostics;
using InstanceManager.Http;
using InstanceManager.Polling;
using InstanceManager.Reconciliation;
using InstanceManager.Resilience;
using InstanceManager.ServiceManagement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="IInstanceManagerClient"/>, without a key or keyed.</summary>
public static class InstanceManagerServiceCollectionExtensions
{
    /// <summary>The name of the <see cref="HttpClient"/> the client uses, for <c>IHttpClientFactory</c> configuration.</summary>
    public const string HttpClientName = "InstanceManager";

    /// <summary>
    /// Registers <see cref="IInstanceManagerClient"/> (singleton) with options read from a managed service binding's
    /// credentials: point <paramref name="credentials"/> at the credentials object as it is (keys <c>user</c>,
    /// <c>password</c>, <c>post_managed_instance_url</c>, <c>get_managed_instance_url</c>,
    /// <c>get_all_managed_instances_url</c>, <c>delete_managed_instance_url</c>, and optionally
    /// <c>polling_interval_millis</c>, <c>polling_timeout_seconds</c>, <c>cache_max_items</c>,
    /// <c>cache_item_expire_seconds</c>). Invalid options fail when the host starts, naming the key.
    /// </summary>
    /// <remarks>
    /// A Service Manager binding's credentials (<c>sm_url</c>, <c>url</c>, <c>clientid</c>, <c>clientsecret</c> or
    /// <c>certificate</c> + <c>key</c>, …) select the Service Manager, and also register
    /// <see cref="InstanceManager.ServiceManagement.ServiceManagerClient"/>. Both kinds of credentials — in
    /// <c>imOpts</c> and <c>smOpts</c> sections, as the official clients take them, or side by side — select
    /// migration mode: create in the Service Manager, find in either service, delete from both.
    /// </remarks>
    /// <param name="services">The services.</param>
    /// <param name="credentials">The configuration section holding the credentials.</param>
    /// <returns>The builder of the registration, to configure the client further (its <see cref="IInstanceManagerBuilder.HttpClientBuilder"/> adds handlers or resilience).</returns>
    public static IInstanceManagerBuilder AddInstanceManager(this IServiceCollection services, IConfiguration credentials)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(credentials);
        return services.AddInstanceManager(options => InstanceManagerOptionsBinder.Bind(credentials, options));
    }

    /// <summary>
    /// Fills the client's cache in the background when the host starts, with one list request, so that the first
    /// requests of each tenant are cache hits without delaying the application's start. Off unless called. The same
    /// as <see cref="InstanceManagerBuilderExtensions.AddCacheWarmUp(IInstanceManagerBuilder)"/> on the builder that
    /// <c>AddInstanceManager</c> returns.
    /// </summary>
    /// <param name="services">The services, on which <c>AddInstanceManager</c> is called too.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddInstanceManagerCacheWarmUp(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddHostedService<CacheWarmUpService>();
        return services;
    }

    /// <summary>Registers <see cref="IInstanceManagerClient"/> (singleton) with options set in code. Invalid options fail when the host starts.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder of the registration, to configure the client further (its <see cref="IInstanceManagerBuilder.HttpClientBuilder"/> adds handlers or resilience).</returns>
    public static IInstanceManagerBuilder AddInstanceManager(this IServiceCollection services, Action<InstanceManagerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddOptions<InstanceManagerOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<InstanceManagerOptions>, InstanceManagerOptionsValidator>());
        return new InstanceManagerBuilder(services, serviceKey: null, AddClientServices(services));
    }

    /// <summary>
    /// Registers a keyed <see cref="IInstanceManagerClient"/> (singleton) with options read from a managed service
    /// binding's credentials, as <see cref="AddInstanceManager(IServiceCollection, IConfiguration)"/> reads them, for
    /// applications bound to several managed services: inject it as
    /// <c>[FromKeyedServices(serviceKey)] IInstanceManagerClient</c>. Invalid options fail when the host starts,
    /// naming the client's key and the configuration key.
    /// </summary>
    /// <remarks>
    /// Each keyed client has options, cache, HTTP client and connections of its own, shared with no other client;
    /// see <see cref="AddKeyedInstanceManager(IServiceCollection, object?, Action{InstanceManagerOptions})"/>.
    /// </remarks>
    /// <param name="services">The services.</param>
    /// <param name="serviceKey">The client's key; <see langword="null"/> registers the client without a key, as <c>AddInstanceManager</c> does.</param>
    /// <param name="credentials">The configuration section holding the credentials.</param>
    /// <returns>The builder of the registration, to configure the client further.</returns>
    /// <exception cref="ArgumentException">The key's text is empty, or another key has the same text.</exception>
    public static IInstanceManagerBuilder AddKeyedInstanceManager(this IServiceCollection services, object? serviceKey, IConfiguration credentials)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(credentials);
        return services.AddKeyedInstanceManager(serviceKey, options => InstanceManagerOptionsBinder.Bind(credentials, options));
    }

    /// <summary>
    /// Registers a keyed <see cref="IInstanceManagerClient"/> (singleton) with options set in code, for applications
    /// bound to several managed services: inject it as <c>[FromKeyedServices(serviceKey)] IInstanceManagerClient</c>.
    /// Invalid options fail when the host starts, naming the client's key and the configuration key.
    /// </summary>
    /// <remarks>
    /// <para>
    /// The options are named options, named after the key (its text): <c>services.Configure&lt;InstanceManagerOptions&gt;("hana", …)</c>
    /// configures the client of key <c>"hana"</c>, and <c>IOptionsMonitor&lt;InstanceManagerOptions&gt;.Get("hana")</c> reads them.
    /// </para>
    /// <para>
    /// Each keyed client is built, when it is first resolved, in a container of its own holding the client's
    /// internal services (cache, backend, poller, HTTP client, connections), so that no two clients can share one of
    /// them by mistake; that container uses the application's <c>ILoggerFactory</c>, <see cref="TimeProvider"/> and
    /// <c>IMeterFactory</c>, and is disposed with the application's container. The
    /// <see cref="IInstanceManagerBuilder.HttpClientBuilder"/> configures the client's <see cref="HttpClient"/> in
    /// that container. Registered without a key, <c>ServiceManagerClient</c> and the health check
    /// (<c>AddHealthChecks().AddInstanceManager()</c>) belong to the client registered without a key.
    /// </para>
    /// </remarks>
    /// <param name="services">The services.</param>
    /// <param name="serviceKey">The client's key; <see langword="null"/> registers the client without a key, as <c>AddInstanceManager</c> does.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder of the registration, to configure the client further.</returns>
    /// <exception cref="ArgumentException">The key's text is empty, or another key has the same text.</exception>
    public static IInstanceManagerBuilder AddKeyedInstanceManager(this IServiceCollection services, object? serviceKey, Action<InstanceManagerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        if (serviceKey is null)
        {
            return services.AddInstanceManager(configure);
        }

        var registration = KeyedClientRegistration.Find(services, serviceKey);
        if (registration is null)
        {
            var name = KeyedClientRegistration.OptionsNameOf(serviceKey);
            registration = new KeyedClientRegistration(serviceKey, name);
            services.AddKeyedSingleton(serviceKey, registration);
            services.AddKeyedSingleton(serviceKey, static (provider, key) => new KeyedClientContainer(provider.GetRequiredKeyedService<KeyedClientRegistration>(key), provider));
            services.AddKeyedSingleton<IInstanceManagerClient>(serviceKey, static (provider, key) => provider.GetRequiredKeyedService<KeyedClientContainer>(key).Client);
        }

        services.AddOptions<InstanceManagerOptions>(registration.OptionsName).Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<InstanceManagerOptions>, InstanceManagerOptionsValidator>());
        return new InstanceManagerBuilder(services, serviceKey, registration.HttpClientBuilder);
    }

    /// <summary>Registers the client and everything it is built from, except its options.</summary>
    internal static IHttpClientBuilder AddClientServices(IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<InstanceManagerEndpoints>();
        services.TryAddSingleton<InstanceManagerMetrics>();
        services.TryAddSingleton<InstancePoller>();
        services.TryAddSingleton<TenantCache>();
        services.TryAddSingleton<InstanceManagerBackend>();
        services.TryAddSingleton<ServiceManagerTokenProvider>();
        services.TryAddSingleton(static provider => new ServiceManagerClient(
            provider.GetRequiredService<ServiceManagerHttpClient>(),
            provider.GetRequiredService<InstancePoller>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<ServiceManagerClient>>()));
        services.TryAddSingleton<ServicePlanResolver>();
        services.TryAddSingleton<ServiceManagerBackend>();
        services.TryAddSingleton<MigrationBackend>();
        // The options decide the mode (InstanceManagerOptions.Mode); a backend that is not selected is never built.
        services.TryAddSingleton<IInstanceBackend>(static provider =>
            provider.GetRequiredService<IOptions<InstanceManagerOptions>>().Value.Mode switch
            {
                InstanceManagerMode.ServiceManager => provider.GetRequiredService<ServiceManagerBackend>(),
                InstanceManagerMode.Migration => provider.GetRequiredService<MigrationBackend>(),
                _ => provider.GetRequiredService<InstanceManagerBackend>(),
            });
        services.TryAddSingleton<IReplicaCoordinator, LocalReplicaCoordinator>();
        services.TryAddSingleton<IReconciliationLease, LocalReconciliationLease>();
        services.TryAddSingleton<ReconcilerMetrics>();
        services.TryAddSingleton(static provider => new TenantReconciler(
            provider.GetRequiredService<IInstanceManagerClient>(),
            provider.GetRequiredService<IInstanceBackend>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ReconcilerMetrics>(),
            provider.GetRequiredService<ILogger<TenantReconciler>>()));
        services.TryAddSingleton<IInstanceManagerClient, InstanceManagerClient>();

        // One named HttpClient carries every call (Instance Manager, OAuth server, Service Manager), so handlers a
        // caller adds to the returned builder reach all of them. The backends are singletons holding their client for
        // the application's lifetime, so DNS changes are picked up by the pooled connections' lifetime rather than by
        // handler rotation.
        services.TryAddSingleton<ServiceHttp>();
        services.TryAddSingleton<InstanceManagerHttpClient>();
        services.TryAddSingleton<ServiceManagerHttpClient>();
        var builder = services
            .AddHttpClient(HttpClientName)
            .ConfigureHttpClient(static (provider, httpClient) =>
            {
                httpClient.Timeout = RequestTimeout(provider.GetRequiredService<IOptions<InstanceManagerOptions>>().Value.Resilience);
                httpClient.DefaultRequestHeaders.UserAgent.Add(UserAgent.Product);
            })
            .ConfigurePrimaryHttpMessageHandler(static provider => CreatePrimaryHandler(provider.GetRequiredService<IOptions<InstanceManagerOptions>>().Value))
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        HttpResilience.AddTo(builder);
        return builder;
    }

    /// <summary>
    /// <see cref="HttpClient.Timeout"/>, set rather than left at its 100 s default, which would silently cut every
    /// request, retries included, at 100 s. With resilience on, the attempt timeout bounds each try and the polling
    /// budget and the caller's token bound the call, so the client itself adds no limit; with it off, one request may
    /// take the attempt timeout.
    /// </summary>
    private static TimeSpan RequestTimeout(InstanceManagerResilienceOptions resilience) =>
        resilience.Enabled ? Timeout.InfiniteTimeSpan : resilience.AttemptTimeout;

    private static SocketsHttpHandler CreatePrimaryHandler(InstanceManagerOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            AutomaticDecompression = System.Net.DecompressionMethods.All,
        };
        // With mTLS the Service Manager's client certificate is offered to every server that asks for one (the OAuth
        // server and the Service Manager do; an Instance Manager does not).
        if (options.ServiceManager is { UsesCertificate: true } serviceManager)
        {
            handler.SslOptions.ClientCertificates = [ClientCertificates.Load(serviceManager.Certificate!, serviceManager.Key!)];
        }

        if (CustomCaTrust.BundlePath(options.CaCertificatesPath) is { } bundle)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = CustomCaTrust.Callback(CustomCaTrust.Load(bundle));
        }

        return handler;
    }
}
