namespace InstanceManager.LongRunning;

/// <summary>
/// A tenant's create or delete, followed through the facade (<see cref="InstanceManagerClient"/>) so that every look
/// at the service is metered and traced and its outcome lands in the cache. Holds nothing the service does not also
/// hold: the id names the tenant and the kind, and every update reads the state from the service.
/// </summary>
internal sealed class TenantOperation(InstanceManagerClient client, InstanceOperationKind kind, string tenantId, InstanceParameters? parameters, bool started) : InstanceOperation
{
    private readonly object _gate = new();
    private bool _completed;
    private ManagedInstance? _value;
    private InstanceManagerException? _failure;

    public override string Id { get; } = Calls.InstanceOperationIds.Format(kind, tenantId);

    public override string TenantId => tenantId;

    public override InstanceOperationKind Kind => kind;

    /// <summary>Whether the service accepted a request (false for a delete of a tenant without an instance, which is complete at once).</summary>
    public bool Started => started;

    public override bool HasCompleted
    {
        get
        {
            lock (_gate)
            {
                return _completed || !started;
            }
        }
    }

    public override bool HasValue
    {
        get
        {
            lock (_gate)
            {
                return _value is not null;
            }
        }
    }

    public override ManagedInstance Value
    {
        get
        {
            lock (_gate)
            {
                if (_value is { } value)
                {
                    return value;
                }

                throw _failure is { } failure
                    ? new InvalidOperationException($"Operation {Id} failed: {failure.Message}", failure)
                    : new InvalidOperationException(kind == InstanceOperationKind.Delete
                        ? $"Operation {Id} is a delete: it has no value."
                        : $"Operation {Id} has not completed: call UpdateStatusAsync or WaitForCompletionAsync first.");
            }
        }
    }

    public override async Task<bool> UpdateStatusAsync(CancellationToken cancellationToken = default)
    {
        if (Completed() is { } done)
        {
            ThrowIfFailed(done);
            return true;
        }

        var check = await client.CheckAsync(kind, tenantId, parameters, cancellationToken).ConfigureAwait(false);
        Record(check);
        return check.IsCompleted;
    }

    public override async Task<ManagedInstance?> WaitForCompletionAsync(CancellationToken cancellationToken = default)
    {
        if (Completed() is { } done)
        {
            ThrowIfFailed(done);
            return done.Value;
        }

        var check = await client.WaitAsync(kind, tenantId, parameters, cancellationToken).ConfigureAwait(false);
        Record(check);
        return check.Value;
    }

    private OperationCheck? Completed()
    {
        lock (_gate)
        {
            return !started ? OperationCheck.Succeeded(null)
                : _completed ? new OperationCheck(true, _value, null, _failure)
                : null;
        }
    }

    private void Record(OperationCheck check)
    {
        if (!check.IsCompleted)
        {
            return;
        }

        lock (_gate)
        {
            _completed = true;
            _value = check.Value;
            _failure = check.Failure;
        }

        ThrowIfFailed(check);
    }

    private static void ThrowIfFailed(OperationCheck check)
    {
        if (check.Failure is { } failure)
        {
            throw failure;
        }
    }
}
