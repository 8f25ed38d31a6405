using System.Diagnostics;
using InstanceManager.Emulator;
using InstanceManager.Reconciliation;
using Microsoft.Extensions.DependencyInjection;
using static InstanceManager.Benchmarks.CommandArguments;

namespace InstanceManager.Benchmarks;

/// <summary>
/// Reconciles a fleet of N desired tenants against the emulator (provisioning takes 1 s, as configured below): 70% have
/// no instance, 20% are usable, 5% failed their creation, 5% are being created, plus 4% orphans. Reports the time and
/// the requests the service saw per desired tenant for the run that converges, then for a second run that finds
/// nothing to do.
/// </summary>
internal static class ReconcileCommand
{
    public static async Task RunAsync(string[] args)
    {
        var tenants = Read(args, "--tenants", 500);
        var concurrency = Read(args, "--concurrency", 16);
        var serviceManager = args.Contains("--service-manager");
        await using var emulator = await InstanceManagerEmulator.StartAsync(new InstanceManagerEmulatorOptions
        {
            ProvisioningDelay = TimeSpan.FromSeconds(1),
            DeprovisioningDelay = TimeSpan.FromSeconds(1),
            ServiceManager = { InstanceCreationDelay = TimeSpan.FromSeconds(1), BindingCreationDelay = TimeSpan.FromMilliseconds(500), DeletionDelay = TimeSpan.FromMilliseconds(500), PageSize = 500 },
        });
        var desired = Enumerable.Range(0, tenants).Select(index => $"tenant-{index:0000}").ToArray();
        var usable = desired.Where((_, index) => index % 20 is 0 or 1 or 2 or 3).ToArray();
        var failed = desired.Where((_, index) => index % 20 == 4).ToArray();
        var inProgress = desired.Where((_, index) => index % 20 == 5).ToArray();
        var orphans = Enumerable.Range(0, tenants / 25).Select(index => $"orphan-{index:000}").ToArray();

        await using (var setup = Services(emulator, serviceManager, concurrency: 64))
        {
            var client = setup.GetRequiredService<IInstanceManagerClient>();
            await Parallel.ForEachAsync(usable.Concat(orphans), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (tenant, token) => await client.CreateAsync(tenant, cancellationToken: token));
            emulator.Failures.CreationFailurePattern = "^(" + string.Join('|', failed) + ")$";
            await Parallel.ForEachAsync(failed, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (tenant, token) =>
            {
                try
                {
                    await client.CreateAsync(tenant, cancellationToken: token);
                }
                catch (InstanceManagerException)
                {
                }
            });
            emulator.Failures.CreationFailurePattern = null;
            await Parallel.ForEachAsync(inProgress, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (tenant, token) => await client.StartCreateAsync(tenant, cancellationToken: token));
        }

        Console.WriteLine($"Reconciling {tenants} desired tenants against the in-process {(serviceManager ? "Service Manager" : "Instance Manager")} emulator (provisioning 1 s): {tenants - usable.Length - failed.Length - inProgress.Length} missing, {usable.Length} usable, {failed.Length} CREATION_FAILED, {inProgress.Length} CREATION_IN_PROGRESS, {orphans.Length} orphans; MaxConcurrency {concurrency}.");
        foreach (var round in new[] { "converging run", "second run" })
        {
            emulator.ClearRequestLog();
            await using var services = Services(emulator, serviceManager, concurrency);
            var watch = Stopwatch.StartNew();
            var report = await services.GetRequiredService<TenantReconciler>().ReconcileAsync(desired, new ReconciliationOptions { MaxConcurrency = concurrency });
            watch.Stop();
            var requests = emulator.RequestLog.Where(request => !request.Path.StartsWith("/oauth", StringComparison.Ordinal)).ToList();
            var writes = requests.Count(request => request.Method != "GET");
            Console.WriteLine(
                $"  {round,-15} {watch.Elapsed.TotalSeconds,6:0.0} s; created {report.Created.Count}, healed {report.Healed.Count}, repaired {report.Repaired.Count}, orphans {report.Orphans.Count}, unchanged {report.Unchanged}, failed {report.Failed.Count}; " +
                $"requests {requests.Count} ({(double)requests.Count / tenants:0.00} per tenant; {writes} POST/DELETE, {requests.Count(request => request.Method == "POST")} POST)");
        }
    }

    private static ServiceProvider Services(InstanceManagerEmulator emulator, bool serviceManager, int concurrency)
    {
        var services = new ServiceCollection();
        services.AddInstanceManager(serviceManager ? emulator.ServiceManagerConfiguration : emulator.Configuration);
        services.Configure<InstanceManagerOptions>(options =>
        {
            options.MaxConcurrentRequests = Math.Max(16, concurrency);
            options.PollingTimeout = TimeSpan.FromMinutes(10);
        });
        return services.BuildServiceProvider();
    }
}
