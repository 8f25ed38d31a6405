namespace InstanceManager.Cli;

/// <summary>The tenant of <c>get</c> or <c>delete</c> has no instance: exit code 1, one line on stderr.</summary>
internal sealed class NoInstanceException : Exception
{
    public NoInstanceException(string tenantId)
        : base($"The tenant '{tenantId}' has no instance.")
    {
    }

    public NoInstanceException()
    {
    }

    public NoInstanceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
