using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using InstanceManager.Emulator.Internal.ServiceManager;

// Longer than this codebase's usual 250 lines on purpose: the broker's instances, bindings and operations sit behind
// one lock, and each OSB idempotency rule (201/200/409/410, 422 while an operation runs) reads and changes several of
// them under it; split across files, that lock protocol would be too.

namespace InstanceManager.Emulator.Internal.OpenServiceBroker;

/// <summary>
/// The emulated broker's instances, bindings and operations, in memory and thread-safe. Provision, update and
/// deprovision are asynchronous only (their states follow from the clock); bind and unbind are synchronous. The
/// answers follow the OSB specification's idempotency rules: 201/202 for new, 200 for an identical repeat, 409 for a
/// conflicting one, 410 for what is gone.
/// </summary>
internal sealed class OpenServiceBrokerStore(InstanceManagerEmulatorOptions options)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, BrokerInstance> _instances = new(StringComparer.Ordinal);

    /// <summary>The built-in offerings and plans, with the same ids as the emulated Service Manager's own catalog.</summary>
    public ServiceManagerCatalog Catalog { get; } = new(options.ServiceManager.Catalog);

    private TimeProvider Clock => options.TimeProvider;

    private TimeSpan Delay => options.OpenServiceBroker.OperationDelay;

    /// <summary>The plan, if <paramref name="planId"/> is a plan of the offering <paramref name="serviceId"/>.</summary>
    public ServiceManagerCatalog.Plan? FindPlan(string serviceId, string planId) =>
        Catalog.FindPlan(planId) is { } plan && plan.OfferingId == serviceId ? plan : null;

    public bool IsOffering(string serviceId) => Catalog.Offerings.Exists(offering => offering.Id == serviceId);

    public BrokerAnswer Provision(string instanceId, string serviceId, string planId, string placement, string? parameters, JsonObject? context, EmulatorFailures failures)
    {
        lock (_gate)
        {
            var now = Clock.GetUtcNow();
            if (_instances.TryGetValue(instanceId, out var existing) && !existing.IsGoneAt(now))
            {
                var identical = existing.ServiceId == serviceId && existing.PlanId == planId && existing.Placement == placement && SameJson(existing.Parameters, parameters);
                if (!identical)
                {
                    return BrokerAnswer.Error(409, null, $"The service instance {instanceId} exists with other attributes.", existing.TenantId);
                }

                var last = existing.LastOperation;
                return last.Type switch
                {
                    BrokerOperation.Provision when last.RunningAt(now) => Operation(202, last, existing.TenantId),
                    BrokerOperation.Provision when last.Failure is not null => BrokerAnswer.Error(409, null, $"The provisioning of service instance {instanceId} failed; deprovision it first.", existing.TenantId),
                    BrokerOperation.Deprovision when last.RunningAt(now) => BrokerAnswer.Error(422, "ConcurrencyError", $"The service instance {instanceId} is being deprovisioned.", existing.TenantId),
                    _ => BrokerAnswer.Empty(200, existing.TenantId),
                };
            }

            var tenant = TextOf(context, "tenant_id") ?? TextOf(context, "instance_name") ?? instanceId;
            var provisioning = NewOperation(BrokerOperation.Provision, now, Matches(failures.CreationFailurePattern, tenant)
                ? $"Emulated provisioning failure for tenant '{tenant}': the tenant matches the creation failure pattern."
                : null);
            var instance = new BrokerInstance
            {
                Id = instanceId,
                ServiceId = serviceId,
                PlanId = planId,
                Placement = placement,
                Parameters = parameters,
                TenantId = tenant,
                Provisioning = provisioning,
                LastOperation = provisioning,
            };
            instance.Operations[provisioning.Id] = provisioning;
            _instances[instanceId] = instance;
            return Operation(202, provisioning, tenant);
        }
    }

    public BrokerAnswer Update(string instanceId, string serviceId, string? planId, string? parameters)
    {
        lock (_gate)
        {
            var now = Clock.GetUtcNow();
            if (!_instances.TryGetValue(instanceId, out var instance) || instance.IsGoneAt(now) || instance.Provisioning.StateAt(now) == ServiceManagerOperation.Failed)
            {
                return BrokerAnswer.Error(404, null, $"The service instance {instanceId} does not exist.");
            }

            if (instance.ServiceId != serviceId)
            {
                return BrokerAnswer.Error(400, null, $"The service instance {instanceId} is not of the offering {serviceId}.", instance.TenantId);
            }

            var last = instance.LastOperation;
            if (last.RunningAt(now))
            {
                return last.Type == BrokerOperation.Update
                    ? Operation(202, last, instance.TenantId)
                    : BrokerAnswer.Error(422, "ConcurrencyError", $"Another operation ({last.Type}) on service instance {instanceId} is in progress.", instance.TenantId);
            }

            instance.PlanId = planId ?? instance.PlanId;
            instance.Parameters = parameters ?? instance.Parameters;
            var update = NewOperation(BrokerOperation.Update, now, null);
            instance.Operations[update.Id] = update;
            instance.LastOperation = update;
            return Operation(202, update, instance.TenantId);
        }
    }

    public BrokerAnswer Deprovision(string instanceId, EmulatorFailures failures)
    {
        lock (_gate)
        {
            var now = Clock.GetUtcNow();
            if (!_instances.TryGetValue(instanceId, out var instance) || instance.IsGoneAt(now))
            {
                return BrokerAnswer.Empty(410, instance?.TenantId);
            }

            var last = instance.LastOperation;
            if (last.RunningAt(now) && last.Type != BrokerOperation.Provision)
            {
                return last.Type == BrokerOperation.Deprovision
                    ? Operation(202, last, instance.TenantId)
                    : BrokerAnswer.Error(422, "ConcurrencyError", $"Another operation ({last.Type}) on service instance {instanceId} is in progress.", instance.TenantId);
            }

            // A deprovision during the provision stops it: last_operation reports the deprovision from now on.
            var deprovisioning = NewOperation(BrokerOperation.Deprovision, now, Matches(failures.DeletionFailurePattern, instance.TenantId)
                ? $"Emulated deprovisioning failure for tenant '{instance.TenantId}': the tenant matches the deletion failure pattern."
                : null);
            instance.Operations[deprovisioning.Id] = deprovisioning;
            instance.LastOperation = deprovisioning;
            instance.Bindings.Clear();
            return Operation(202, deprovisioning, instance.TenantId);
        }
    }

    /// <summary>
    /// The state of the named operation, or of the latest one. A finished deprovision stays answerable by its
    /// operation id (200 <c>succeeded</c>, as the conformance suite expects); without an operation id, a deprovisioned
    /// instance answers 410.
    /// </summary>
    public BrokerAnswer LastOperation(string instanceId, string? operationId)
    {
        lock (_gate)
        {
            var now = Clock.GetUtcNow();
            if (!_instances.TryGetValue(instanceId, out var instance))
            {
                return BrokerAnswer.Error(404, null, $"The service instance {instanceId} is not known.");
            }

            BrokerOperation operation;
            if (string.IsNullOrEmpty(operationId))
            {
                if (instance.IsGoneAt(now))
                {
                    return BrokerAnswer.Empty(410, instance.TenantId);
                }

                operation = instance.LastOperation;
            }
            else if (!instance.Operations.TryGetValue(operationId, out operation!))
            {
                return BrokerAnswer.Error(404, null, $"The service instance {instanceId} has no operation {operationId}.", instance.TenantId);
            }

            var state = operation.StateAt(now);
            var body = new JsonObject
            {
                ["state"] = state,
                ["description"] = state switch
                {
                    ServiceManagerOperation.InProgress => $"{operation.Type} in progress",
                    ServiceManagerOperation.Succeeded => $"{operation.Type} succeeded",
                    _ => operation.Failure,
                },
            };
            var retryAfter = state == ServiceManagerOperation.InProgress ? (int)Math.Max(1, Math.Ceiling((operation.CompletesAt - now).TotalSeconds)) : (int?)null;
            return new BrokerAnswer(200, body, instance.TenantId, retryAfter);
        }
    }

    public BrokerAnswer Fetch(string instanceId)
    {
        lock (_gate)
        {
            var now = Clock.GetUtcNow();
            if (!_instances.TryGetValue(instanceId, out var instance) || !instance.ExistsAt(now))
            {
                return BrokerAnswer.Error(404, null, $"The service instance {instanceId} does not exist.", instance?.TenantId);
            }

            if (instance.LastOperation is { Type: BrokerOperation.Update } update && update.RunningAt(now))
            {
                return BrokerAnswer.Error(422, "ConcurrencyError", $"The service instance {instanceId} is being updated.", instance.TenantId);
            }

            var body = new JsonObject { ["service_id"] = instance.ServiceId, ["plan_id"] = instance.PlanId };
            if (instance.Parameters is { } parameters)
            {
                body["parameters"] = JsonNode.Parse(parameters);
            }

            return new BrokerAnswer(200, body, instance.TenantId);
        }
    }

    public BrokerAnswer Bind(string instanceId, string bindingId, string serviceId, string planId, string? parameters, EmulatorFailures failures)
    {
        lock (_gate)
        {
            var now = Clock.GetUtcNow();
            if (!_instances.TryGetValue(instanceId, out var instance) || instance.IsGoneAt(now) || instance.Provisioning.StateAt(now) == ServiceManagerOperation.Failed)
            {
                return BrokerAnswer.Error(404, null, $"The service instance {instanceId} does not exist.");
            }

            if (instance.LastOperation.RunningAt(now))
            {
                return BrokerAnswer.Error(422, "ConcurrencyError", $"Another operation ({instance.LastOperation.Type}) on service instance {instanceId} is in progress.", instance.TenantId);
            }

            if (instance.Bindings.TryGetValue(bindingId, out var existing))
            {
                return existing.ServiceId == serviceId && existing.PlanId == planId && SameJson(existing.Parameters, parameters)
                    ? Credentials(200, instance)
                    : BrokerAnswer.Error(409, null, $"The service binding {bindingId} exists with other attributes.", instance.TenantId);
            }

            if (Matches(failures.BindingFailurePattern, instance.TenantId))
            {
                return BrokerAnswer.Error(500, null, $"Emulated binding failure for tenant '{instance.TenantId}': the tenant matches the binding failure pattern.", instance.TenantId);
            }

            instance.Bindings[bindingId] = new BrokerBinding(bindingId, serviceId, planId, parameters);
            return Credentials(201, instance);
        }
    }

    public BrokerAnswer Unbind(string instanceId, string bindingId)
    {
        lock (_gate)
        {
            var now = Clock.GetUtcNow();
            if (!_instances.TryGetValue(instanceId, out var instance) || instance.IsGoneAt(now) || !instance.Bindings.Remove(bindingId))
            {
                return BrokerAnswer.Empty(410, instance?.TenantId);
            }

            return BrokerAnswer.Empty(200, instance.TenantId);
        }
    }

    public BrokerAnswer FetchBinding(string instanceId, string bindingId)
    {
        lock (_gate)
        {
            var now = Clock.GetUtcNow();
            if (!_instances.TryGetValue(instanceId, out var instance) || instance.IsGoneAt(now) || !instance.Bindings.TryGetValue(bindingId, out var binding))
            {
                return BrokerAnswer.Error(404, null, $"The service binding {bindingId} does not exist.", instance?.TenantId);
            }

            var answer = Credentials(200, instance);
            if (binding.Parameters is { } parameters)
            {
                answer.Body["parameters"] = JsonNode.Parse(parameters);
            }

            return answer;
        }
    }

    /// <summary>Bindings are synchronous: an existing one's last operation has succeeded.</summary>
    public BrokerAnswer BindingLastOperation(string instanceId, string bindingId)
    {
        lock (_gate)
        {
            var now = Clock.GetUtcNow();
            if (!_instances.TryGetValue(instanceId, out var instance) || instance.IsGoneAt(now) || !instance.Bindings.ContainsKey(bindingId))
            {
                return BrokerAnswer.Empty(410, instance?.TenantId);
            }

            return new BrokerAnswer(200, new JsonObject { ["state"] = ServiceManagerOperation.Succeeded, ["description"] = "bind succeeded" }, instance.TenantId);
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _instances.Clear();
        }
    }

    private static BrokerAnswer Credentials(int status, BrokerInstance instance)
    {
        var credentials = new JsonObject();
        foreach (var (key, value) in EmulatedCredentials.For(instance.TenantId))
        {
            credentials[key] = value;
        }

        return new BrokerAnswer(status, new JsonObject { ["credentials"] = credentials }, instance.TenantId);
    }

    private static BrokerAnswer Operation(int status, BrokerOperation operation, string tenantId) =>
        new(status, new JsonObject { ["operation"] = operation.Id }, tenantId);

    private BrokerOperation NewOperation(string type, DateTimeOffset now, string? failure) =>
        new() { Id = Guid.NewGuid().ToString(), Type = type, CompletesAt = now + Delay, Failure = failure };

    private static bool SameJson(string? left, string? right) =>
        JsonNode.DeepEquals(left is null ? null : JsonNode.Parse(left), right is null ? null : JsonNode.Parse(right));

    private static string? TextOf(JsonObject? json, string key) =>
        json?[key] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;

    private static bool Matches(string? pattern, string tenantId) =>
        pattern is not null && Regex.IsMatch(tenantId, pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
}
