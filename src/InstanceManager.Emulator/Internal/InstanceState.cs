namespace InstanceManager.Emulator.Internal;

/// <summary>What a <see cref="StoredInstance"/> is at a moment.</summary>
internal enum InstanceState
{
    CreationInProgress,
    CreationSucceeded,
    CreationFailed,
    DeletionInProgress,
    DeletionFailed,
    Gone,
}
