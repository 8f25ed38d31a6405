using System.Globalization;
using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using Garnet;
using InstanceManager.Emulator;
using Microsoft.Extensions.DependencyInjection;

namespace InstanceManager.Benchmarks;

/// <summary>
/// A cache hit of <see cref="IInstanceManagerClient.GetAsync"/> with Redis coordination on (embedded Garnet): the same
/// path as <see cref="CacheHitBenchmarks"/>, since a hit never reaches Redis.
/// </summary>
[MemoryDiagnoser]
public class CacheHitWithRedisBenchmarks
{
    private InstanceManagerEmulator _emulator = null!;
    private GarnetServer _garnet = null!;
    private ServiceProvider _services = null!;
    private IInstanceManagerClient _client = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _emulator = await InstanceManagerEmulator.StartAsync(new InstanceManagerEmulatorOptions { ProvisioningDelay = TimeSpan.Zero });
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        _garnet = new GarnetServer(["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--lua", "true"]);
        _garnet.Start();
        var services = new ServiceCollection();
        services.AddInstanceManager(_emulator.Configuration).AddRedis(options => options.Configuration = $"127.0.0.1:{port}");
        _services = services.BuildServiceProvider();
        _client = _services.GetRequiredService<IInstanceManagerClient>();
        await _client.CreateAsync("tenant-42");
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _services.DisposeAsync();
        _garnet.Dispose();
        await _emulator.DisposeAsync();
    }

    [Benchmark]
    public ManagedInstance? GetAsync_CacheHit_WithRedis()
    {
        var pending = _client.GetAsync("tenant-42");
        return pending.IsCompletedSuccessfully ? pending.Result : throw new InvalidOperationException("Not a cache hit.");
    }
}
