using System.Runtime.CompilerServices;
using InstanceManager.Backends.InstanceManagerApi;
using InstanceManager.Backends.ServiceManagerApi;
using InstanceManager.Calls;
using InstanceManager.Diagnostics;
using InstanceManager.LongRunning;
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

    public async Task<ManagedInstance> CreateAsync(CallContext call, InstanceParameters? parameters, CancellationToken cancellationToken)
    {
        await EnsureNotInInstanceManagerAsync(call, cancellationToken).ConfigureAwait(false);
        return await serviceManager.CreateAsync(call, parameters, cancellationToken).ConfigureAwait(false);
    }

    public async Task StartCreateAsync(CallContext call, InstanceParameters? parameters, CancellationToken cancellationToken)
    {
        await EnsureNotInInstanceManagerAsync(call, cancellationToken).ConfigureAwait(false);
        await serviceManager.StartCreateAsync(call, parameters, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> StartDeleteAsync(CallContext call, CancellationToken cancellationToken)
    {
        var (imFound, imFailure) = await StartDeleteInAsync(instanceManager, call, cancellationToken).ConfigureAwait(false);
        var (smFound, smFailure) = ServiceManagerBackend.CanHold(call.Tenant)
            ? await StartDeleteInAsync(serviceManager, call, cancellationToken).ConfigureAwait(false)
            : (false, null);
        if (imFailure is not null && smFailure is not null)
        {
            throw BothFailed(call, smFailure, imFailure);
        }

        return (imFailure ?? smFailure) is { } failure ? throw failure : imFound || smFound;
    }

    public async Task<OperationCheck> CheckAsync(CallContext call, InstanceOperationKind kind, InstanceParameters? parameters, CancellationToken cancellationToken)
    {
        if (kind == InstanceOperationKind.Delete)
        {
            // Deleted when gone from both services.
            var fromInstanceManager = await instanceManager.CheckAsync(call, kind, parameters, cancellationToken).ConfigureAwait(false);
            if (!fromInstanceManager.IsCompleted || fromInstanceManager.Failure is not null || !ServiceManagerBackend.CanHold(call.Tenant))
            {
                return fromInstanceManager;
            }

            return await serviceManager.CheckAsync(call, kind, parameters, cancellationToken).ConfigureAwait(false);
        }

        // New instances are created in the Service Manager; a tenant it cannot hold, or has no instance of, may be an
        // Instance Manager tenant created before the migration.
        if (ServiceManagerBackend.CanHold(call.Tenant))
        {
            var fromServiceManager = await serviceManager.CheckAsync(call, kind, parameters, cancellationToken).ConfigureAwait(false);
            if (fromServiceManager.Failure is not { StatusCode: 404 })
            {
                return fromServiceManager;
            }
        }

        return await instanceManager.CheckAsync(call, kind, parameters, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<(bool Found, InstanceManagerException? Failure)> StartDeleteInAsync(IInstanceBackend backend, CallContext call, CancellationToken cancellationToken)
    {
        try
        {
            return (await backend.StartDeleteAsync(call, cancellationToken).ConfigureAwait(false), null);
        }
        catch (InstanceManagerException exception)
        {
            return (false, exception);
        }
    }

    /// <summary>Refuses a create of a tenant the Instance Manager already holds an instance for.</summary>
    private async Task EnsureNotInInstanceManagerAsync(CallContext call, CancellationToken cancellationToken)
    {
        // New instances go to the Service Manager, so the id must be one it can hold; refused before any request.
        serviceManager.ValidateTenantId(call.Tenant);
        ManagedInstance? existing = null;
        try
        {
            existing = await instanceManager.GetAsync(call.As(Operations.Get), cancellationToken).ConfigureAwait(false);
        }
        catch (InstanceManagerException exception)
        {
            // As in the reference, an Instance Manager that cannot answer does not stop creation in the Service Manager.
            Log.MigrationLookupFailed(logger, call.Operation, call.Tenant, "instance-manager", exception.Message);
        }

        if (existing is not null)
        {
            throw ServiceErrors.Failed(
                call,
                $"the tenant already has an instance in the Instance Manager (status {existing.Status}); it is not created a second time in the Service Manager.",
                statusCode: 409,
                serverDescription: "Instance already exists in the Instance Manager");
        }
    }

    public async Task<ManagedInstance?> GetAsync(CallContext call, CancellationToken cancellationToken)
    {
        InstanceManagerException? serviceManagerFailure = null;
        // The Service Manager cannot hold a tenant id its query grammar cannot carry: only the Instance Manager can.
        if (ServiceManagerBackend.CanHold(call.Tenant))
        {
            try
            {
                if (await serviceManager.GetAsync(call, cancellationToken).ConfigureAwait(false) is { } found)
                {
                    return found;
                }
            }
            catch (InstanceManagerException exception)
            {
                Log.MigrationLookupFailed(logger, call.Operation, call.Tenant, "service-manager", exception.Message);
                serviceManagerFailure = exception;
            }
        }

        ManagedInstance? fromInstanceManager;
        try
        {
            fromInstanceManager = await instanceManager.GetAsync(call, cancellationToken).ConfigureAwait(false);
        }
        catch (InstanceManagerException exception) when (serviceManagerFailure is not null)
        {
            throw BothFailed(call, serviceManagerFailure, exception);
        }

        // Absent from the Instance Manager says nothing about a Service Manager that could not be asked.
        return fromInstanceManager ?? (serviceManagerFailure is null ? null : throw serviceManagerFailure);
    }

    public async Task<IReadOnlyList<ManagedInstance>> GetAllAsync(CallContext call, CancellationToken cancellationToken)
    {
        var fromServiceManager = ListAsync(serviceManager, call, cancellationToken);
        var fromInstanceManager = ListAsync(instanceManager, call, cancellationToken);
        var (smInstances, smFailure) = await fromServiceManager.ConfigureAwait(false);
        var (imInstances, imFailure) = await fromInstanceManager.ConfigureAwait(false);
        if (smFailure is not null && imFailure is not null)
        {
            throw BothFailed(call, smFailure, imFailure);
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

    public async IAsyncEnumerable<ManagedInstance> EnumerateAllAsync(CallContext call, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Merging needs the Service Manager's tenants first; the merged list is then handed out one by one.
        foreach (var instance in await GetAllAsync(call, cancellationToken).ConfigureAwait(false))
        {
            yield return instance;
        }
    }

    public async Task DeleteAsync(CallContext call, CancellationToken cancellationToken)
    {
        var imFailure = await DeleteFromAsync(instanceManager, call, cancellationToken).ConfigureAwait(false);
        // A tenant id the Service Manager's grammar cannot carry was never created there.
        var smFailure = ServiceManagerBackend.CanHold(call.Tenant)
            ? await DeleteFromAsync(serviceManager, call, cancellationToken).ConfigureAwait(false)
            : ServiceErrors.Failed(call, "the Service Manager cannot hold that tenant id, so it has no instance for it.", statusCode: 404);
        var imAbsent = imFailure is { StatusCode: 404 };
        var smAbsent = smFailure is { StatusCode: 404 };
        if (imFailure is not null && smFailure is not null)
        {
            // Absent from both is the 404 of a single service; anything else names both failures.
            throw BothFailed(call, smFailure, imFailure);
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
    private static async Task<InstanceManagerException?> DeleteFromAsync(IInstanceBackend backend, CallContext call, CancellationToken cancellationToken)
    {
        try
        {
            await backend.DeleteAsync(call, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (InstanceManagerException exception)
        {
            return exception;
        }
    }

    private static async Task<(IReadOnlyList<ManagedInstance> Instances, InstanceManagerException? Failure)> ListAsync(IInstanceBackend backend, CallContext call, CancellationToken cancellationToken)
    {
        try
        {
            return (await backend.GetAllAsync(call, cancellationToken).ConfigureAwait(false), null);
        }
        catch (InstanceManagerException exception)
        {
            return ([], exception);
        }
    }

    /// <summary>Both services failed: one exception naming both, with the larger status (as the reference reports it).</summary>
    private static InstanceManagerException BothFailed(CallContext call, InstanceManagerException serviceManagerFailure, InstanceManagerException instanceManagerFailure)
    {
        var status = Math.Max(serviceManagerFailure.StatusCode ?? 0, instanceManagerFailure.StatusCode ?? 0);
        return ServiceErrors.Both(
            call,
            $"both services failed. Service Manager: {serviceManagerFailure.Message} Instance Manager: {instanceManagerFailure.Message}",
            serviceManagerFailure,
            instanceManagerFailure,
            status == 0 ? null : status,
            serviceManagerFailure.IsTransient || instanceManagerFailure.IsTransient);
    }

    /// <summary>
    /// Both services' tenants, the Service Manager's state winning for a tenant in both (as in the list). Either
    /// failing fails the whole: a view missing one service would make its tenants look absent.
    /// </summary>
    public async Task<IReadOnlyList<TenantState>> InventoryAsync(CallContext call, CancellationToken cancellationToken)
    {
        var fromServiceManager = await serviceManager.InventoryAsync(call, cancellationToken).ConfigureAwait(false);
        var fromInstanceManager = await instanceManager.InventoryAsync(call, cancellationToken).ConfigureAwait(false);
        var seen = fromServiceManager.Select(state => state.TenantId).ToHashSet(StringComparer.Ordinal);
        return [.. fromServiceManager, .. fromInstanceManager.Where(state => !seen.Contains(state.TenantId))];
    }

    /// <summary>Only the Service Manager has bindings.</summary>
    public Task<ManagedInstance> RepairBindingAsync(CallContext call, CancellationToken cancellationToken) =>
        serviceManager.RepairBindingAsync(call, cancellationToken);

    /// <summary>Both services hold tenants: every normalized id can be looked for in the Instance Manager.</summary>
    public void ValidateTenantId(string tenantId)
    {
    }

    /// <summary>Both services at once; one failing degrades, both failing fails with the Service Manager's failure.</summary>
    public async Task<string?> ProbeAsync(CancellationToken cancellationToken)
    {
        var sm = Outcome(serviceManager.ProbeAsync(cancellationToken));
        var im = Outcome(instanceManager.ProbeAsync(cancellationToken));
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
}
