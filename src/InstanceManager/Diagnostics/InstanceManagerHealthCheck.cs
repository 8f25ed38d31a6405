using InstanceManager.Backends;
using InstanceManager.Backends.InstanceManager;
using InstanceManager.ServiceManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace InstanceManager.Diagnostics;

/// <summary>
/// Probes the service with the cheapest authenticated request there is: for the Instance Manager, reading the
/// instance of a tenant that does not exist (a 404 of a few bytes, unlike a list of every instance); for the Service
/// Manager, one page of the configured offering (which needs a token too). Reasons name statuses, never secrets.
/// </summary>
internal sealed class InstanceManagerHealthCheck(Func<CancellationToken, Task> probe, TimeProvider timeProvider, TimeSpan degradedLatency) : IHealthCheck
{
    /// <summary>The tenant id probed; no real tenant is expected to have it.</summary>
    public const string ProbeTenantId = "instance-manager-health-probe";

    /// <summary>The probe of the backend the options select.</summary>
    public static Func<CancellationToken, Task> ProbeFor(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<InstanceManagerOptions>>().Value;
        if (options.ServiceManager is { } serviceManager)
        {
            var offerings = services.GetRequiredService<ServiceManagerClient>().Offerings;
            var query = ServiceManagerQuery.Empty.WhereField("catalog_name", serviceManager.Service);
            return async cancellationToken =>
            {
                await foreach (var _ in offerings.ListAsync(query, Operations.HealthCheck, tenantId: null, cancellationToken).ConfigureAwait(false))
                {
                    break;
                }
            };
        }

        var im = services.GetRequiredService<InstanceManagerHttpClient>();
        return cancellationToken => im.GetAsync(ProbeTenantId, Operations.HealthCheck, cancellationToken);
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var startedAt = timeProvider.GetTimestamp();
        try
        {
            await probe(cancellationToken).ConfigureAwait(false);
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
