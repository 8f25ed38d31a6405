namespace InstanceManager.Cli.Output;

/// <summary>
/// Reports on the reporting thread, one report at a time. <see cref="Progress{T}"/> would post each report to the
/// thread pool, so lines could come out of order or after the run has returned and its summary was printed.
/// </summary>
internal sealed class ImmediateProgress<T>(Action<T> report) : IProgress<T>
{
    private readonly Lock _gate = new();

    public void Report(T value)
    {
        lock (_gate)
        {
            report(value);
        }
    }
}
