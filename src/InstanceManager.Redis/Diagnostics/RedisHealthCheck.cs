using InstanceManager.Redis.Coordination;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace InstanceManager.Redis.Diagnostics;

/// <summary>
/// Pings Redis. Never <see cref="HealthStatus.Unhealthy"/>: without Redis every call still works, only each replica
/// asks the service for itself; so trouble with Redis is <see cref="HealthStatus.Degraded"/>.
/// </summary>
internal sealed class RedisHealthCheck(RedisConnection connection, TimeSpan timeout) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (connection.Database is not { } database)
        {
            return HealthCheckResult.Degraded("Redis is not connected; every replica calls the service for itself until it is.");
        }

        try
        {
            var latency = await database.PingAsync().WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            connection.ReportSuccess();
            return HealthCheckResult.Healthy($"Redis answers ({latency.TotalMilliseconds:0.#} ms).");
        }
        catch (Exception exception) when (exception is StackExchange.Redis.RedisException or TimeoutException)
        {
            connection.ReportFailure(exception.GetType().Name);
            return HealthCheckResult.Degraded($"Redis does not answer ({exception.GetType().Name}); every replica calls the service for itself until it does.");
        }
    }
}
