namespace InstanceManager.Emulator.Internal.ServiceManager;

/// <summary>The <see cref="SmOutcome"/> of a request, with the resource and its operation when it started, else why not.</summary>
internal sealed record SmResult(SmOutcome Outcome, SmView? View, SmOperation? Operation, string? Description)
{
    public static SmResult Refused(SmOutcome outcome, string description) => new(outcome, null, null, description);
}
