using System.Diagnostics;

namespace InstanceManager.Benchmarks;

/// <summary>
/// The Node.js stand-in for the service (separate-process-server.js) in its own process, as in production where
/// the service never shares the client's CPU.
/// </summary>
internal sealed class NodeServer : IAsyncDisposable
{
    private readonly Process _process;

    private NodeServer(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    /// <summary>The list's URL; an instance's is this followed by <c>/{tenant_id}</c>.</summary>
    public string BaseUrl { get; }

    public static async Task<NodeServer> StartAsync(int listSize)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "separate-process-server.js");
        var start = new ProcessStartInfo("node", [script]) { RedirectStandardOutput = true, UseShellExecute = false };
        start.Environment["LIST_SIZE"] = listSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        if (line is null || !line.StartsWith("listening ", StringComparison.Ordinal))
        {
            process.Kill();
            throw new InvalidOperationException($"node answered '{line}' instead of its port.");
        }

        return new NodeServer(process, $"http://127.0.0.1:{line["listening ".Length..]}/managed_instances/svc");
    }

    public StandaloneInstanceManagerClient CreateClient(Action<InstanceManagerOptions>? configure = null) =>
        InstanceManagerClientFactory.Create(options =>
        {
            options.User = "user";
            options.Password = "password";
            options.PostManagedInstanceUrl = BaseUrl + "/{tenant_id}";
            options.GetManagedInstanceUrl = BaseUrl + "/{tenant_id}";
            options.GetAllManagedInstancesUrl = BaseUrl;
            options.DeleteManagedInstanceUrl = BaseUrl + "/{tenant_id}";
            configure?.Invoke(options);
        });

    public async ValueTask DisposeAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
