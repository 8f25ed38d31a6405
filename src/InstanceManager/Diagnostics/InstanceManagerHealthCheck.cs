using InstanceManager.Backends;
using InstanceManager.Backends.InstanceManager;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace InstanceManager.Diagnostics;

/// <summary>
/// Probes the service with the cheapest authenticated request there is: reading the instance of a tenant that does
/// not exist (a 404 of a few bytes, unlike a list of every instance). Reasons name statuses, never secrets.
/// </summary>
internal sealed class InstanceManagerHealthCheck(InstanceManagerHttpClient http, TimeProvider timeProvider, TimeSpan degradedLatency) : IHealthCheck
{
    /// <summary>The tenant id probed; no real tenant is expected to have it.</summary>
    public const string ProbeTenantId = "instance-manager-health-probe";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var startedAt = timeProvider.GetTimestamp();
        try
        {
            await http.GetAsync(ProbeTenantId, Operations.HealthCheck, cancellationToken).ConfigureAwait(false);
        }
        catch (InstanceManagerException exception) when (exception.StatusCode is 401 or 403)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"The service rejects the binding's credentials ({exception.StatusCode}).");
        }
        catch (InstanceManagerException exception) when (exception.InnerException is Polly.CircuitBreaker.BrokenCircuitException)
        {
            return HealthCheckResult.Degraded("The service failed repeatedly; requests are held back for a while (circuit breaker open).");
        }
        catch (InstanceManagerException exception)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, exception.Message);
        }

        var elapsed = timeProvider.GetElapsedTime(startedAt);
        return elapsed > degradedLatency
            ? HealthCheckResult.Degraded($"The service answered in {elapsed.TotalMilliseconds:F0} ms (more than {degradedLatency.TotalMilliseconds:F0} ms).")
            : HealthCheckResult.Healthy($"The service answered in {elapsed.TotalMilliseconds:F0} ms.");
    }
}
