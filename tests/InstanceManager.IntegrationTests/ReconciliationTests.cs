using InstanceManager.Reconciliation;
using InstanceManager.ServiceManagement;
using Microsoft.Extensions.DependencyInjection;

namespace InstanceManager.IntegrationTests;

/// <summary>
/// The tenant reconciler against the embedded emulator over real loopback HTTP, on a shared fake clock, in each mode.
/// Each run uses a new container, as a new process (or a restarted one) would.
/// </summary>
public sealed class ReconciliationTests
{
    public static TheoryData<string> Modes => ["instance-manager", "service-manager", "migration"];

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task AFleetInEveryBadState_ConvergesInOneRun_AndASecondRunChangesNothing(string mode)
    {
        await using var fixture = await EmulatorFixture.StartAsync();
        var bound = mode != "instance-manager";
        await BuildFleetAsync(fixture, mode);
        string[] desired = ["ready-1", "ready-2", "missing-1", "missing-2", "failed-1", "inprogress-1", "deleting-1", "unbound-1", "", "bad\u0001id", "missing-1"];
        var postsBefore = Posts(fixture, mode);
        var inProgressPosts = Posts(fixture, mode, "inprogress-1");
        var progress = new ProgressLog();

        var report = await fixture.Clock.RunAsync(Reconciler(fixture, mode).ReconcileAsync(desired, progress: progress));

        Assert.False(report.IsDryRun);
        Assert.Equal(["inprogress-1", "missing-1", "missing-2"], report.Created);
        Assert.Equal(["deleting-1", "failed-1"], report.Healed);
        Assert.Equal(bound ? ["unbound-1"] : [], report.Repaired);
        Assert.Empty(report.Deleted);
        Assert.Equal(["orphan-1", "orphan-2"], report.Orphans);
        Assert.Equal(bound ? 2 : 3, report.Unchanged);
        Assert.Equal(["", "bad\u0001id"], report.Failed.Select(failure => failure.TenantId));
        Assert.All(report.Failed, failure => Assert.StartsWith("invalid tenant id: ", failure.Error, StringComparison.Ordinal));
        Assert.False(report.Converged);
        // One create each for the two missing tenants, the failed one and the deleted one; none for the one in progress.
        Assert.Equal(4, Posts(fixture, mode) - postsBefore);
        Assert.Equal(inProgressPosts, Posts(fixture, mode, "inprogress-1"));
        // Each tenant is reported once, with counts that end at the total.
        Assert.Equal(report.Plan.Count + 2, progress.Items.Count);
        Assert.Equal(progress.Items.Count, progress.Items.Select(item => item.TenantId).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(Enumerable.Range(1, progress.Items.Count), progress.Items.Select(item => item.Completed).Order());
        Assert.All(progress.Items, item => Assert.Equal(progress.Items.Count, item.Total));

        var client = fixture.ServicesOf(mode).GetRequiredService<IInstanceManagerClient>();
        foreach (var tenant in desired.Where(tenant => tenant.StartsWith("ready", StringComparison.Ordinal) || tenant.Contains('-', StringComparison.Ordinal)))
        {
            Assert.Equal(InstanceStatus.CreationSucceeded, (await fixture.Clock.RunAsync(client.GetAsync(tenant).AsTask()))?.Status);
        }

        fixture.Emulator.ClearRequestLog();
        var second = await fixture.Clock.RunAsync(Reconciler(fixture, mode).ReconcileAsync(desired.Where(tenant => tenant.Contains('-', StringComparison.Ordinal))));

        Assert.Empty(second.Created.Concat(second.Healed).Concat(second.Repaired).Concat(second.Deleted));
        Assert.Empty(second.Failed);
        Assert.Equal(8, second.Unchanged);
        Assert.True(second.Converged);
        // Only the reads of the state: no create, delete or binding.
        Assert.All(fixture.Emulator.RequestLog, request => Assert.True(request.Method == "GET" || request.Path.StartsWith("/oauth", StringComparison.Ordinal), $"{request.Method} {request.Path}"));
        if (mode == "instance-manager")
        {
            Assert.Single(fixture.Emulator.RequestLog);
        }
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task OrphansAreOnlyReported_UnlessAsked_AndThenNeverMoreThanMaxDeletions(string mode)
    {
        await using var fixture = await EmulatorFixture.StartAsync();
        var setup = fixture.ServicesOf(mode).GetRequiredService<IInstanceManagerClient>();
        foreach (var tenant in new[] { "keep-1", "orphan-1", "orphan-2", "orphan-3" })
        {
            await fixture.Clock.RunAsync(setup.CreateAsync(tenant));
        }

        fixture.Emulator.ClearRequestLog();
        var reported = await fixture.Clock.RunAsync(Reconciler(fixture, mode).ReconcileAsync(["keep-1"]));
        Assert.Equal(["orphan-1", "orphan-2", "orphan-3"], reported.Orphans);
        Assert.Equal(0, reported.DeletionsCapped);
        Assert.True(reported.Converged);
        Assert.Equal(0, Deletes(fixture, mode));

        var capped = await fixture.Clock.RunAsync(Reconciler(fixture, mode).ReconcileAsync(["keep-1"], new ReconciliationOptions { DeleteOrphans = true, MaxDeletions = 2 }));

        Assert.Equal(["orphan-1", "orphan-2"], capped.Deleted);
        Assert.Equal(["orphan-3"], capped.Orphans);
        Assert.Equal(1, capped.DeletionsCapped);
        Assert.False(capped.Converged);
        Assert.Equal(2, Deletes(fixture, mode));
        Assert.Contains(capped.Plan, step => step is { TenantId: "orphan-3", Action: ReconciliationAction.ReportOrphan } && step.Reason.Contains("MaxDeletions", StringComparison.Ordinal));

        // An empty desired list with the default cap deletes at most the cap.
        var empty = await fixture.Clock.RunAsync(Reconciler(fixture, mode).ReconcileAsync([], new ReconciliationOptions { DeleteOrphans = true }));
        Assert.Equal(["keep-1", "orphan-3"], empty.Deleted);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task AnOrphanWhoseDeletionFailed_IsDeletedAgain(string mode)
    {
        await using var fixture = await EmulatorFixture.StartAsync(options => options.Failures = new() { DeletionFailurePattern = "^orphan" });
        var setup = fixture.ServicesOf(mode).GetRequiredService<IInstanceManagerClient>();
        await fixture.Clock.RunAsync(setup.CreateAsync("orphan-1"));
        await Assert.ThrowsAnyAsync<InstanceManagerException>(() => fixture.Clock.RunAsync(setup.DeleteAsync("orphan-1")));
        fixture.Emulator.Failures.DeletionFailurePattern = null;

        var report = await fixture.Clock.RunAsync(Reconciler(fixture, mode).ReconcileAsync([], new ReconciliationOptions { DeleteOrphans = true }));

        var step = Assert.Single(report.Plan);
        Assert.Equal(InstanceStatus.DeletionFailed, step.Status);
        Assert.Equal(ReconciliationAction.DeleteOrphan, step.Action);
        Assert.Equal(["orphan-1"], report.Deleted);
        Assert.Null(await fixture.Clock.RunAsync(fixture.ServicesOf(mode).GetRequiredService<IInstanceManagerClient>().GetAsync("orphan-1").AsTask()));
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task ADryRun_ReturnsThePlan_AndChangesNothing(string mode)
    {
        await using var fixture = await EmulatorFixture.StartAsync();
        var setup = fixture.ServicesOf(mode).GetRequiredService<IInstanceManagerClient>();
        await fixture.Clock.RunAsync(setup.CreateAsync("ready-1"));
        await fixture.Clock.RunAsync(setup.CreateAsync("orphan-1"));
        fixture.Emulator.ClearRequestLog();

        var report = await fixture.Clock.RunAsync(Reconciler(fixture, mode).ReconcileAsync(["ready-1", "missing-1"], new ReconciliationOptions { DryRun = true, DeleteOrphans = true }));

        Assert.True(report.IsDryRun);
        Assert.Equal(["missing-1"], report.Created);
        Assert.Equal(["orphan-1"], report.Deleted);
        Assert.Equal(1, report.Unchanged);
        Assert.Equal(
            [("missing-1", ReconciliationAction.Create), ("orphan-1", ReconciliationAction.DeleteOrphan), ("ready-1", ReconciliationAction.None)],
            report.Plan.Select(step => (step.TenantId, step.Action)));
        Assert.All(fixture.Emulator.RequestLog, request => Assert.True(request.Method == "GET" || request.Path.StartsWith("/oauth", StringComparison.Ordinal), $"{request.Method} {request.Path}"));
        Assert.Null(await fixture.Clock.RunAsync(setup.GetAsync("missing-1").AsTask()));
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task ARunCancelledHalfway_AndStartedAgain_SendsNoSecondCreate(string mode)
    {
        await using var fixture = await EmulatorFixture.StartAsync(options =>
        {
            options.ProvisioningDelay = TimeSpan.FromMinutes(10);
            options.ServiceManager.InstanceCreationDelay = TimeSpan.FromMinutes(10);
        });
        string[] desired = [.. Enumerable.Range(1, 8).Select(index => $"tenant-{index}")];
        using var cancellation = new CancellationTokenSource();
        var first = Reconciler(fixture, mode).ReconcileAsync(desired, new ReconciliationOptions { MaxConcurrency = 4 }, cancellationToken: cancellation.Token);

        // Four creates are accepted and being waited for when the run is stopped.
        while (Posts(fixture, mode) < 4)
        {
            await fixture.Clock.EndNextWaitAsync();
        }

        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.Equal(4, Posts(fixture, mode));

        var second = await fixture.Clock.RunAsync(Reconciler(fixture, mode).ReconcileAsync(desired, new ReconciliationOptions { MaxConcurrency = 4 }));

        Assert.Equal(desired, second.Created);
        Assert.Empty(second.Failed);
        Assert.All(desired, tenant => Assert.Equal(1, Posts(fixture, mode, tenant)));
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task ACreationThatKeepsFailing_IsTriedMaxCreateAttemptsTimes_ThenReported(string mode)
    {
        await using var fixture = await EmulatorFixture.StartAsync(options => options.Failures = new() { CreationFailurePattern = "^doomed" });

        var report = await fixture.Clock.RunAsync(Reconciler(fixture, mode).ReconcileAsync(["doomed-1", "fine-1"], new ReconciliationOptions { MaxCreateAttempts = 3, RetryDelay = TimeSpan.FromSeconds(10) }));

        Assert.Equal(["fine-1"], report.Created);
        var failure = Assert.Single(report.Failed);
        Assert.Equal("doomed-1", failure.TenantId);
        Assert.Contains("doomed-1", failure.Error, StringComparison.Ordinal);
        Assert.Equal(3, Posts(fixture, mode, "doomed-1"));
        // The waits between attempts double.
        Assert.Contains(TimeSpan.FromSeconds(10), fixture.Clock.Waits);
        Assert.Contains(TimeSpan.FromSeconds(20), fixture.Clock.Waits);
    }

    [Theory]
    [InlineData("service-manager")]
    [InlineData("migration")]
    public async Task ABindingThatFails_IsReportedFailed_AndRepairedByTheNextRun(string mode)
    {
        await using var fixture = await EmulatorFixture.StartAsync();
        await fixture.Clock.RunAsync(fixture.ServicesOf(mode).GetRequiredService<IInstanceManagerClient>().CreateAsync("unbound-1"));
        await RemoveBindingsAsync(fixture, "unbound-1");
        fixture.Emulator.Failures.BindingFailurePattern = "^unbound";

        var failed = await fixture.Clock.RunAsync(Reconciler(fixture, mode).ReconcileAsync(["unbound-1"]));

        Assert.Equal("unbound-1", Assert.Single(failed.Failed).TenantId);
        fixture.Emulator.Failures.BindingFailurePattern = null;
        var repaired = await fixture.Clock.RunAsync(Reconciler(fixture, mode).ReconcileAsync(["unbound-1"]));
        Assert.Equal(["unbound-1"], repaired.Repaired);
        Assert.Equal(1, fixture.ServiceManagerRequests("POST", "/v1/service_instances"));
    }

    /// <summary>
    /// ready-1, ready-2, orphan-1, orphan-2: usable; failed-1: creation failed; deleting-1: being deleted;
    /// inprogress-1: being created; unbound-1: with the Service Manager, an instance without binding (else usable).
    /// </summary>
    private static async Task BuildFleetAsync(EmulatorFixture fixture, string mode)
    {
        var setup = fixture.ServicesOf(mode).GetRequiredService<IInstanceManagerClient>();
        foreach (var tenant in new[] { "ready-1", "ready-2", "orphan-1", "orphan-2", "deleting-1", "unbound-1" })
        {
            await fixture.Clock.RunAsync(setup.CreateAsync(tenant));
        }

        if (mode != "instance-manager")
        {
            await RemoveBindingsAsync(fixture, "unbound-1");
        }

        fixture.Emulator.Failures.CreationFailurePattern = "^failed-";
        await Assert.ThrowsAnyAsync<InstanceManagerException>(() => fixture.Clock.RunAsync(setup.CreateAsync("failed-1")));
        fixture.Emulator.Failures.CreationFailurePattern = null;

        // Accepted, and left running: the clock does not move until the reconciliation runs.
        await fixture.Clock.RunAsync(setup.StartDeleteAsync("deleting-1"));
        await fixture.Clock.RunAsync(setup.StartCreateAsync("inprogress-1"));
    }

    private static async Task RemoveBindingsAsync(EmulatorFixture fixture, string tenant)
    {
        var serviceManager = fixture.ServiceManagerServices().GetRequiredService<ServiceManagerClient>();
        var bindings = new List<ServiceBinding>();
        await foreach (var binding in serviceManager.Bindings.ListAsync(ServiceManagerQuery.Empty.WhereLabel("tenant_id", tenant)))
        {
            bindings.Add(binding);
        }

        foreach (var binding in bindings)
        {
            await fixture.Clock.RunAsync(serviceManager.Bindings.DeleteAsync(binding.Id));
        }
    }

    private static TenantReconciler Reconciler(EmulatorFixture fixture, string mode) =>
        fixture.ServicesOf(mode, options => options.PollingTimeout = TimeSpan.FromHours(2)).GetRequiredService<TenantReconciler>();

    private static int Posts(EmulatorFixture fixture, string mode, string? tenant = null) =>
        mode == "instance-manager" ? fixture.Requests("POST", tenant) : fixture.ServiceManagerRequests("POST", "/v1/service_instances", tenant);

    private static int Deletes(EmulatorFixture fixture, string mode) =>
        mode == "instance-manager" ? fixture.Requests("DELETE") : fixture.ServiceManagerRequests("DELETE", "/v1/service_instances");

    /// <summary>Records each report synchronously (unlike <see cref="Progress{T}"/>, which posts them).</summary>
    private sealed class ProgressLog : IProgress<ReconciliationProgress>
    {
        private readonly Lock _lock = new();
        private readonly List<ReconciliationProgress> _items = [];

        public List<ReconciliationProgress> Items
        {
            get
            {
                lock (_lock)
                {
                    return [.. _items];
                }
            }
        }

        public void Report(ReconciliationProgress value)
        {
            lock (_lock)
            {
                _items.Add(value);
            }
        }
    }
}
