namespace InstanceManager.Cli.Input;

/// <summary>The desired tenants of <c>reconcile --tenants</c>: one tenant id per line; blank lines and lines starting with <c>#</c> are ignored.</summary>
internal static class TenantsFile
{
    /// <exception cref="UsageException">The file does not exist or cannot be read.</exception>
    public static async Task<IReadOnlyList<string>> ReadAsync(string path, CancellationToken cancellationToken)
    {
        string[] lines;
        try
        {
            lines = await File.ReadAllLinesAsync(path, cancellationToken);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new UsageException($"The tenants file '{path}' does not exist.", exception);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"The tenants file '{path}' cannot be read: {exception.Message}", exception);
        }

        return
        [
            .. lines
                .Select(line => line.Trim())
                .Where(line => line.Length > 0 && !line.StartsWith('#')),
        ];
    }
}
