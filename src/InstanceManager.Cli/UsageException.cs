namespace InstanceManager.Cli;

/// <summary>Bad usage or configuration found by a command (a missing file, an invalid value): exit code 2, one line on stderr.</summary>
internal sealed class UsageException : Exception
{
    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public UsageException()
    {
    }
}
