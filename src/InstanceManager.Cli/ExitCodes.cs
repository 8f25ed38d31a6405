namespace InstanceManager.Cli;

/// <summary>The tool's exit codes, a contract for scripts and CI pipelines.</summary>
internal static class ExitCodes
{
    /// <summary>Everything succeeded; for <c>reconcile</c>, every tenant converged.</summary>
    public const int Success = 0;

    /// <summary>An operation failed (the service refused or the operation failed), or a tenant did not converge.</summary>
    public const int Failed = 1;

    /// <summary>Bad usage or configuration: an unknown command or flag, an invalid value, a missing file, no usable binding.</summary>
    public const int Usage = 2;

    /// <summary>Cancelled with Ctrl+C (128 + SIGINT, as shells report it).</summary>
    public const int Cancelled = 130;
}
