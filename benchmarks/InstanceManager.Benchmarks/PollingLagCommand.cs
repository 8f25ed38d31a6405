using InstanceManager.Emulator;
using InstanceManager.Tests.Infrastructure;

namespace InstanceManager.Benchmarks;

/// <summary>
/// How late each polling strategy notices that a creation finished, and how many GETs it sends, for provisioning
/// times of 1 s, 3 s and 8 s — against the emulator over loopback HTTP, with the client and the emulator sharing
/// one fake clock, so that the numbers are exact and the run takes a second instead of minutes.
/// </summary>
internal static class PollingLagCommand
{
    private const int Runs = 20;

    public static async Task RunAsync()
    {
        Console.WriteLine($"Polling lag and GETs per create, against the emulator on a shared fake clock ({Runs} runs each; adaptive jitter varies per run).");
        Console.WriteLine();
        Console.WriteLine("| provisioning | strategy | lag (mean / max) | GETs (mean / max) | lag limit (25% + 100 ms) | GET limit (2 × reference) |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var provisioning in new[] { 1, 3, 8 })
        {
            var reference = await MeasureAsync(PollingStrategy.ReferenceCompatible, TimeSpan.FromSeconds(provisioning), runs: 1);
            var adaptive = await MeasureAsync(PollingStrategy.Adaptive, TimeSpan.FromSeconds(provisioning), Runs);
            var lagLimit = (provisioning * 0.25) + 0.1;
            Print(provisioning, "ReferenceCompatible", reference, lagLimit, reference.MaxGets * 2);
            Print(provisioning, "Adaptive (default)", adaptive, lagLimit, reference.MaxGets * 2);
        }
    }

    private static void Print(int provisioning, string strategy, Result result, double lagLimit, int getLimit) =>
        Console.WriteLine($"| {provisioning} s | {strategy} | {result.MeanLag:0.000} / {result.MaxLag:0.000} s | {result.MeanGets:0.0} / {result.MaxGets} | {lagLimit:0.000} s | {getLimit} |");

    private static async Task<Result> MeasureAsync(PollingStrategy strategy, TimeSpan provisioning, int runs)
    {
        var lags = new List<double>();
        var gets = new List<int>();
        for (var run = 0; run < runs; run++)
        {
            // The per-attempt timeout (30 s) and the polling timeout are deadlines, not waits to end.
            var clock = new TestClock { IgnoreAtOrAbove = TimeSpan.FromSeconds(30) };
            await using var emulator = await InstanceManagerEmulator.StartAsync(new InstanceManagerEmulatorOptions { ProvisioningDelay = provisioning, TimeProvider = clock });
            using var client = EmulatorClients.Create(emulator, options => options.PollingStrategy = strategy, clock);
            var started = clock.GetUtcNow();
            await clock.RunAsync(client.CreateAsync("polling-tenant"));
            lags.Add((clock.GetUtcNow() - started - provisioning).TotalSeconds);
            gets.Add(emulator.RequestLog.Count(entry => entry.Method == "GET"));
        }

        return new Result(lags.Average(), lags.Max(), gets.Average(), gets.Max());
    }

    private sealed record Result(double MeanLag, double MaxLag, double MeanGets, int MaxGets);
}
