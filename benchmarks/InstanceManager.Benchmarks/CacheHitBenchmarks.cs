using BenchmarkDotNet.Attributes;
using InstanceManager.Emulator;
using Microsoft.Extensions.Caching.Memory;

namespace InstanceManager.Benchmarks;

/// <summary>
/// A cache hit of <see cref="IInstanceManagerClient.GetAsync"/>: no request, no lock, no allocation. The
/// <see cref="MemoryCache"/> baseline shows what a hit would cost on Microsoft.Extensions.Caching.Memory.
/// </summary>
[MemoryDiagnoser]
public class CacheHitBenchmarks
{
    private InstanceManagerEmulator _emulator = null!;
    private StandaloneInstanceManagerClient _client = null!;
    private MemoryCache _memoryCache = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _emulator = await InstanceManagerEmulator.StartAsync(new InstanceManagerEmulatorOptions { ProvisioningDelay = TimeSpan.Zero });
        _client = EmulatorClients.Create(_emulator);
        await _client.CreateAsync("tenant-42");
        _memoryCache = new MemoryCache(new MemoryCacheOptions { SizeLimit = 500 });
        _memoryCache.Set("tenant-42", await _client.GetAsync("tenant-42"), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(10) });
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _client.Dispose();
        _memoryCache.Dispose();
        await _emulator.DisposeAsync();
    }

    [Benchmark]
    public ManagedInstance? GetAsync_CacheHit()
    {
        var pending = _client.GetAsync("tenant-42");
        return pending.IsCompletedSuccessfully ? pending.Result : throw new InvalidOperationException("Not a cache hit.");
    }

    [Benchmark(Baseline = true)]
    public object? MemoryCache_TryGetValue() => _memoryCache.TryGetValue("tenant-42", out var value) ? value : null;
}
