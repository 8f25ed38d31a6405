using System.Diagnostics;
using InstanceManager.Emulator;
using static InstanceManager.Benchmarks.CommandArguments;

namespace InstanceManager.Benchmarks;

/// <summary>
/// A closed-loop load of cold gets against the in-process emulator: N workers, each repeatedly getting a tenant
/// that is not cached, for a fixed time; reports requests per second and latency percentiles.
/// </summary>
internal static class LoadCommand
{
    public static async Task RunAsync(string[] args)
    {
        var concurrency = Read(args, "--concurrency", 64);
        var seconds = Read(args, "--seconds", 10);
        const int Tenants = 1024;

        await using var emulator = await InstanceManagerEmulator.StartAsync(new InstanceManagerEmulatorOptions { ProvisioningDelay = TimeSpan.Zero });
        using var client = EmulatorClients.Create(emulator, options => options.CacheMaxItems = 1);
        var tenants = Enumerable.Range(0, Tenants).Select(index => $"load-tenant-{index:0000}").ToArray();
        await Parallel.ForEachAsync(tenants, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (tenant, ct) => await client.CreateAsync(tenant, cancellationToken: ct));

        Console.WriteLine($"Cold GetAsync load: {concurrency} workers, {seconds} s, {Tenants} tenants, one-entry cache (every get is a miss), emulator in-process on loopback.");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var latencies = new List<double>[concurrency];
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            var mine = latencies[worker] = new List<double>(100_000);
            var index = worker;
            while (!stop.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                _ = await client.GetAsync(tenants[index % Tenants]);
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                index += concurrency;
            }
        })));
        watch.Stop();

        var all = latencies.SelectMany(list => list).Order().ToArray();
        Console.WriteLine($"requests: {all.Length}, {all.Length / watch.Elapsed.TotalSeconds:0} req/s, p50 {Percentile(all, 0.50):0.00} ms, p99 {Percentile(all, 0.99):0.00} ms, max {all[^1]:0.00} ms");
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[(int)Math.Min(sorted.Length - 1, Math.Ceiling(p * sorted.Length) - 1)];
}
