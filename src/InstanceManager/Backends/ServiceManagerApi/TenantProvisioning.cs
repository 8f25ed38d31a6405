using System.Text.Json.Nodes;
using InstanceManager.Backends.ServiceManagerApi.Models;
using InstanceManager.Calls;
using InstanceManager.Diagnostics;
using InstanceManager.Polling;
using InstanceManager.ServiceManagement;
using Microsoft.Extensions.Logging;

namespace InstanceManager.Backends.ServiceManagerApi;

/// <summary>
/// Gives a tenant what the official client gives it: its service instance, created once even when a POST's outcome
/// is unknown (<see cref="CreateOnce"/>), and a binding with the official client's labels; a binding that cannot be
/// created takes the new instance down with it.
/// </summary>
internal sealed class TenantProvisioning(ServiceManagerClient serviceManager, TenantResources tenants, InstancePoller poller, TimeProvider timeProvider, ILogger logger)
{
    private readonly ServiceInstanceManager _instances = serviceManager.Instances;
    private readonly ServiceBindingManager _bindings = serviceManager.Bindings;

    /// <summary>Creates the tenant's instance and its binding, and returns the binding as the managed instance.</summary>
    public async Task<ManagedInstance> CreateAsync(ResolvedPlan plan, InstanceParameters? parameters, CallContext call, CancellationToken cancellationToken)
    {
        var body = InstanceRequest(plan, parameters, call);
        var startedAt = timeProvider.GetTimestamp();
        // Polls retry transient failures by themselves, so only the POST's unknown outcome reaches the recovery.
        var instanceId = await CreateOnce.RunAsync<ServiceInstance, string>(
            call,
            logger,
            async cancellationToken => (await _instances.CreateAsync(body, call, cancellationToken).ConfigureAwait(false)).ResourceId!,
            cancellationToken => tenants.InstanceAsync(plan, call, cancellationToken),
            (existing, fromThisCall, cancellationToken) => ResumeAsync(existing, fromThisCall, plan, call, startedAt, cancellationToken),
            cancellationToken).ConfigureAwait(false);

        try
        {
            return await BindAsync(instanceId, call.Tenant, plan, parameters?.BindingParameters, call, cancellationToken).ConfigureAwait(false);
        }
        catch (InstanceManagerException bindingFailure)
        {
            throw await RollBackAsync(instanceId, call, bindingFailure, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sends the instance's create without waiting for it; the binding is created when the operation is followed.</summary>
    public Task StartCreateAsync(ResolvedPlan plan, InstanceParameters? parameters, CallContext call, CancellationToken cancellationToken)
    {
        var body = InstanceRequest(plan, parameters, call);
        return CreateOnce.RunAsync<ServiceInstance, bool>(
            call,
            logger,
            async cancellationToken =>
            {
                await _instances.StartCreateAsync(body, call, cancellationToken).ConfigureAwait(false);
                return true;
            },
            cancellationToken => tenants.InstanceAsync(plan, call, cancellationToken),
            async (existing, fromThisCall, cancellationToken) =>
            {
                await EnsureUnboundAsync(existing, fromThisCall, plan, call, cancellationToken).ConfigureAwait(false);
                return true;
            },
            cancellationToken);
    }

    private static CreateServiceInstanceRequest InstanceRequest(ResolvedPlan plan, InstanceParameters? parameters, CallContext call) => new()
    {
        Name = ManagedInstances.InstanceName(plan.PlanId, call.Tenant),
        ServicePlanId = plan.PlanId,
        Labels = new Dictionary<string, IReadOnlyList<string>> { [ServiceManagerLabels.TenantId] = [call.Tenant] },
        Parameters = parameters?.ProvisioningParameters,
    };

    /// <summary>An instance found after a create whose outcome was unknown is this call's only if it has no binding yet.</summary>
    private async Task EnsureUnboundAsync(ServiceInstance existing, bool fromThisCall, ResolvedPlan plan, CallContext call, CancellationToken cancellationToken)
    {
        if (!fromThisCall && (await tenants.BindingsAsync(plan, call, cancellationToken).ConfigureAwait(false)).Count > 0)
        {
            throw ServiceErrors.Failed(call, $"the tenant already has an instance ({existing.Name}) with a binding.", statusCode: 409, serverDescription: "Instance already exists");
        }
    }

    /// <summary>
    /// Goes on with an instance that a POST whose outcome is unknown may have created: one without a binding yet is
    /// that POST's and is waited for until ready; one that already has bindings was there before, which is a 409 as
    /// for any second create. Returns the instance's id.
    /// </summary>
    private async Task<string> ResumeAsync(ServiceInstance existing, bool fromThisCall, ResolvedPlan plan, CallContext call, long startedAt, CancellationToken cancellationToken)
    {
        await EnsureUnboundAsync(existing, fromThisCall, plan, call, cancellationToken).ConfigureAwait(false);
        return existing.Ready ? existing.Id : await WaitUntilReadyAsync(existing.Id, call, startedAt, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Polls an instance whose creation operation is not known until it is ready; its failed <c>last_operation</c> or its disappearance ends the wait.</summary>
    private Task<string> WaitUntilReadyAsync(string instanceId, CallContext call, long startedAt, CancellationToken cancellationToken) =>
        poller.PollAsync(
            call,
            startedAt,
            pollFirst: false,
            retryAfter: null,
            (this, instanceId, call),
            static async (state, cancellationToken) =>
            {
                var (provisioning, instanceId, call) = state;
                var instance = await provisioning._instances.GetAsync(instanceId, call, cancellationToken).ConfigureAwait(false)
                    ?? throw ServiceErrors.Failed(call, $"the instance being created ({instanceId}) is gone.", statusCode: 404);
                if (instance.Ready)
                {
                    return PollStep<string>.Completed(instance.Id);
                }

                return TenantResources.LastOperationState(instance) == ServiceManagerOperation.FailedState
                    ? throw ServiceErrors.Failed(call, "the Service Manager's create operation on the instance failed.")
                    : PollStep<string>.Pending(instance.Id, retryAfter: null);
            },
            cancellationToken);

    /// <summary>Creates a binding of the instance with the official client's labels, waits for it and returns it as a managed instance.</summary>
    public async Task<ManagedInstance> BindAsync(string instanceId, string tenantId, ResolvedPlan plan, JsonObject? bindingParameters, CallContext call, CancellationToken cancellationToken)
    {
        var body = new CreateServiceBindingRequest
        {
            Name = Guid.NewGuid().ToString(),
            ServiceInstanceId = instanceId,
            Labels = TenantResources.BindingLabels(plan, tenantId),
            Parameters = bindingParameters,
        };
        var created = await _bindings.CreateAsync(body, call, cancellationToken).ConfigureAwait(false);
        var binding = await _bindings.GetAsync(created.ResourceId!, call, cancellationToken).ConfigureAwait(false)
            ?? throw ServiceErrors.Failed(call, $"the binding the Service Manager created ({created.ResourceId}) is not there (404).", statusCode: 404);
        Log.Completed(logger, call.Operation, tenantId, InstanceStatus.CreationSucceeded);
        return ManagedInstances.From(binding, tenantId, plan);
    }

    /// <summary>
    /// Deletes bindings of the instance that were created after all. Best effort: if they cannot be listed or
    /// deleted, the instance's delete still runs and reports what is left.
    /// </summary>
    private async Task DeleteLateBindingsAsync(string instanceId, CallContext cleanUp, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var binding in await tenants.BindingsOfInstanceAsync(instanceId, cleanUp, cancellationToken).ConfigureAwait(false))
            {
                await _bindings.DeleteAsync(binding.Id, cleanUp, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (InstanceManagerException exception)
        {
            Log.RollbackBindingsLeft(logger, cleanUp.Tenant, exception.Message);
        }
    }

    /// <summary>Deletes the instance whose binding failed; the error names the binding failure and, if it failed too, the rollback's.</summary>
    private async Task<InstanceManagerException> RollBackAsync(string instanceId, CallContext call, InstanceManagerException bindingFailure, CancellationToken cancellationToken)
    {
        Log.RollingBack(logger, call.Tenant, bindingFailure.Message);
        try
        {
            // The clean-up has a polling budget of its own: the create's may be what ran out. A binding that was
            // created after all (its operation outlived the budget) must go first, or the instance cannot.
            var cleanUp = CallContext.ForTenant(Operations.Delete, call.Tenant, timeProvider);
            await DeleteLateBindingsAsync(instanceId, cleanUp, cancellationToken).ConfigureAwait(false);
            await _instances.DeleteAsync(instanceId, cleanUp, cancellationToken).ConfigureAwait(false);
        }
        catch (InstanceManagerException rollbackFailure)
        {
            return ServiceErrors.Both(
                call,
                $"creating the binding failed ({bindingFailure.Message}) and deleting the new instance again failed too ({rollbackFailure.Message}).",
                bindingFailure,
                rollbackFailure,
                bindingFailure.StatusCode);
        }

        return ServiceErrors.Failed(
            call,
            $"creating the binding failed ({bindingFailure.Message}); the new instance was deleted again.",
            bindingFailure.StatusCode,
            bindingFailure.ServerDescription,
            bindingFailure);
    }
}
