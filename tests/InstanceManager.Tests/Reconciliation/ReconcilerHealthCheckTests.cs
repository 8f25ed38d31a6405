using InstanceManager.Reconciliation;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace InstanceManager.Tests.Reconciliation;

/// <summary>What the reconciler's health check says about each way the last run can have ended.</summary>
public sealed class ReconcilerHealthCheckTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 8, 30, 0, TimeSpan.Zero);
    private const string AtText = "2026-12-01T08:30:00.0000000+00:00";

    [Fact]
    public async Task BeforeTheFirstRun_IsHealthy()
    {
        var result = await CheckAsync(new ReconcilerStatus());

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Equal("No reconciliation has run yet.", result.Description);
    }

    [Fact]
    public async Task ARunThatCouldNotStart_HasTheFailureStatus_AndSaysWhy()
    {
        var status = new ReconcilerStatus();
        status.CouldNotRun("the tenant source failed: timeout", At);

        var result = await CheckAsync(status);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal($"The reconciliation of {AtText} could not run: the tenant source failed: timeout", result.Description);
    }

    [Fact]
    public async Task AConvergedRun_IsHealthy_WithEveryCountInItsData()
    {
        var status = new ReconcilerStatus();
        status.Ran(Report(failed: 0, deletionsCapped: 0), At);

        var result = await CheckAsync(status);

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Equal($"The reconciliation of {AtText} converged.", result.Description);
        Assert.Equal(
            new Dictionary<string, object>
            {
                ["at"] = AtText,
                ["created"] = 1,
                ["healed"] = 2,
                ["repaired"] = 3,
                ["deleted"] = 4,
                ["orphans"] = 5,
                ["unchanged"] = 6,
                ["failed"] = 0,
            },
            result.Data);
    }

    [Fact]
    public async Task MoreThanFiveFailures_NameTheFirstFive_CountTheRest_AndTheOrphansLeftByTheCap()
    {
        var status = new ReconcilerStatus();
        status.Ran(Report(failed: 7, deletionsCapped: 2), At);

        var result = await CheckAsync(status);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal(
            $"The reconciliation of {AtText}: 7 tenant(s) failed: t1: error 1; t2: error 2; t3: error 3; t4: error 4; t5: error 5 (and 2 more). 2 orphan(s) left by the deletion cap.",
            result.Description);
        Assert.Equal(7, result.Data["failed"]);
    }

    [Fact]
    public async Task ExactlyFiveFailures_AreAllNamed_WithNothingMore()
    {
        var status = new ReconcilerStatus();
        status.Ran(Report(failed: 5, deletionsCapped: 0), At);

        var result = await CheckAsync(status, HealthStatus.Degraded);

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Equal($"The reconciliation of {AtText}: 5 tenant(s) failed: t1: error 1; t2: error 2; t3: error 3; t4: error 4; t5: error 5.", result.Description);
    }

    [Fact]
    public async Task OnlyOrphansLeftByTheCap_DoNotConverge_AndNameNoFailure()
    {
        var status = new ReconcilerStatus();
        status.Ran(Report(failed: 0, deletionsCapped: 1), At);

        var result = await CheckAsync(status);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal($"The reconciliation of {AtText}: 0 tenant(s) failed. 1 orphan(s) left by the deletion cap.", result.Description);
    }

    private static Task<HealthCheckResult> CheckAsync(ReconcilerStatus status, HealthStatus failureStatus = HealthStatus.Unhealthy)
    {
        var check = new ReconcilerHealthCheck(status);
        return check.CheckHealthAsync(new HealthCheckContext { Registration = new HealthCheckRegistration("reconciler", check, failureStatus, null) });
    }

    private static ReconciliationReport Report(int failed, int deletionsCapped) => new()
    {
        IsDryRun = false,
        Plan = [],
        Created = ["c1"],
        Healed = ["h1", "h2"],
        Repaired = ["r1", "r2", "r3"],
        Deleted = ["d1", "d2", "d3", "d4"],
        Orphans = ["o1", "o2", "o3", "o4", "o5"],
        Failed = [.. Enumerable.Range(1, failed).Select(i => new ReconciliationFailure($"t{i}", $"error {i}"))],
        Unchanged = 6,
        DeletionsCapped = deletionsCapped,
        Duration = TimeSpan.FromSeconds(1),
    };
}
