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
internal sealed class InstanceManagerHealthCheck(Func<CancellationToken, Task<string?>> probe, TimeProvider timeProvider, TimeSpan degradedLatency) : IHealthCheck
{
    /// <summary>The tenant id probed; no real tenant is expected to have it.</summary>
    public const string ProbeTenantId = "instance-manager-health-probe";

    /// <summary>
    /// The probe of the backend the options select: it throws when the service fails, and returns why the service is
    /// only degraded, or <see langword="null"/>. In migration mode both services are probed.
    /// </summary>
    public static Func<CancellationToken, Task<string?>> ProbeFor(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<InstanceManagerOptions>>().Value;
        if (options.ServiceManager is null)
        {
            return InstanceManagerProbe(services);
        }

        var serviceManager = ServiceManagerProbe(services, options.ServiceManager);
        if (!options.UsesInstanceManager)
        {
            return serviceManager;
        }

        var instanceManager = InstanceManagerProbe(services);
        return cancellationToken => ProbeBothAsync(serviceManager, instanceManager, cancellationToken);
    }

    private static Func<CancellationToken, Task<string?>> InstanceManagerProbe(IServiceProvider services)
    {
        var im = services.GetRequiredService<InstanceManagerHttpClient>();
        return async cancellationToken =>
        {
            await im.GetAsync(ProbeTenantId, Operations.HealthCheck, cancellationToken).ConfigureAwait(false);
            return null;
        };
    }

    private static Func<CancellationToken, Task<string?>> ServiceManagerProbe(IServiceProvider services, ServiceManagerOptions serviceManager)
    {
        var offerings = services.GetRequiredService<ServiceManagerClient>().Offerings;
        var query = ServiceManagerQuery.Empty.WhereField("catalog_name", serviceManager.Service);
        return async cancellationToken =>
        {
            await foreach (var _ in offerings.ListAsync(query, Operations.HealthCheck, tenantId: null, cancellationToken).ConfigureAwait(false))
            {
                break;
            }

            return null;
        };
    }

    /// <summary>Migration mode: both services at once; one failing degrades, both failing fails with the Service Manager's failure.</summary>
    private static async Task<string?> ProbeBothAsync(Func<CancellationToken, Task<string?>> serviceManager, Func<CancellationToken, Task<string?>> instanceManager, CancellationToken cancellationToken)
    {
        var sm = Outcome(serviceManager(cancellationToken));
        var im = Outcome(instanceManager(cancellationToken));
        var (smFailure, imFailure) = (await sm.ConfigureAwait(false), await im.ConfigureAwait(false));
        return (smFailure, imFailure) switch
        {
            (null, null) => null,
            ({ } both, { }) => throw both,
            ({ } failure, null) => $"Migration mode: the Service Manager fails, the Instance Manager answers: {failure.Message}",
            (null, { } failure) => $"Migration mode: the Instance Manager fails, the Service Manager answers: {failure.Message}",
        };

        static async Task<InstanceManagerException?> Outcome(Task<string?> probe)
        {
            try
            {
                await probe.ConfigureAwait(false);
                return null;
            }
            catch (InstanceManagerException exception)
            {
                return exception;
            }
        }
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var startedAt = timeProvider.GetTimestamp();
        string? degraded;
        try
        {
            degraded = await probe(cancellationToken).ConfigureAwait(false);
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
