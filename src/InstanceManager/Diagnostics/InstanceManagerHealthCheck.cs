using InstanceManager.Backends;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace InstanceManager.Diagnostics;

/// <summary>
/// Probes the service with the cheapest authenticated request its backend knows (<see cref="IInstanceBackend.ProbeAsync"/>):
/// for the Instance Manager, reading the instance of a tenant that does not exist; for the Service Manager, one page
/// of the configured offering; in migration mode both. Reasons name statuses, never secrets.
/// </summary>
internal sealed class InstanceManagerHealthCheck(IInstanceBackend backend, TimeProvider timeProvider, TimeSpan degradedLatency) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var startedAt = timeProvider.GetTimestamp();
        string? degraded;
        try
        {
            degraded = await backend.ProbeAsync(cancellationToken).ConfigureAwait(false);
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

        if (degraded is not null)
        {
            return HealthCheckResult.Degraded(degraded);
        }

        var elapsed = timeProvider.GetElapsedTime(startedAt);
        return elapsed > degradedLatency
            ? HealthCheckResult.Degraded($"The service answered in {elapsed.TotalMilliseconds:F0} ms (more than {degradedLatency.TotalMilliseconds:F0} ms).")
            : HealthCheckResult.Healthy($"The service answered in {elapsed.TotalMilliseconds:F0} ms.");
    }
}
