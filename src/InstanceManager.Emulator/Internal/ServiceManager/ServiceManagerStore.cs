using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;

// Longer than this codebase's usual 250 lines on purpose: every emulated resource, operation and broker sits behind
// one lock, and each public method reads and changes several of them under it; split across files, that lock
// protocol would be too.

namespace InstanceManager.Emulator.Internal.ServiceManager;

/// <summary>
/// The Service Manager's instances, bindings and operations: thread-safe, states derived from the clock, optionally
/// persisted to <c>service-manager.json</c> in the data directory (written to a temporary file and renamed over the
/// old one, as the Instance Manager's store does).
/// </summary>
/// <remarks>
/// An instance whose creation failed stays (not ready) until it is deleted, as on the real service; a binding whose
/// creation failed is gone once its operation ends. A deleted resource is gone once its delete operation succeeded;
/// a failed deletion leaves it as it was. Operations outlive their resources, so a client can still poll a finished
/// delete; the oldest operations of gone resources are forgotten beyond <see cref="MaxOperations"/>.
/// </remarks>
internal sealed class ServiceManagerStore
{
    public const string StateFileName = "service-manager.json";

    public const int MaxOperations = 10_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, ServiceManagerResource> _resources = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ServiceManagerOperation> _operations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ServiceBrokerRecord> _brokers = new(StringComparer.Ordinal);
    private readonly ServiceManagerCatalog _builtIn;
    private volatile ServiceManagerCatalog _catalog;
    private readonly InstanceManagerEmulatorOptions _options;
    private readonly string? _stateFile;
    private long _nextSequence;

    public ServiceManagerStore(InstanceManagerEmulatorOptions options)
    {
        _options = options;
        _builtIn = new ServiceManagerCatalog(options.ServiceManager.Catalog);
        _catalog = _builtIn;
        if (options.DataDirectory is { } directory)
        {
            Directory.CreateDirectory(directory);
            _stateFile = Path.Combine(directory, StateFileName);
            TokenKey = Load();
        }

        if (TokenKey.Length == 0)
        {
            TokenKey = RandomNumberGenerator.GetBytes(32);
            lock (_gate)
            {
                Save();
            }
        }
    }

    /// <summary>The built-in offerings and plans and those of the registered brokers, as they are now.</summary>
    public ServiceManagerCatalog Catalog => _catalog;

    /// <summary>The key access tokens are signed with; kept in the state file so that tokens survive a restart.</summary>
    public byte[] TokenKey { get; } = [];

    public TimeProvider Clock => _options.TimeProvider;

    private ServiceManagerEmulatorOptions Settings => _options.ServiceManager;

    /// <summary>The resources of one type that exist now, in creation order.</summary>
    public List<ServiceManagerView> List(string resourceType)
    {
        lock (_gate)
        {
            var now = Sweep();
            return [.. _resources.Values.Where(resource => resource.ResourceType == resourceType).OrderBy(resource => resource.Sequence).Select(resource => ViewOf(resource, now))];
        }
    }

    public ServiceManagerView? Get(string resourceType, string id)
    {
        lock (_gate)
        {
            var now = Sweep();
            return _resources.TryGetValue(id, out var resource) && resource.ResourceType == resourceType ? ViewOf(resource, now) : null;
        }
    }

    /// <summary>The operation, if it belongs to that resource (which may be gone by now).</summary>
    public ServiceManagerOperation? GetOperation(string resourceType, string resourceId, string operationId)
    {
        lock (_gate)
        {
            return _operations.TryGetValue(operationId, out var operation) && operation.ResourceType == resourceType && operation.ResourceId == resourceId ? operation : null;
        }
    }

    public (string? Parameters, bool Found) GetParameters(string resourceType, string id)
    {
        lock (_gate)
        {
            Sweep();
            return _resources.TryGetValue(id, out var resource) && resource.ResourceType == resourceType ? (resource.Parameters, true) : (null, false);
        }
    }

    /// <summary>Starts creating an instance; names are unique among all instances.</summary>
    public ServiceManagerResult CreateInstance(string name, string planId, Dictionary<string, List<string>> labels, string? parameters, EmulatorFailures failures, bool synchronous)
    {
        lock (_gate)
        {
            var now = Sweep();
            if (Catalog.FindPlan(planId) is not { } plan)
            {
                return ServiceManagerResult.Refused(ServiceManagerOutcome.NotFound, $"could not find such service_plan: {planId}");
            }

            if (_resources.Values.Any(resource => resource.ResourceType == ServiceManagerResource.Instances && resource.Name == name))
            {
                return ServiceManagerResult.Refused(ServiceManagerOutcome.Conflict, $"found conflicting service_instance: an instance named '{name}' exists already");
            }

            var tenant = TenantLabel(labels) ?? name;
            var brokerId = plan.IsBrokered ? plan.BrokerId : null;
            var fails = brokerId is null && Matches(failures.CreationFailurePattern, tenant);
            return Start(
                new ServiceManagerResource
                {
                    ResourceType = ServiceManagerResource.Instances,
                    Id = Guid.NewGuid().ToString(),
                    Name = name,
                    ServicePlanId = planId,
                    BrokerId = brokerId,
                    Labels = labels,
                    Parameters = parameters,
                    TenantId = tenant,
                    CreatedAt = now,
                    Sequence = _nextSequence++,
                    CreateOperationId = Guid.NewGuid().ToString(),
                },
                synchronous ? TimeSpan.Zero : Settings.InstanceCreationDelay,
                fails ? $"Emulated creation failure for tenant '{tenant}': the tenant matches the creation failure pattern." : null,
                now);
        }
    }

    /// <summary>Starts creating a binding of a ready instance; names are unique among the instance's bindings.</summary>
    public ServiceManagerResult CreateBinding(string name, string instanceId, Dictionary<string, List<string>> labels, string? parameters, EmulatorFailures failures, bool synchronous)
    {
        lock (_gate)
        {
            var now = Sweep();
            if (!_resources.TryGetValue(instanceId, out var instance) || instance.ResourceType != ServiceManagerResource.Instances)
            {
                return ServiceManagerResult.Refused(ServiceManagerOutcome.NotFound, $"could not find such service_instance: {instanceId}");
            }

            var view = ViewOf(instance, now);
            if (!view.Ready || (view.LastOperation.Type == ServiceManagerOperation.Delete && view.LastState == ServiceManagerOperation.InProgress))
            {
                var why = view.Ready ? "it is being deleted" : view.LastState == ServiceManagerOperation.InProgress ? "its creation is in progress" : "its creation failed";
                return ServiceManagerResult.Refused(ServiceManagerOutcome.NotReady, $"service instance {instanceId} is not ready to be bound: {why}");
            }

            if (_resources.Values.Any(resource => resource.ServiceInstanceId == instanceId && resource.Name == name))
            {
                return ServiceManagerResult.Refused(ServiceManagerOutcome.Conflict, $"found conflicting service_binding: the instance has a binding named '{name}' already");
            }

            var tenant = TenantLabel(labels) ?? instance.TenantId;
            var fails = instance.BrokerId is null && Matches(failures.BindingFailurePattern, tenant);
            return Start(
                new ServiceManagerResource
                {
                    ResourceType = ServiceManagerResource.Bindings,
                    Id = Guid.NewGuid().ToString(),
                    Name = name,
                    ServiceInstanceId = instanceId,
                    BrokerId = instance.BrokerId,
                    Labels = labels,
                    Parameters = parameters,
                    TenantId = tenant,
                    CreatedAt = now,
                    Sequence = _nextSequence++,
                    CreateOperationId = Guid.NewGuid().ToString(),
                },
                synchronous ? TimeSpan.Zero : Settings.BindingCreationDelay,
                fails ? $"Emulated binding failure for tenant '{tenant}': the tenant matches the binding failure pattern." : null,
                now);
        }
    }

    /// <summary>Starts deleting a resource; a deletion already under way is returned as it is.</summary>
    public ServiceManagerResult Delete(string resourceType, string id, EmulatorFailures failures, bool synchronous)
    {
        lock (_gate)
        {
            var now = Sweep();
            if (!_resources.TryGetValue(id, out var resource) || resource.ResourceType != resourceType)
            {
                return ServiceManagerResult.Refused(ServiceManagerOutcome.NotFound, $"could not find such {Singular(resourceType)}: {id}");
            }

            var view = ViewOf(resource, now);
            if (view.LastState == ServiceManagerOperation.InProgress)
            {
                return view.LastOperation.Type == ServiceManagerOperation.Delete
                    ? new ServiceManagerResult(ServiceManagerOutcome.Started, view, view.LastOperation, null)
                    : ServiceManagerResult.Refused(ServiceManagerOutcome.Busy, $"{Singular(resourceType)} {id} cannot be deleted while its creation is in progress");
            }

            var bindings = resourceType == ServiceManagerResource.Instances ? _resources.Values.Count(binding => binding.ServiceInstanceId == id) : 0;
            if (bindings > 0)
            {
                return ServiceManagerResult.Refused(ServiceManagerOutcome.Conflict, $"service instance {id} has {bindings} binding(s); delete them first");
            }

            var fails = resource.BrokerId is null && resourceType == ServiceManagerResource.Instances && Matches(failures.DeletionFailurePattern, resource.TenantId);
            var operation = NewOperation(
                resource,
                ServiceManagerOperation.Delete,
                synchronous ? TimeSpan.Zero : Settings.DeletionDelay,
                fails ? $"Emulated deletion failure for tenant '{resource.TenantId}': the tenant matches the deletion failure pattern." : null,
                now,
                awaitsBroker: resource.BrokerId is not null);
            resource.DeleteOperationId = operation.Id;
            Save();
            return new ServiceManagerResult(ServiceManagerOutcome.Started, ViewOf(resource, now), operation, null);
        }
    }

    /// <summary>
    /// Ends an operation that waited for a broker: succeeded when <paramref name="failure"/> is <see langword="null"/>,
    /// else failed with <c>BrokerError</c> and that description. A binding keeps the broker's credentials.
    /// </summary>
    public void Complete(string operationId, string? failure, string? credentials = null)
    {
        lock (_gate)
        {
            if (!_operations.TryGetValue(operationId, out var operation) || !operation.AwaitsBroker)
            {
                return;
            }

            _operations[operationId] = operation with
            {
                AwaitsBroker = false,
                CompletesAt = Clock.GetUtcNow(),
                Error = failure is null ? null : "BrokerError",
                ErrorDescription = failure,
            };
            if (credentials is not null && _resources.TryGetValue(operation.ResourceId, out var resource))
            {
                resource.Credentials = credentials;
            }

            Save();
        }
    }

    /// <summary>The registered broker, or <see langword="null"/>.</summary>
    public ServiceBrokerRecord? FindBroker(string id)
    {
        lock (_gate)
        {
            return _brokers.GetValueOrDefault(id);
        }
    }

    public ServiceBrokerRecord? FindBrokerByName(string name)
    {
        lock (_gate)
        {
            return _brokers.Values.FirstOrDefault(broker => broker.Name == name);
        }
    }

    /// <summary>The registered brokers in registration order.</summary>
    public List<ServiceBrokerRecord> Brokers()
    {
        lock (_gate)
        {
            return [.. _brokers.Values.OrderBy(broker => broker.Sequence)];
        }
    }

    /// <summary>The next broker's list position.</summary>
    public long NextSequence()
    {
        lock (_gate)
        {
            return _nextSequence++;
        }
    }

    /// <summary>Registers a broker whose catalog was fetched; its offerings and plans join the catalog.</summary>
    public ServiceManagerResult RegisterBroker(ServiceBrokerRecord broker)
    {
        lock (_gate)
        {
            if (_brokers.Values.Any(existing => existing.Name == broker.Name))
            {
                return ServiceManagerResult.Refused(ServiceManagerOutcome.Conflict, $"found conflicting service_broker: a broker named '{broker.Name}' exists already");
            }

            var (_, _, problem) = BrokerCatalog.Read(broker.Catalog, broker);
            if (problem is not null)
            {
                return ServiceManagerResult.Refused(ServiceManagerOutcome.NotFound, problem);
            }

            _brokers[broker.Id] = broker;
            RebuildCatalog();
            Save();
            return new ServiceManagerResult(ServiceManagerOutcome.Started, null, null, null);
        }
    }

    /// <summary>Deletes a broker and its offerings and plans, unless an instance uses one of its plans.</summary>
    public ServiceManagerResult DeleteBroker(string id)
    {
        lock (_gate)
        {
            Sweep();
            if (!_brokers.ContainsKey(id))
            {
                return ServiceManagerResult.Refused(ServiceManagerOutcome.NotFound, $"could not find such service_broker: {id}");
            }

            if (_resources.Values.Any(resource => resource.BrokerId == id))
            {
                return ServiceManagerResult.Refused(ServiceManagerOutcome.Conflict, $"broker {id} has service instances of its plans; delete them first");
            }

            _brokers.Remove(id);
            RebuildCatalog();
            Save();
            return new ServiceManagerResult(ServiceManagerOutcome.Started, null, null, null);
        }
    }

    /// <summary>Every instance and binding that exists now, for the admin API.</summary>
    public List<ServiceManagerView> All()
    {
        lock (_gate)
        {
            var now = Sweep();
            return [.. _resources.Values.OrderBy(resource => resource.Sequence).Select(resource => ViewOf(resource, now))];
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _resources.Clear();
            _operations.Clear();
            Save();
        }
    }

    /// <summary>The built-in catalog with every registered broker's offerings and plans. Call under the lock.</summary>
    private void RebuildCatalog()
    {
        var catalog = _builtIn;
        foreach (var broker in _brokers.Values.OrderBy(broker => broker.Sequence))
        {
            var (offerings, plans, _) = BrokerCatalog.Read(broker.Catalog, broker);
            catalog = catalog.With(offerings, plans);
        }

        _catalog = catalog;
    }

    private static string Singular(string resourceType) => resourceType == ServiceManagerResource.Instances ? "service_instance" : "service_binding";

    private static string? TenantLabel(Dictionary<string, List<string>> labels) =>
        labels.TryGetValue("tenant_id", out var values) && values.Count > 0 ? values[0] : null;

    private static bool Matches(string? pattern, string tenantId) =>
        pattern is not null && Regex.IsMatch(tenantId, pattern, RegexOptions.None, TimeSpan.FromSeconds(1));

    private ServiceManagerResult Start(ServiceManagerResource resource, TimeSpan delay, string? failure, DateTimeOffset now)
    {
        _resources[resource.Id] = resource;
        var operation = NewOperation(resource, ServiceManagerOperation.Create, delay, failure, now, resource.BrokerId is not null, resource.CreateOperationId);
        Save();
        return new ServiceManagerResult(ServiceManagerOutcome.Started, ViewOf(resource, now), operation, null);
    }

    private ServiceManagerOperation NewOperation(ServiceManagerResource resource, string type, TimeSpan delay, string? failure, DateTimeOffset now, bool awaitsBroker, string? id = null)
    {
        var operation = new ServiceManagerOperation
        {
            Id = id ?? Guid.NewGuid().ToString(),
            Type = type,
            ResourceType = resource.ResourceType,
            ResourceId = resource.Id,
            TenantLabel = resource.TenantLabel,
            StartedAt = now,
            CompletesAt = now + delay,
            Error = failure is null ? null : "BrokerError",
            ErrorDescription = failure,
            AwaitsBroker = awaitsBroker,
        };
        _operations[operation.Id] = operation;
        ForgetOldOperations();
        return operation;
    }

    private ServiceManagerView ViewOf(ServiceManagerResource resource, DateTimeOffset now)
    {
        var create = _operations[resource.CreateOperationId];
        var last = resource.DeleteOperationId is { } deletion ? _operations[deletion] : create;
        return new ServiceManagerView(resource, create.StateAt(now) == ServiceManagerOperation.Succeeded, last, now);
    }

    /// <summary>Forgets the resources that are gone by now and returns the moment. Call under the lock.</summary>
    private DateTimeOffset Sweep()
    {
        var now = Clock.GetUtcNow();
        var gone = _resources.Values.Where(resource => IsGone(resource, now)).Select(resource => resource.Id).ToList();
        foreach (var id in gone)
        {
            _resources.Remove(id);
        }

        if (gone.Count > 0)
        {
            Save();
        }

        return now;
    }

    private bool IsGone(ServiceManagerResource resource, DateTimeOffset now)
    {
        if (resource.DeleteOperationId is { } deletion && _operations[deletion].StateAt(now) == ServiceManagerOperation.Succeeded)
        {
            return true;
        }

        return resource.ResourceType == ServiceManagerResource.Bindings && _operations[resource.CreateOperationId].StateAt(now) == ServiceManagerOperation.Failed;
    }

    /// <summary>Beyond <see cref="MaxOperations"/>, forgets the oldest operations whose resource is gone. Call under the lock.</summary>
    private void ForgetOldOperations()
    {
        if (_operations.Count <= MaxOperations)
        {
            return;
        }

        var forgettable = _operations.Values
            .Where(operation => !_resources.ContainsKey(operation.ResourceId))
            .OrderBy(operation => operation.StartedAt)
            .Take(_operations.Count - (MaxOperations * 9 / 10))
            .Select(operation => operation.Id)
            .ToList();
        foreach (var id in forgettable)
        {
            _operations.Remove(id);
        }
    }

    private byte[] Load()
    {
        if (!File.Exists(_stateFile))
        {
            return [];
        }

        ServiceManagerState? saved;
        try
        {
            using var stream = File.OpenRead(_stateFile!);
            saved = JsonSerializer.Deserialize(stream, EmulatorJsonContext.Default.ServiceManagerState);
        }
        catch (JsonException exception)
        {
            // Refuse to start rather than start empty and overwrite the state at the next write.
            throw new InvalidOperationException($"The emulator's state file '{_stateFile}' is not readable ({exception.Message}); move it away to start with no Service Manager resources.", exception);
        }

        if (saved is null)
        {
            return [];
        }

        foreach (var operation in saved.Operations)
        {
            // Nothing polls a broker for an operation of the previous run any more.
            _operations[operation.Id] = operation.AwaitsBroker
                ? operation with { AwaitsBroker = false, Error = "BrokerError", ErrorDescription = "The emulator stopped before the broker's operation ended." }
                : operation;
        }

        foreach (var broker in saved.Brokers)
        {
            _brokers[broker.Id] = broker;
        }

        RebuildCatalog();

        foreach (var resource in saved.Resources.Where(resource => _operations.ContainsKey(resource.CreateOperationId)
            && (resource.DeleteOperationId is null || _operations.ContainsKey(resource.DeleteOperationId))))
        {
            _resources[resource.Id] = resource;
        }

        _nextSequence = saved.NextSequence;
        return saved.TokenKey is { } key ? Convert.FromBase64String(key) : [];
    }

    /// <summary>Writes the state atomically: a temporary file next to the target, then a rename over it. Call under the lock.</summary>
    private void Save()
    {
        if (_stateFile is null)
        {
            return;
        }

        var state = new ServiceManagerState
        {
            Resources = [.. _resources.Values.OrderBy(resource => resource.Sequence)],
            Operations = [.. _operations.Values.OrderBy(operation => operation.StartedAt)],
            Brokers = [.. _brokers.Values.OrderBy(broker => broker.Sequence)],
            NextSequence = _nextSequence,
            TokenKey = Convert.ToBase64String(TokenKey),
        };
        var temporary = _stateFile + ".tmp";
        using (var stream = File.Create(temporary))
        {
            JsonSerializer.Serialize(stream, state, EmulatorJsonContext.Default.ServiceManagerState);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, _stateFile, overwrite: true);
    }
}
