using InstanceManager;
using InstanceManager.Reconciliation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Runs the <see cref="TenantReconciler"/> periodically in the application.</summary>
public static class InstanceManagerReconcilerServiceCollectionExtensions
{
    /// <summary>
    /// Runs the <see cref="TenantReconciler"/> of the client registered without a key every
    /// <see cref="TenantReconcilerOptions.Interval"/>, with the tenants of the registered <see cref="ITenantSource"/>
    /// (else <see cref="TenantReconcilerOptions.Tenants"/>). With a package that coordinates replicas
    /// (<c>InstanceManager.Redis</c>) one replica runs at a time; without it every replica runs, which is redundant but
    /// safe. Invalid options fail when the host starts, naming the key.
    /// </summary>
    /// <param name="services">The services, in which <c>AddInstanceManager…</c> registered the client.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddInstanceManagerReconciler(this IServiceCollection services, Action<TenantReconcilerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<TenantReconcilerOptions>().Configure(configure).ValidateOnStart();
        return AddReconcilerServices(services);
    }

    /// <summary>As <see cref="AddInstanceManagerReconciler(IServiceCollection, Action{TenantReconcilerOptions})"/>, with the default options.</summary>
    /// <param name="services">The services, in which <c>AddInstanceManager…</c> registered the client.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddInstanceManagerReconciler(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<TenantReconcilerOptions>().ValidateOnStart();
        return AddReconcilerServices(services);
    }

    /// <summary>
    /// As <see cref="AddInstanceManagerReconciler(IServiceCollection, Action{TenantReconcilerOptions})"/>, with the
    /// options bound from a configuration section (for example <c>configuration.GetSection("InstanceManager:Reconciler")</c>
    /// with the keys <c>Enabled</c>, <c>Interval</c>, <c>FirstRunDelay</c>, <c>DeleteOrphans</c>, <c>MaxDeletions</c>,
    /// <c>MaxConcurrency</c>, <c>MaxCreateAttempts</c>, <c>RetryDelay</c> and the array <c>Tenants</c>).
    /// </summary>
    /// <param name="services">The services, in which <c>AddInstanceManager…</c> registered the client.</param>
    /// <param name="section">The configuration section.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddInstanceManagerReconciler(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        services.AddOptions<TenantReconcilerOptions>().Bind(section).ValidateOnStart();
        return AddReconcilerServices(services);
    }

    private static IServiceCollection AddReconcilerServices(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TenantReconcilerOptions>, TenantReconcilerOptionsValidator>());
        services.TryAddSingleton<ReconcilerStatus>();
        services.TryAddSingleton<ITenantSource, ConfiguredTenantSource>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PeriodicReconciliationService>());
        return services;
    }
}
