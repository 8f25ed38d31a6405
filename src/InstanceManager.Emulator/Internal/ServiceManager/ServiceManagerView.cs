namespace InstanceManager.Emulator.Internal.ServiceManager;

/// <summary>A resource as it is at one moment: what its operations and the clock make of it.</summary>
/// <param name="Resource">The resource.</param>
/// <param name="Ready">Whether its create operation succeeded.</param>
/// <param name="LastOperation">Its latest operation (the delete one once a deletion was requested).</param>
/// <param name="Now">The moment.</param>
internal sealed record ServiceManagerView(ServiceManagerResource Resource, bool Ready, ServiceManagerOperation LastOperation, DateTimeOffset Now)
{
    public string LastState => LastOperation.StateAt(Now);

    /// <summary>When the resource last changed: its latest operation's start, or its end once it ended.</summary>
    public DateTimeOffset UpdatedAt => LastState == ServiceManagerOperation.InProgress ? LastOperation.StartedAt : LastOperation.CompletesAt;
}
