using System.Diagnostics;
using System.Globalization;

namespace InstanceManager.Redis.Tests.Infrastructure;

/// <summary>
/// A <c>redis-server</c> process with persistence off, started on a loopback port and stopped by its process id; with
/// <paramref name="cluster"/>, a one-node Redis Cluster that serves every slot (keys of several slots in one command
/// fail there, as on any cluster).
/// </summary>
public sealed class RedisServerProcess(int port, string binary, bool cluster = false) : RedisServer(port)
{
    public const string Kind = "redis-server";
    public const string ClusterKind = "redis-cluster";

    private readonly string _clusterDirectory = Path.Combine(Path.GetTempPath(), $"instance-manager-redis-cluster-{Guid.NewGuid():N}");

    // A cluster node also listens on a bus port, by default its port + 10000, which may be taken or past 65535.
    private readonly int _clusterBusPort = cluster ? FreePort() : 0;
    private Process? _process;

    public static string? FindBinary()
    {
        var configured = Environment.GetEnvironmentVariable(BinaryVariable);
        if (!string.IsNullOrEmpty(configured))
        {
            // Named on purpose (CI): a wrong path must fail, not silently skip the real Redis.
            return File.Exists(configured) ? configured : throw new FileNotFoundException($"{BinaryVariable} names '{configured}', which does not exist.");
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "redis-server"))
            .FirstOrDefault(File.Exists);
    }

    public override async Task StartAsync()
    {
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", string.Empty, "--appendonly", "no", "--protected-mode", "no" })
        {
            start.ArgumentList.Add(argument);
        }

        if (cluster)
        {
            Directory.CreateDirectory(_clusterDirectory);
            foreach (var argument in new[] { "--cluster-enabled", "yes", "--cluster-config-file", Path.Combine(_clusterDirectory, "nodes.conf"), "--cluster-port", _clusterBusPort.ToString(CultureInfo.InvariantCulture) })
            {
                start.ArgumentList.Add(argument);
            }
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        _process = process;

        // Ready when it says so (no polling of the port).
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var said = new List<string>();
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            said.Add(line);
            if (line.Contains("Ready to accept connections", StringComparison.Ordinal))
            {
                if (cluster)
                {
                    await ServeEverySlotAsync(process, timeout.Token);
                }

                _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                _ = process.StandardError.ReadToEndAsync(CancellationToken.None);
                return;
            }
        }

        throw new InvalidOperationException($"redis-server exited before it was ready: {string.Join(Environment.NewLine, said.TakeLast(5))} {await process.StandardError.ReadToEndAsync(timeout.Token)}");
    }

    public override async Task StopAsync()
    {
        if (_process is not { } process)
        {
            return;
        }

        _process = null;
        if (!process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    public override string ToString() => cluster ? ClusterKind : Kind;

    /// <summary>The cluster's configuration outlives a restart, not the server.</summary>
    protected override void Disposed()
    {
        if (Directory.Exists(_clusterDirectory))
        {
            Directory.Delete(_clusterDirectory, recursive: true);
        }
    }

    /// <summary>
    /// Gives the node every slot (a restarted node has them from its configuration file already) and waits until it
    /// says the cluster is up.
    /// </summary>
    private async Task ServeEverySlotAsync(Process process, CancellationToken cancellationToken)
    {
        using (var client = new System.Net.Sockets.TcpClient())
        {
            await client.ConnectAsync(System.Net.IPAddress.Loopback, Port, cancellationToken);
            var stream = client.GetStream();
            await stream.WriteAsync("CLUSTER ADDSLOTSRANGE 0 16383\r\n"u8.ToArray(), cancellationToken);
            var answer = new byte[256];
            _ = await stream.ReadAsync(answer, cancellationToken);
        }

        while (await process.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Contains("Cluster state changed: ok", StringComparison.Ordinal))
            {
                return;
            }
        }

        throw new InvalidOperationException("redis-server exited before its cluster was up.");
    }
}
