using System.Diagnostics;
using InstanceManager.Emulator;

namespace InstanceManager.IntegrationTests;

/// <summary>
/// 64 tenants, each driven by its own worker doing random creates, gets and deletes for 10 seconds against an
/// emulator that fails 5% of requests with 503. Afterwards every tenant's state is exactly what the successful
/// calls imply: nothing lost, nothing duplicated, and the cache agrees with the service.
/// </summary>
public sealed class SoakTests
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task MixedOperationsWithInjected503s_EndInTheStateTheSuccessfulCallsImply()
    {
        // Instances settle at once and retries do not back off, so the soak needs no clock: it runs flat out.
        await using var fixture = await EmulatorFixture.StartAsync(options =>
        {
            options.ProvisioningDelay = TimeSpan.Zero;
            options.DeprovisioningDelay = TimeSpan.Zero;
            options.Failures = new EmulatorFailures { ErrorRate = 0.05, ErrorStatusCode = 503, Seed = 7 };
        });
        var client = fixture.Client(options =>
        {
            options.PollingStrategy = PollingStrategy.ReferenceCompatible;
            options.PollingInterval = TimeSpan.Zero;
            options.Resilience.RetryBaseDelay = TimeSpan.Zero;
            options.Resilience.CircuitBreakerFailureRatio = 1.0;
        });
        var stopwatch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, 64).Select(index => Task.Run(() => WorkAsync(client, $"soak-{index:D2}", index, stopwatch))).ToList();

        var results = await Task.WhenAll(workers);

        fixture.Emulator.Failures = new EmulatorFailures();
        var operations = results.Sum(result => result.Operations);
        var failures = results.Sum(result => result.Failures);
        var unexpected = results.Sum(result => result.Unexpected);
        var summary = $"{operations} operations, {failures} failed with an InstanceManagerException ({failures - unexpected} definite 404/409 answers to random deletes and creates, {unexpected} other), {fixture.Emulator.RequestLog.Count} requests, {fixture.Emulator.RequestLog.Count(request => request.StatusCode == 503)} injected 503s.";
        TestContext.Current.TestOutputHelper?.WriteLine(summary);
        await File.WriteAllTextAsync(Path.Combine(AppContext.BaseDirectory, "soak-summary.txt"), summary);
        Assert.True(operations > 64 * 10, $"Only {operations} operations ran.");
        Assert.True(fixture.Emulator.RequestLog.Any(request => request.StatusCode == 503), "No error was injected; the soak did not exercise failures.");

        var listed = (await client.GetAllAsync()).ToDictionary(instance => instance.TenantId);
        foreach (var result in results)
        {
            if (result.Known is { } exists)
            {
                Assert.True(exists == listed.ContainsKey(result.TenantId), $"{result.TenantId}: the successful calls imply exists={exists}, the service says {listed.ContainsKey(result.TenantId)}.");
            }

            var fromClient = await client.GetAsync(result.TenantId);
            Assert.Equal(listed.ContainsKey(result.TenantId), fromClient is not null);
        }

        Assert.All(listed.Values, instance => Assert.Equal(InstanceStatus.CreationSucceeded, instance.Status));
    }

    private static async Task<WorkerResult> WorkAsync(IInstanceManagerClient client, string tenant, int seed, Stopwatch stopwatch)
    {
        var random = new Random(seed);
        bool? known = false;
        var operations = 0;
        var failures = 0;
        var unexpected = 0;
        while (stopwatch.Elapsed < Duration)
        {
            operations++;
            var choice = random.Next(3);
            try
            {
                switch (choice)
                {
                    case 0:
                        await client.CreateAsync(tenant);
                        known = true;
                        break;
                    case 1:
                        known = await client.GetAsync(tenant) is not null;
                        break;
                    default:
                        await client.DeleteAsync(tenant);
                        known = false;
                        break;
                }
            }
            catch (InstanceManagerException exception)
            {
                failures++;
                unexpected += exception.StatusCode is 404 or 409 ? 0 : 1;
                known = exception.StatusCode switch
                {
                    409 when choice == 0 => true,       // it exists: a definite answer
                    404 when choice == 2 => false,      // nothing to delete: a definite answer
                    _ => null,                          // the outcome is unknown until the next successful call
                };
            }
        }

        return new WorkerResult(tenant, known, operations, failures, unexpected);
    }

    private sealed record WorkerResult(string TenantId, bool? Known, int Operations, int Failures, int Unexpected);
}
