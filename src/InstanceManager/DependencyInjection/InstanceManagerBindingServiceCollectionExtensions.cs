using InstanceManager;
using InstanceManager.Configuration;
using InstanceManager.Configuration.Bindings;
using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="IInstanceManagerClient"/> with the credentials of a bound service.</summary>
public static class InstanceManagerBindingServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IInstanceManagerClient"/> (singleton) with the credentials of the managed service binding
    /// that <paramref name="query"/> selects (by default the binding labelled <c>managed-hana</c>), found as
    /// <see cref="ServiceBindings.FindCredentials(ServiceBindingQuery)"/> describes; when no binding source exists at all,
    /// with <paramref name="fallback"/>, a configuration section with the same keys (for local development).
    /// </summary>
    /// <remarks>
    /// The binding is read once, when this method is called, so a missing or ambiguous binding fails at start-up
    /// rather than at the first request. A source that exists without a matching binding is an error, not a reason to
    /// use <paramref name="fallback"/>. The options are validated when the host starts, naming any missing key.
    /// </remarks>
    /// <param name="services">The services.</param>
    /// <param name="query">Which binding to take; <see langword="null"/> for the default query.</param>
    /// <param name="fallback">The credentials to use when no binding source exists, or <see langword="null"/>.</param>
    /// <returns>The builder of the registration, to configure the client further (its <see cref="IInstanceManagerBuilder.HttpClientBuilder"/> adds handlers or resilience).</returns>
    /// <exception cref="ServiceBindingException">
    /// No binding matches or more than one does, a source is malformed, or there is neither a binding source nor a
    /// non-empty <paramref name="fallback"/>.
    /// </exception>
    public static IInstanceManagerBuilder AddInstanceManagerFromBinding(this IServiceCollection services, ServiceBindingQuery? query = null, IConfiguration? fallback = null) =>
        services.AddInstanceManagerFromBinding(query, fallback, Environment.GetEnvironmentVariable, LegacySecretsReader.DefaultRoot);

    internal static IInstanceManagerBuilder AddInstanceManagerFromBinding(this IServiceCollection services, ServiceBindingQuery? query, IConfiguration? fallback, Func<string, string?> environment, string legacyRoot)
    {
        ArgumentNullException.ThrowIfNull(services);
        query ??= new ServiceBindingQuery();

        var credentials = ServiceBindings.FindCredentials(query, environment, legacyRoot);
        if (credentials is null)
        {
            credentials = fallback is not null && fallback.GetChildren().Any()
                ? fallback
                : throw new ServiceBindingException(
                    $"No {(IsServiceManager(query) ? "Service Manager" : "Instance Manager")} credentials were found ({query}). Provide them in one of three ways: bind the service so that the platform sets VCAP_SERVICES or VCAP_SERVICES_FILE_PATH (Cloud Foundry); mount the binding under SERVICE_BINDING_ROOT (Kubernetes); or pass a configuration section with the keys {(IsServiceManager(query) ? ConfigurationKeys.ServiceManagerKeyList : ConfigurationKeys.InstanceManagerKeyList)} as the fallback (local development).",
                    query,
                    []);
        }

        return services.AddInstanceManager(credentials);
    }

    /// <summary>
    /// Registers <see cref="IInstanceManagerClient"/> (singleton) in migration mode, with the credentials of two bound
    /// services: the Instance Manager's (by default the binding labelled <c>managed-hana</c>) and the Service
    /// Manager's (by default the binding labelled <c>service-manager</c>). New instances are created in the Service
    /// Manager; existing ones are found in either service and deleted from both.
    /// </summary>
    /// <remarks>Both bindings are read once, when this method is called; either one missing fails at start-up.</remarks>
    /// <param name="services">The services.</param>
    /// <param name="instanceManager">Which binding holds the Instance Manager's credentials; <see langword="null"/> for <c>managed-hana</c>.</param>
    /// <param name="serviceManager">Which binding holds the Service Manager's credentials; <see langword="null"/> for <c>service-manager</c>.</param>
    /// <returns>The builder of the registration, to configure the client further (its <see cref="IInstanceManagerBuilder.HttpClientBuilder"/> adds handlers or resilience).</returns>
    /// <exception cref="ServiceBindingException">A binding is missing or ambiguous, or a source is malformed.</exception>
    public static IInstanceManagerBuilder AddInstanceManagerMigrationFromBindings(this IServiceCollection services, ServiceBindingQuery? instanceManager = null, ServiceBindingQuery? serviceManager = null) =>
        services.AddInstanceManagerMigrationFromBindings(instanceManager, serviceManager, Environment.GetEnvironmentVariable, LegacySecretsReader.DefaultRoot);

    internal static IInstanceManagerBuilder AddInstanceManagerMigrationFromBindings(this IServiceCollection services, ServiceBindingQuery? instanceManager, ServiceBindingQuery? serviceManager, Func<string, string?> environment, string legacyRoot)
    {
        ArgumentNullException.ThrowIfNull(services);
        instanceManager ??= new ServiceBindingQuery();
        serviceManager ??= new ServiceBindingQuery { Label = ServiceManagerLabel };
        var imCredentials = ServiceBindings.FindCredentials(instanceManager, environment, legacyRoot) ?? throw NoBinding(instanceManager, "Instance Manager");
        var smCredentials = ServiceBindings.FindCredentials(serviceManager, environment, legacyRoot) ?? throw NoBinding(serviceManager, "Service Manager");
        return services.AddInstanceManager(options =>
        {
            InstanceManagerOptionsBinder.Bind(imCredentials, options);
            InstanceManagerOptionsBinder.BindServiceManager(smCredentials, options);
        });
    }

    /// <summary>The label of the Service Manager's offering in <c>VCAP_SERVICES</c>.</summary>
    private const string ServiceManagerLabel = "service-manager";

    private static bool IsServiceManager(ServiceBindingQuery query) => string.Equals(query.Label, ServiceManagerLabel, StringComparison.OrdinalIgnoreCase);

    private static ServiceBindingException NoBinding(ServiceBindingQuery query, string service) =>
        new($"No {service} credentials were found ({query}): migration mode needs a binding of both the Instance Manager and the Service Manager, found in VCAP_SERVICES, VCAP_SERVICES_FILE_PATH or SERVICE_BINDING_ROOT.", query, []);
}
