using System.Text.Json;
using System.Text.RegularExpressions;

namespace InstanceManager.Emulator.Internal;

/// <summary>
/// The tenants' instances: the state machine of the lifecycle (derived from the clock), thread-safe, optionally
/// persisted to <c>instances.json</c> in a data directory, written to a temporary file and renamed over the old
/// one so that a crash mid-write never loses the previous state.
/// </summary>
internal sealed class InstanceStore
{
    public const string StateFileName = "instances.json";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, StoredInstance> _instances = new(StringComparer.Ordinal);
    private readonly InstanceManagerEmulatorOptions _options;
    private readonly string? _stateFile;

    public InstanceStore(InstanceManagerEmulatorOptions options)
    {
        _options = options;
        if (options.DataDirectory is { } directory)
        {
            Directory.CreateDirectory(directory);
            _stateFile = Path.Combine(directory, StateFileName);
            Load();
        }
    }

    public TimeProvider Clock => _options.TimeProvider;

    public InstanceState StateOf(StoredInstance instance, DateTimeOffset now)
    {
        if (instance.DeletionRequestedOn is { } deletion)
        {
            if (now < deletion + _options.DeprovisioningDelay)
            {
                return InstanceState.DeletionInProgress;
            }

            return instance.DeletionFails ? InstanceState.DeletionFailed : InstanceState.Gone;
        }

        if (now < instance.CreatedOn + _options.ProvisioningDelay)
        {
            return InstanceState.CreationInProgress;
        }

        return instance.CreationFails ? InstanceState.CreationFailed : InstanceState.CreationSucceeded;
    }

    /// <summary>Starts creating the tenant's instance; <see langword="null"/> when the tenant already has one.</summary>
    public StoredInstance? TryCreate(string tenantId, string? provisioningParameters, string? bindingParameters, EmulatorFailures failures)
    {
        lock (_gate)
        {
            var now = Clock.GetUtcNow();
            if (Find(tenantId, now) is not null)
            {
                return null;
            }

            var instance = new StoredInstance
            {
                Id = Guid.NewGuid().ToString(),
                TenantId = tenantId,
                ManagedServiceId = _options.ManagedServiceId,
                ManagedPlanId = "emulated-plan",
                CreatedOn = now,
                ProvisioningParameters = provisioningParameters,
                BindingParameters = bindingParameters,
                CreationFails = Matches(failures.CreationFailurePattern, tenantId),
            };
            _instances[tenantId] = instance;
            Save();
            return instance;
        }
    }

    public (StoredInstance Instance, InstanceState State)? Get(string tenantId)
    {
        lock (_gate)
        {
            var now = Clock.GetUtcNow();
            return Find(tenantId, now) is { } instance ? (instance, StateOf(instance, now)) : null;
        }
    }

    public List<(StoredInstance Instance, InstanceState State)> All()
    {
        lock (_gate)
        {
            var now = Clock.GetUtcNow();
            var all = new List<(StoredInstance, InstanceState)>(_instances.Count);
            foreach (var tenantId in _instances.Keys.ToList())
            {
                if (Find(tenantId, now) is { } instance)
                {
                    all.Add((instance, StateOf(instance, now)));
                }
            }

            return all;
        }
    }

    /// <summary>Starts deleting the tenant's instance; <see langword="false"/> when it has none.</summary>
    public bool TryDelete(string tenantId, EmulatorFailures failures)
    {
        lock (_gate)
        {
            var now = Clock.GetUtcNow();
            if (Find(tenantId, now) is not { } instance)
            {
                return false;
            }

            // A deletion already under way goes on; a failed one is tried again.
            if (StateOf(instance, now) != InstanceState.DeletionInProgress)
            {
                instance.DeletionRequestedOn = now;
                instance.DeletionFails = Matches(failures.DeletionFailurePattern, tenantId);
                Save();
            }

            return true;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _instances.Clear();
            Save();
        }
    }

    /// <summary>The tenant's instance unless it is gone (then it is forgotten). Call under the lock.</summary>
    private StoredInstance? Find(string tenantId, DateTimeOffset now)
    {
        if (!_instances.TryGetValue(tenantId, out var instance))
        {
            return null;
        }

        if (StateOf(instance, now) != InstanceState.Gone)
        {
            return instance;
        }

        _instances.Remove(tenantId);
        Save();
        return null;
    }

    private static bool Matches(string? pattern, string tenantId) =>
        pattern is not null && Regex.IsMatch(tenantId, pattern, RegexOptions.None, TimeSpan.FromSeconds(1));

    private void Load()
    {
        if (!File.Exists(_stateFile))
        {
            return;
        }

        List<StoredInstance> saved;
        try
        {
            using var stream = File.OpenRead(_stateFile!);
            saved = JsonSerializer.Deserialize(stream, EmulatorJsonContext.Default.ListStoredInstance) ?? [];
        }
        catch (JsonException exception)
        {
            // Refuse to start rather than start empty and overwrite the instances at the next write.
            throw new InvalidOperationException($"The emulator's state file '{_stateFile}' is not readable ({exception.Message}); move it away to start with no instances.", exception);
        }

        foreach (var instance in saved)
        {
            _instances[instance.TenantId] = instance;
        }
    }

    /// <summary>Writes the state atomically: a temporary file next to the target, then a rename over it. Call under the lock.</summary>
    private void Save()
    {
        if (_stateFile is null)
        {
            return;
        }

        var temporary = _stateFile + ".tmp";
        using (var stream = File.Create(temporary))
        {
            JsonSerializer.Serialize(stream, _instances.Values.ToList(), EmulatorJsonContext.Default.ListStoredInstance);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, _stateFile, overwrite: true);
    }
}
