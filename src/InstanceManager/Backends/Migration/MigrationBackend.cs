using System.Runtime.CompilerServices;
using InstanceManager.Backends.InstanceManager;
using InstanceManager.Backends.ServiceManager;
using InstanceManager.Diagnostics;
using Microsoft.Extensions.Logging;

namespace InstanceManager.Backends.Migration;

/// <summary>
/// Migration mode, when both Instance Manager and Service Manager credentials are configured, with the official
/// clients' Migration Manager rules: new instances are created in the Service Manager; a tenant is looked for in the
/// Service Manager, then in the Instance Manager; the list merges both (the Service Manager's entry wins for a tenant
/// in both); a delete removes the tenant from both.
/// </summary>
/// <remarks>
/// Where the reference loses information, this does not: a create of a tenant that the Instance Manager already
/// holds is a 409 instead of a second instance; a get whose Service Manager lookup failed is not answered "absent"
/// because the Instance Manager has nothing; a delete that failed in one service is reported even when the other
/// succeeded. The cache in front is filled by the list as in any mode (the reference's Migration Manager never fills
/// it, comparing with a misspelled status).
/// </remarks>
internal sealed class MigrationBackend(InstanceManagerBackend instanceManager, ServiceManagerBackend serviceManager, ILogger<MigrationBackend> logger) : IInstanceBackend
{
    public string Name => "migration";

    public async Task<ManagedInstance> CreateAsync(string tenantId, InstanceParameters? parameters, CancellationToken cancellationToken)
    {
        ManagedInstance? existing = null;
        try
        {
            existing = await instanceManager.GetAsync(tenantId, cancellationToken).ConfigureAwait(false);
        }
        catch (InstanceManagerException exception)
        {
            // As in the reference, an Instance Manager that cannot answer does not stop creation in the Service Manager.
            Log.MigrationLookupFailed(logger, Operations.Create, tenantId, "instance-manager", exception.Message);
        }

        if (existing is not null)
        {
            throw new InstanceManagerException(
                $"{ServiceErrors.Subject(Operations.Create, tenantId)} failed: the tenant already has an instance in the Instance Manager (status {existing.Status}); it is not created a second time in the Service Manager.",
                Operations.Create,
                tenantId,
                statusCode: 409,
                serverDescription: "Instance already exists in the Instance Manager");
        }

        return await serviceManager.CreateAsync(tenantId, parameters, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ManagedInstance?> GetAsync(string tenantId, CancellationToken cancellationToken)
    {
        InstanceManagerException? serviceManagerFailure = null;
        try
        {
            if (await serviceManager.GetAsync(tenantId, cancellationToken).ConfigureAwait(false) is { } found)
            {
                return found;
            }
        }
        catch (ArgumentException)
        {
            // The Service Manager cannot hold a tenant id its query grammar cannot carry: only the Instance Manager can.
        }
        catch (InstanceManagerException exception)
        {
            Log.MigrationLookupFailed(logger, Operations.Get, tenantId, "service-manager", exception.Message);
            serviceManagerFailure = exception;
        }

        ManagedInstance? fromInstanceManager;
        try
        {
            fromInstanceManager = await instanceManager.GetAsync(tenantId, cancellationToken).ConfigureAwait(false);
        }
        catch (InstanceManagerException exception) when (serviceManagerFailure is not null)
        {
            throw BothFailed(Operations.Get, tenantId, serviceManagerFailure, exception);
        }

        // Absent from the Instance Manager says nothing about a Service Manager that could not be asked.
        return fromInstanceManager ?? (serviceManagerFailure is null ? null : throw serviceManagerFailure);
    }

    public async Task<IReadOnlyList<ManagedInstance>> GetAllAsync(CancellationToken cancellationToken)
    {
        var fromServiceManager = ListAsync(serviceManager, cancellationToken);
        var fromInstanceManager = ListAsync(instanceManager, cancellationToken);
        var (smInstances, smFailure) = await fromServiceManager.ConfigureAwait(false);
        var (imInstances, imFailure) = await fromInstanceManager.ConfigureAwait(false);
        if (smFailure is not null && imFailure is not null)
        {
            throw BothFailed(Operations.GetAll, tenantId: null, smFailure, imFailure);
        }

        if ((smFailure ?? imFailure) is { } failure)
        {
            Log.MigrationListPartial(logger, smFailure is null ? "instance-manager" : "service-manager", failure.Message);
        }

        var merged = new List<ManagedInstance>(smInstances.Count + imInstances.Count);
        merged.AddRange(smInstances);
        var inServiceManager = smInstances.Select(instance => instance.TenantId).ToHashSet(StringComparer.Ordinal);
        merged.AddRange(imInstances.Where(instance => !inServiceManager.Contains(instance.TenantId)));
        return merged;
    }

    public async IAsyncEnumerable<ManagedInstance> EnumerateAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Merging needs the Service Manager's tenants first; the merged list is then handed out one by one.
        foreach (var instance in await GetAllAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return instance;
        }
    }

    public async Task DeleteAsync(string tenantId, CancellationToken cancellationToken)
    {
        var imFailure = await DeleteFromAsync(instanceManager, tenantId, cancellationToken).ConfigureAwait(false);
        var smFailure = await DeleteFromAsync(serviceManager, tenantId, cancellationToken).ConfigureAwait(false);
        var imAbsent = imFailure is { StatusCode: 404 };
        var smAbsent = smFailure is { StatusCode: 404 };
        if (imFailure is not null && smFailure is not null)
        {
            // Absent from both is the 404 of a single service; anything else names both failures.
            throw BothFailed(Operations.Delete, tenantId, smFailure, imFailure);
        }

        // One service deleted the instance; the other had none, or failed — and an instance left behind is reported.
        if ((imAbsent ? null : imFailure) is { } imError)
        {
            throw imError;
        }

        if ((smAbsent ? null : smFailure) is { } smError)
        {
            throw smError;
        }
    }

    /// <summary>Deletes from one service; the failure, or <see langword="null"/> when the instance is gone from it.</summary>
    private static async Task<InstanceManagerException?> DeleteFromAsync(IInstanceBackend backend, string tenantId, CancellationToken cancellationToken)
    {
        try
        {
            await backend.DeleteAsync(tenantId, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (ArgumentException)
        {
            // A tenant id the Service Manager's grammar cannot carry was never created there.
            return new InstanceManagerException($"{ServiceErrors.Subject(Operations.Delete, tenantId)} failed: the Service Manager cannot hold that tenant id, so it has no instance for it.", Operations.Delete, tenantId, statusCode: 404);
        }
        catch (InstanceManagerException exception)
        {
            return exception;
        }
    }

    private static async Task<(IReadOnlyList<ManagedInstance> Instances, InstanceManagerException? Failure)> ListAsync(IInstanceBackend backend, CancellationToken cancellationToken)
    {
        try
        {
            return (await backend.GetAllAsync(cancellationToken).ConfigureAwait(false), null);
        }
        catch (InstanceManagerException exception)
        {
            return ([], exception);
        }
    }

    /// <summary>Both services failed: one exception naming both, with the larger status (as the reference reports it).</summary>
    private static InstanceManagerException BothFailed(string operation, string? tenantId, InstanceManagerException serviceManagerFailure, InstanceManagerException instanceManagerFailure)
    {
        var status = Math.Max(serviceManagerFailure.StatusCode ?? 0, instanceManagerFailure.StatusCode ?? 0);
        return new InstanceManagerException(
            $"{ServiceErrors.Subject(operation, tenantId)} failed in both services. Service Manager: {serviceManagerFailure.Message} Instance Manager: {instanceManagerFailure.Message}",
            operation,
            tenantId,
            status == 0 ? null : status,
            serviceManagerFailure.ServerDescription ?? instanceManagerFailure.ServerDescription,
            new AggregateException(serviceManagerFailure, instanceManagerFailure))
        {
            IsTransient = serviceManagerFailure.IsTransient || instanceManagerFailure.IsTransient,
        };
    }
}
