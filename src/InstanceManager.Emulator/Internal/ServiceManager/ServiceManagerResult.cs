namespace InstanceManager.Emulator.Internal.ServiceManager;

/// <summary>The <see cref="ServiceManagerOutcome"/> of a request, with the resource and its operation when it started, else why not.</summary>
internal sealed record ServiceManagerResult(ServiceManagerOutcome Outcome, ServiceManagerView? View, ServiceManagerOperation? Operation, string? Description)
{
    public static ServiceManagerResult Refused(ServiceManagerOutcome outcome, string description) => new(outcome, null, null, description);
}
