using System.Diagnostics;
using InstanceManager.Emulator;
using static InstanceManager.Benchmarks.CommandArguments;

namespace InstanceManager.Benchmarks;

/// <summary>
/// Onboards N tenants at once (every create started together) against the in-process emulator with a request limit,
/// as the Service Manager limits a subaccount, and reports what the service saw: 429s answered, requests, time, and
/// how many creates succeeded. "before" configures the client as the official clients behave (no retry, no shared
/// pause, no concurrency limit); "after" uses the defaults.
/// </summary>
internal static class OnboardCommand
{
    public static async Task RunAsync(string[] args)
    {
        var tenants = Read(args, "--tenants", 500);
        var limit = Read(args, "--limit", 100);
        var windowSeconds = Read(args, "--window", 1);
        var header = Enum.Parse<RetryAfterHeaderForm>(ReadText(args, "--header", nameof(RetryAfterHeaderForm.RateLimitSeconds)), ignoreCase: true);
        var serviceManager = args.Contains("--service-manager");
        Console.WriteLine($"Onboarding {tenants} tenants at once; {(serviceManager ? "Service Manager" : "Instance Manager")} emulator limited to {limit} requests per {windowSeconds} s window (429 with {header}); provisioning takes 1 s.");
        foreach (var before in new[] { true, false })
        {
            await RunOnceAsync(tenants, limit, windowSeconds, header, serviceManager, before);
        }
    }

    private static async Task RunOnceAsync(int tenants, int limit, int windowSeconds, RetryAfterHeaderForm header, bool serviceManager, bool before)
    {
        await using var emulator = await InstanceManagerEmulator.StartAsync(new InstanceManagerEmulatorOptions
        {
            Failures = new EmulatorFailures { RequestLimit = limit, RequestLimitWindow = TimeSpan.FromSeconds(windowSeconds), RetryAfterHeader = header },
        });
        using var client = EmulatorClients.Create(emulator, serviceManager, options =>
        {
            options.PollingTimeout = TimeSpan.FromMinutes(5);
            if (before)
            {
                options.Resilience.MaxRetryAttempts = 0;
                options.MaxConcurrentRequests = 10_000;
                options.MaxRateLimitWait = TimeSpan.Zero;
            }
        });

        var watch = Stopwatch.StartNew();
        var outcomes = await Task.WhenAll(Enumerable.Range(0, tenants).Select(async index =>
        {
            try
            {
                await client.CreateAsync($"onboard-{index:000}");
                return "created";
            }
            catch (InstanceManagerException exception)
            {
                return exception.StatusCode is { } status ? $"failed {status}" : "failed (" + exception.GetType().Name + ")";
            }
        }));
        watch.Stop();

        var log = emulator.RequestLog;
        var served = log.Where(request => request.Path.StartsWith("/instance-manager/", StringComparison.Ordinal) || request.Path.StartsWith("/v1/", StringComparison.Ordinal)).ToList();
        var summary = string.Join(", ", outcomes.GroupBy(outcome => outcome).OrderBy(group => group.Key, StringComparer.Ordinal).Select(group => $"{group.Count()} {group.Key}"));
        Console.WriteLine($"{(before ? "before (no retry, no shared pause, no limit)" : "after (defaults: shared pause, 16 concurrent requests)"),-56} {summary}; 429s received: {served.Count(request => request.StatusCode == 429)}; requests: {served.Count}; time: {watch.Elapsed.TotalSeconds:0.0} s");
    }
}
