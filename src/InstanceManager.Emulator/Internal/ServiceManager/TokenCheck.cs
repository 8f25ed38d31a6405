namespace InstanceManager.Emulator.Internal.ServiceManager;

/// <summary>What <see cref="TokenIssuer.Check"/> found.</summary>
internal enum TokenCheck
{
    Valid,
    Expired,
    Unknown,
}
