using System.Collections.Concurrent;
using InstanceManager.Reconciliation;
using InstanceManager.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace InstanceManager.Tests.Reconciliation;

/// <summary>One reconciliation run over a loopback Instance Manager: what it logs, meters and reports beyond the plan.</summary>
public sealed class TenantReconcilerTests
{
    // LogCapture writes each entry as "<category> <message> <state>".
    private const string Category = "InstanceManager.Reconciliation.TenantReconciler ";

    [Fact]
    public async Task ARun_LogsItsStartTheTenantsItWorkedOnAndItsEnd_AndMetersEachOutcomeAndItsDuration()
    {
        var logs = new LogCapture();
        using var im = new ImServer(configureServices: services =>
        {
            services.AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
            services.AddMetrics();
        });
        using var meters = new MeterCapture(im.Services);
        im.Answer("GET", ImServer.BasePath, 200, InstanceJson.List(InstanceJson.Node("ok-1", "CREATION_SUCCEEDED"), InstanceJson.Node("old-1", "CREATION_SUCCEEDED")));
        im.Answer("POST", ImServer.TenantPath("new-1"), 201);
        im.GetAnswers("new-1", (200, InstanceJson.Instance("new-1", "CREATION_SUCCEEDED")));
        im.Answer("POST", ImServer.TenantPath("refused-1"), 403, """{"description":"plan quota exceeded"}""");
        var reconciler = im.Services.GetRequiredService<TenantReconciler>();

        var report = await im.Clock.RunAsync(reconciler.ReconcileAsync(["new-1", "ok-1", "refused-1"], new ReconciliationOptions { DeleteOrphans = true, MaxDeletions = 0 }));

        Assert.Equal((1, 1, 1, 1), (report.Created.Count, report.Unchanged, report.Failed.Count, report.DeletionsCapped));
        var texts = logs.Entries.Where(entry => entry.Text.StartsWith(Category, StringComparison.Ordinal)).Select(entry => (entry.EventId.Id, Text: entry.Text[Category.Length..])).ToList();
        Assert.StartsWith("Reconciliation started: 3 desired tenant(s), 2 instance(s) reported by the service, 2 tenant(s) to work on (dry run: False).", Assert.Single(texts, text => text.Id == 50).Text, StringComparison.Ordinal);
        Assert.StartsWith("Tenant 'new-1': Create → Created.", Assert.Single(texts, text => text.Id == 51).Text, StringComparison.Ordinal);
        Assert.StartsWith("Tenant 'refused-1': Create failed: ", Assert.Single(texts, text => text.Id == 52).Text, StringComparison.Ordinal);
        Assert.Contains("plan quota exceeded", Assert.Single(texts, text => text.Id == 52).Text, StringComparison.Ordinal);
        Assert.Contains("1 created, 0 healed, 0 repaired, 0 deleted, 1 orphan(s) left, 1 unchanged, 1 failed.", Assert.Single(texts, text => text.Id == 53).Text, StringComparison.Ordinal);
        Assert.StartsWith("Reconciliation: 1 orphan(s) left because this run already deleted MaxDeletions (0).", Assert.Single(texts, text => text.Id == 54).Text, StringComparison.Ordinal);

        var tenants = meters.Of(ReconcilerMetrics.TenantsName);
        Assert.Equal(["created", "failed", "orphan_left", "unchanged"], tenants.Select(m => Assert.IsType<string>(Assert.Single(m.Tags).Value)).Order());
        Assert.All(tenants, m => Assert.Equal(("instance_manager.reconciler.outcome", 1.0), (Assert.Single(m.Tags).Key, m.Value)));
        var duration = Assert.Single(meters.Of(ReconcilerMetrics.DurationName));
        Assert.Equal(new KeyValuePair<string, object?>("instance_manager.reconciler.dry_run", false), Assert.Single(duration.Tags));
    }

    [Fact]
    public async Task ARunWithNothingCapped_LogsNoCap()
    {
        var logs = new LogCapture();
        using var im = new ImServer(configureServices: services => services.AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace)));
        im.Answer("GET", ImServer.BasePath, 200, InstanceJson.List(InstanceJson.Node("ok-1", "CREATION_SUCCEEDED")));

        var report = await im.Clock.RunAsync(im.Services.GetRequiredService<TenantReconciler>().ReconcileAsync(["ok-1"]));

        Assert.Equal(1, report.Unchanged);
        Assert.DoesNotContain(logs.Entries, entry => entry.EventId.Id is 51 or 52 or 54);
        Assert.Single(logs.Entries, entry => entry.EventId.Id == 53);
    }

    [Fact]
    public async Task ADryRun_ReportsTheReasonOfATenantItWouldReject_AsItsError_AndSendsNothingButTheList()
    {
        using var im = new ImServer();
        im.Answer("GET", ImServer.BasePath, 200, InstanceJson.List(InstanceJson.Node("odd-1", "SOMETHING_NEW")));

        var report = await im.Clock.RunAsync(im.Services.GetRequiredService<TenantReconciler>().ReconcileAsync(["odd-1", "new-1"], new ReconciliationOptions { DryRun = true }));

        Assert.True(report.IsDryRun);
        Assert.Equal(["new-1"], report.Created);
        var failure = Assert.Single(report.Failed);
        Assert.Equal(("odd-1", "the service reports a status this library does not know; the instance is left alone."), (failure.TenantId, failure.Error));
        Assert.Equal(1, im.Count("GET"));
        Assert.Equal(0, im.Count("POST"));
    }

    [Fact]
    public async Task ADryRun_ReportsProgressWithAnErrorOnlyForTheTenantItWouldReject()
    {
        using var im = new ImServer();
        im.Answer("GET", ImServer.BasePath, 200, InstanceJson.List(InstanceJson.Node("odd-1", "SOMETHING_NEW"), InstanceJson.Node("ok-1", "CREATION_SUCCEEDED")));
        var reports = new ConcurrentQueue<ReconciliationProgress>();

        await im.Clock.RunAsync(im.Services.GetRequiredService<TenantReconciler>().ReconcileAsync(["odd-1", "new-1", "ok-1"], new ReconciliationOptions { DryRun = true }, new Recorder(reports)));

        Assert.Equal(
            [("new-1", null), ("odd-1", "the service reports a status this library does not know; the instance is left alone."), ("ok-1", null)],
            reports.OrderBy(report => report.TenantId, StringComparer.Ordinal).Select(report => (report.TenantId, report.Error)));
        Assert.All(reports, report => Assert.Equal(3, report.Total));
    }

    [Theory]
    [InlineData(ReconciliationOutcome.Created, "created")]
    [InlineData(ReconciliationOutcome.Healed, "healed")]
    [InlineData(ReconciliationOutcome.Repaired, "repaired")]
    [InlineData(ReconciliationOutcome.Deleted, "deleted")]
    [InlineData(ReconciliationOutcome.OrphanLeft, "orphan_left")]
    [InlineData(ReconciliationOutcome.Failed, "failed")]
    [InlineData(ReconciliationOutcome.Unchanged, "unchanged")]
    public void EachOutcome_IsMeteredUnderTheTagTheReadmeNames(ReconciliationOutcome outcome, string tag)
    {
        Assert.Equal(tag, ReconcilerMetrics.TagOf(outcome));
    }

    private sealed class Recorder(ConcurrentQueue<ReconciliationProgress> reports) : IProgress<ReconciliationProgress>
    {
        public void Report(ReconciliationProgress value) => reports.Enqueue(value);
    }

    [Fact]
    public async Task InvalidTenantIds_AreReportedOnce_WithTheReasonButNotTheParameterName()
    {
        using var im = new ImServer();
        im.Answer("GET", ImServer.BasePath, 200, "[]");

        var report = await im.Clock.RunAsync(im.Services.GetRequiredService<TenantReconciler>().ReconcileAsync([" ", null!, " ", ".."], new ReconciliationOptions { DryRun = true }));

        Assert.Equal(
            [
                (" ", "invalid tenant id: The tenant id may not be empty or white space."),
                ("(null)", "invalid tenant id: Value cannot be null."),
                ("..", "invalid tenant id: The tenant id may not be '.' or '..'."),
            ],
            report.Failed.Select(failure => (failure.TenantId, failure.Error)));
        Assert.Equal(0, im.Count("POST"));
    }

    [Fact]
    public async Task WithoutADesiredList_ThrowsBeforeAnyRequest()
    {
        using var im = new ImServer();

        var error = await Assert.ThrowsAsync<ArgumentNullException>(() => im.Services.GetRequiredService<TenantReconciler>().ReconcileAsync(null!));

        Assert.Equal("desiredTenants", error.ParamName);
        Assert.Empty(im.Server.LogEntries);
    }

    [Fact]
    public async Task InvalidOptions_AreNamedTogether_AfterOneSentence()
    {
        using var im = new ImServer();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => im.Services.GetRequiredService<TenantReconciler>().ReconcileAsync(["t1"], new ReconciliationOptions { MaxConcurrency = 0, RetryDelay = TimeSpan.FromHours(2) }));

        Assert.StartsWith(
            "Invalid reconciliation options: MaxConcurrency must be between 1 and 256 (was 0). RetryDelay must be between 00:00:00 and 01:00:00 (was 02:00:00).",
            error.Message,
            StringComparison.Ordinal);
    }
}
