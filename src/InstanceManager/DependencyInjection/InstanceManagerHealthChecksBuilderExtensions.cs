using InstanceManager.Backends;
using InstanceManager.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the Instance Manager health check.</summary>
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
}
