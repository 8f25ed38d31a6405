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
        TestContext.Current.TestOutputHelper?.WriteLine($"{operations} operations, {failures} failed with an InstanceManagerException, {fixture.Emulator.RequestLog.Count} requests.");
        Assert.True(operations > 64 * 10, $"Only {operations} operations ran.");
        Assert.True(failures > 0, "The injected errors never surfaced; the soak did not exercise failures.");

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
                known = exception.StatusCode switch
                {
                    409 when choice == 0 => true,       // it exists: a definite answer
                    404 when choice == 2 => false,      // nothing to delete: a definite answer
                    _ => null,                          // the outcome is unknown until the next successful call
                };
            }
        }

        return new WorkerResult(tenant, known, operations, failures);
    }

    private sealed record WorkerResult(string TenantId, bool? Known, int Operations, int Failures);
}
