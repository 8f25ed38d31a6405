using InstanceManager.Backends;
using InstanceManager.Diagnostics;
using InstanceManager.Reconciliation;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the Instance Manager health checks.</summary>
public static class InstanceManagerHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds a health check that sends one cheap authenticated request to the Instance Manager (the read of a tenant
    /// that does not exist) or, with Service Manager credentials, to the Service Manager (one page of the offering), in
    /// migration mode to both (one of them failing is <see cref="HealthStatus.Degraded"/>): <see cref="HealthStatus.Healthy"/> when it answers in time,
    /// <see cref="HealthStatus.Degraded"/> when it answers slower than <paramref name="degradedLatency"/> or the circuit
    /// breaker holds requests back, <paramref name="failureStatus"/> when it cannot be reached, rejects the
    /// credentials or answers with an error. Requires <c>AddInstanceManager</c>: the check is of the client registered
    /// without a key.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name.</param>
    /// <param name="failureStatus">The status reported on failure; <see cref="HealthStatus.Unhealthy"/> when <see langword="null"/>.</param>
    /// <param name="tags">Tags to filter checks by.</param>
    /// <param name="degradedLatency">Answers slower than this report <see cref="HealthStatus.Degraded"/>; 2 seconds when <see langword="null"/>.</param>
    /// <returns>The builder.</returns>
    public static IHealthChecksBuilder AddInstanceManager(this IHealthChecksBuilder builder, string name = "instance-manager", HealthStatus? failureStatus = null, IEnumerable<string>? tags = null, TimeSpan? degradedLatency = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var latency = degradedLatency ?? TimeSpan.FromSeconds(2);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(latency, TimeSpan.Zero, nameof(degradedLatency));
        return builder.Add(new HealthCheckRegistration(
            name,
            provider => new InstanceManagerHealthCheck(provider.GetRequiredService<IInstanceBackend>(), provider.GetRequiredService<TimeProvider>(), latency),
            failureStatus,
            tags));
    }

    /// <summary>
    /// Adds a health check of the periodic reconciliation (<c>AddInstanceManagerReconciler</c>): healthy when its last
    /// run converged or before the first run; <paramref name="failureStatus"/> when tenants failed (the first few are
    /// named), orphans were left by the deletion cap, or the run could not read its tenants or their state.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name.</param>
    /// <param name="failureStatus">The status reported on failure; <see cref="HealthStatus.Degraded"/> when <see langword="null"/>, as the application itself still works.</param>
    /// <param name="tags">Tags to filter checks by.</param>
    /// <returns>The builder.</returns>
    public static IHealthChecksBuilder AddInstanceManagerReconciler(this IHealthChecksBuilder builder, string name = "instance-manager-reconciler", HealthStatus? failureStatus = null, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        builder.Services.TryAddSingleton<ReconcilerStatus>();
        return builder.Add(new HealthCheckRegistration(
            name,
            static provider => new ReconcilerHealthCheck(provider.GetRequiredService<ReconcilerStatus>()),
            failureStatus ?? HealthStatus.Degraded,
            tags));
    }
}
