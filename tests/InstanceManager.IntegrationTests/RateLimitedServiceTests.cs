using InstanceManager.Emulator;

namespace InstanceManager.IntegrationTests;

/// <summary>Many creates at once against the emulator's request limit, in each header form, over real loopback HTTP on a fake clock.</summary>
public sealed class RateLimitedServiceTests
{
    public static TheoryData<string, RetryAfterHeaderForm> Cases => new()
    {
        { "instance-manager", RetryAfterHeaderForm.RetryAfterSeconds },
        { "instance-manager", RetryAfterHeaderForm.RetryAfterDate },
        { "instance-manager", RetryAfterHeaderForm.RateLimitSeconds },
        { "service-manager", RetryAfterHeaderForm.RateLimitUnixTime },
        { "service-manager", RetryAfterHeaderForm.RateLimitDate },
        { "migration", RetryAfterHeaderForm.RateLimitSeconds },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task FortyCreatesAtOnce_AgainstARequestLimit_AllSucceed(string mode, RetryAfterHeaderForm header)
    {
        await using var fixture = await EmulatorFixture.StartAsync(options => options.Failures = new EmulatorFailures
        {
            RequestLimit = 10,
            RequestLimitWindow = TimeSpan.FromSeconds(1),
            RetryAfterHeader = header,
        });
        // The test clock ends the waits of forty concurrent creates while requests are in flight in real time, so fake
        // time races ahead of them: the polling budget and the attempt timeout are raised so that this artefact of
        // the test, not the client, cannot end a create.
        static void Patient(InstanceManagerOptions options)
        {
            options.PollingTimeout = TimeSpan.FromHours(1);
            options.Resilience.AttemptTimeout = TimeSpan.FromHours(1);

            // Forty flows share ten requests a second: one request can lose the race for a fresh window several
            // times in a row, more than the default three retries allow.
            options.Resilience.MaxRetryAttempts = 10;
        }
        var client = mode switch
        {
            "service-manager" => fixture.ServiceManagerClient(Patient),
            "migration" => fixture.MigrationClient(Patient),
            _ => fixture.Client(Patient),
        };
        var tenants = Enumerable.Range(0, 40).Select(index => $"tenant-{index:D2}").ToList();

        var instances = await fixture.Clock.RunAsync(Task.WhenAll(tenants.Select(tenant => client.CreateAsync(tenant))));

        Assert.All(instances, instance => Assert.Equal(InstanceStatus.CreationSucceeded, instance.Status));
        Assert.Contains(fixture.Emulator.RequestLog, request => request.StatusCode == 429);
        var created = fixture.Emulator.RequestLog.Count(request => request.Method == "POST" && request.StatusCode is 201 or 202
            && (request.Path.StartsWith("/instance-manager/", StringComparison.Ordinal) || request.Path.StartsWith("/v1/service_instances", StringComparison.Ordinal)));
        Assert.Equal(40, created);
    }
}
