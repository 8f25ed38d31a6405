using System.Diagnostics.Metrics;
using InstanceManager.Diagnostics;
using InstanceManager.Reconciliation;
using InstanceManager.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InstanceManager.Tests.Reconciliation;

/// <summary>The periodic reconciliation (<c>AddInstanceManagerReconciler</c>) over a loopback Instance Manager, on a fake clock.</summary>
public sealed class PeriodicReconciliationTests
{
    [Fact]
    public async Task RunsAfterTheFirstDelay_ThenEveryInterval_WithTheConfiguredTenants()
    {
        using var im = new ImServer(configureServices: services => services.AddHealthChecks().AddInstanceManagerReconciler().Services.AddInstanceManagerReconciler(options =>
        {
            options.FirstRunDelay = TimeSpan.FromSeconds(10);
            options.Interval = TimeSpan.FromMinutes(5);
            options.Tenants.Add("t1");
        }));
        im.Answers("GET", ImServer.BasePath, (200, "[]"), (200, InstanceJson.List(InstanceJson.Node("t1", "CREATION_SUCCEEDED"))));
        im.Answer("POST", ImServer.TenantPath("t1"), 201);
        im.GetAnswers("t1", (200, InstanceJson.Instance("t1", "CREATION_SUCCEEDED")));
        var status = im.Services.GetRequiredService<ReconcilerStatus>();
        var service = Service(im);

        var first = status.NextAsync();
        await service.StartAsync(CancellationToken.None);
        var ran = await im.Clock.RunAsync(first);

        Assert.Equal(["t1"], ran.Report!.Created);
        Assert.Equal(1, im.Count("POST"));
        Assert.Equal(TimeSpan.FromSeconds(10), im.Clock.Waits[0]);

        var second = status.NextAsync();
        im.Clock.Advance(TimeSpan.FromMinutes(5));
        var again = await im.Clock.RunAsync(second);

        Assert.Equal(1, again.Report!.Unchanged);
        Assert.Equal(1, im.Count("POST"));
        Assert.Equal(2, im.Count("GET") - im.Count("GET", "t1"));
        await service.StopAsync(CancellationToken.None);
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(im)).Status);
    }

    [Fact]
    public async Task Disabled_NeverRuns()
    {
        using var im = new ImServer(configureServices: services => services.AddHealthChecks().AddInstanceManagerReconciler().Services.AddInstanceManagerReconciler(options => options.Enabled = false));
        var service = Service(im);

        await service.StartAsync(CancellationToken.None);
        // The host starts ExecuteAsync on its own; disabled, it ends without waiting for anything.
        await service.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Empty(im.Clock.Waits);
        Assert.Empty(im.Server.LogEntries);
    }

    [Fact]
    public async Task WhenAnotherReplicaHoldsTheLease_SendsNothing()
    {
        using var im = new ImServer(configureServices: services =>
        {
            services.AddHealthChecks().AddInstanceManagerReconciler().Services.AddInstanceManagerReconciler(options => options.Tenants.Add("t1"));
            services.Replace(ServiceDescriptor.Singleton<IReconciliationLease, HeldElsewhere>());
        });

        await im.Clock.RunAsync(Service(im).RunOnceAsync(CancellationToken.None));

        Assert.Empty(im.Server.LogEntries);
        Assert.Null(im.Services.GetRequiredService<ReconcilerStatus>().Last);
    }

    [Fact]
    public async Task AnEmptyDesiredListWithDeleteOrphans_IsRefused_AndReportedByTheHealthCheck()
    {
        using var im = new ImServer(configureServices: services => services.AddHealthChecks().AddInstanceManagerReconciler().Services.AddInstanceManagerReconciler(options => options.DeleteOrphans = true));
        im.Answer("GET", ImServer.BasePath, 200, InstanceJson.List(InstanceJson.Node("t1", "CREATION_SUCCEEDED")));

        await im.Clock.RunAsync(Service(im).RunOnceAsync(CancellationToken.None));

        Assert.Empty(im.Server.LogEntries);
        var health = await CheckAsync(im);
        Assert.Equal(HealthStatus.Degraded, health.Status);
        Assert.Contains("DeleteOrphans", health.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATenantSourceThatFails_SkipsTheRun_AndTheHealthCheckSaysWhy()
    {
        using var im = new ImServer(configureServices: services =>
        {
            services.AddSingleton<ITenantSource, FailingSource>();
            services.AddHealthChecks().AddInstanceManagerReconciler().Services.AddInstanceManagerReconciler();
        });

        await im.Clock.RunAsync(Service(im).RunOnceAsync(CancellationToken.None));

        Assert.Empty(im.Server.LogEntries);
        var health = await CheckAsync(im);
        Assert.Equal(HealthStatus.Degraded, health.Status);
        Assert.Contains("subscription table is unreachable", health.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FailedTenants_AreNamedByTheHealthCheck_AndCountedByOutcome()
    {
        using var im = new ImServer(configureServices: services => services.AddHealthChecks().AddInstanceManagerReconciler().Services.AddInstanceManagerReconciler(options =>
        {
            options.Tenants.Add("ok-1");
            options.Tenants.Add("refused-1");
        }));
        im.Answer("GET", ImServer.BasePath, 200, InstanceJson.List(InstanceJson.Node("ok-1", "CREATION_SUCCEEDED")));
        im.Answer("POST", ImServer.TenantPath("refused-1"), 403, """{"error":"Forbidden","description":"plan quota exceeded"}""");
        var outcomes = new List<string>();
        using var listener = Listen(im, outcomes);

        await im.Clock.RunAsync(Service(im).RunOnceAsync(CancellationToken.None));

        var health = await CheckAsync(im);
        Assert.Equal(HealthStatus.Degraded, health.Status);
        Assert.Contains("1 tenant(s) failed: refused-1: ", health.Description, StringComparison.Ordinal);
        Assert.Contains("403", health.Description, StringComparison.Ordinal);
        Assert.Equal(1, health.Data["failed"]);
        Assert.Equal(1, health.Data["unchanged"]);
        Assert.Equal(["failed", "unchanged"], outcomes.Order());
        // A refused request is not a failed creation: it is not tried again.
        Assert.Equal(1, im.Count("POST"));
    }

    [Fact]
    public void InvalidOptions_FailAtStart_NamingTheKey()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddInstanceManager(options => ImServer.Fill(options, "https://im.example"));
        services.AddHealthChecks().AddInstanceManagerReconciler().Services.AddInstanceManagerReconciler(options =>
        {
            options.MaxConcurrency = 0;
            options.Interval = TimeSpan.FromSeconds(1);
        });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("MaxConcurrency must be between 1 and 256 (was 0).", error.Message, StringComparison.Ordinal);
        Assert.Contains("Interval must be between", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidOptionsConfiguredElsewhere_AlsoFailAtStart_WithTheDefaultRegistration()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddInstanceManager(options => ImServer.Fill(options, "https://im.example"));
        services.AddInstanceManagerReconciler();
        services.Configure<TenantReconcilerOptions>(options => options.MaxConcurrency = 0);
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("MaxConcurrency must be between 1 and 256 (was 0).", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheOptions_BindFromAConfigurationSection_WithTheTenantList()
    {
        var section = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Reconciler:Interval"] = "00:10:00",
            ["Reconciler:DeleteOrphans"] = "true",
            ["Reconciler:MaxDeletions"] = "2",
            ["Reconciler:Tenants:0"] = "t1",
            ["Reconciler:Tenants:1"] = "t2",
        }).Build().GetSection("Reconciler");
        var services = new ServiceCollection();
        services.AddHealthChecks().AddInstanceManagerReconciler().Services.AddInstanceManagerReconciler(section);
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<TenantReconcilerOptions>>().Value;

        Assert.Equal(TimeSpan.FromMinutes(10), options.Interval);
        Assert.True(options.DeleteOrphans);
        Assert.Equal(2, options.MaxDeletions);
        Assert.Equal(["t1", "t2"], options.Tenants);
        Assert.True(options.Enabled);
    }

    [Fact]
    public async Task ReconcileAsync_WithOptionsOutOfRange_ThrowsBeforeAnyRequest()
    {
        using var im = new ImServer();
        var reconciler = im.Services.GetRequiredService<TenantReconciler>();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => reconciler.ReconcileAsync(["t1"], new ReconciliationOptions { MaxDeletions = -1, MaxCreateAttempts = 0 }));

        Assert.Contains("MaxDeletions must be between 0 and 10000 (was -1).", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxCreateAttempts must be between 1 and 100 (was 0).", error.Message, StringComparison.Ordinal);
        Assert.Equal("options", error.ParamName);
        Assert.Empty(im.Server.LogEntries);
    }

    [Fact]
    public async Task ReconcileAsync_WhenTheStateCannotBeRead_ThrowsAndChangesNothing()
    {
        using var im = new ImServer(options => options.Resilience.Enabled = false);
        im.Answer("GET", ImServer.BasePath, 500, """{"error":"Internal","description":"database down"}""");

        var error = await Assert.ThrowsAsync<InstanceManagerException>(() => im.Clock.RunAsync(im.Services.GetRequiredService<TenantReconciler>().ReconcileAsync(["t1"])));

        Assert.Equal("Reconcile", error.Operation);
        Assert.Equal(500, error.StatusCode);
        Assert.Equal(0, im.Count("POST"));
    }

    [Fact]
    public async Task WhenAnotherReplicaHoldsTheLease_SaysSoInTheLog()
    {
        var logs = new LogCapture();
        using var im = new ImServer(configureServices: services =>
        {
            services.AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
            services.AddInstanceManagerReconciler(options => options.Tenants.Add("t1"));
            services.Replace(ServiceDescriptor.Singleton<IReconciliationLease, HeldElsewhere>());
        });

        await im.Clock.RunAsync(Service(im).RunOnceAsync(CancellationToken.None));

        Assert.Contains("another replica holds the lease", Assert.Single(logs.Entries, entry => entry.EventId.Id == 56).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASourceThatTimesOutOnItsOwn_SkipsTheRun_AndTheLogAndHealthCheckSayWhy()
    {
        var logs = new LogCapture();
        using var im = new ImServer(configureServices: services =>
        {
            services.AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
            services.AddSingleton<ITenantSource>(new ThrowingSource(new TaskCanceledException("the tenant database did not answer")));
            services.AddHealthChecks().AddInstanceManagerReconciler().Services.AddInstanceManagerReconciler();
        });

        await im.Clock.RunAsync(Service(im).RunOnceAsync(CancellationToken.None));

        const string reason = "the tenant source failed (TaskCanceledException: the tenant database did not answer); nothing was changed.";
        Assert.EndsWith(reason, (await CheckAsync(im)).Description, StringComparison.Ordinal);
        Assert.Contains("Periodic reconciliation skipped: " + reason, Assert.Single(logs.Entries, entry => entry.EventId.Id == 55).Text, StringComparison.Ordinal);
        Assert.Empty(im.Server.LogEntries);
    }

    [Fact]
    public async Task ARunCancelledWhileReadingTheSource_EndsCancelled_WithoutReportingAProblem()
    {
        using var cancel = new CancellationTokenSource();
        using var im = new ImServer(configureServices: services =>
        {
            services.AddSingleton<ITenantSource>(new ThrowingSource(new OperationCanceledException(cancel.Token), before: cancel.Cancel));
            services.AddHealthChecks().AddInstanceManagerReconciler().Services.AddInstanceManagerReconciler();
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Service(im).RunOnceAsync(cancel.Token));

        Assert.Null(im.Services.GetRequiredService<ReconcilerStatus>().Last);
    }

    [Fact]
    public async Task AnEmptyDesiredListWithoutDeleteOrphans_Runs()
    {
        using var im = new ImServer(configureServices: services => services.AddHealthChecks().AddInstanceManagerReconciler().Services.AddInstanceManagerReconciler());
        im.Answer("GET", ImServer.BasePath, 200, InstanceJson.List(InstanceJson.Node("t1", "CREATION_SUCCEEDED")));

        await im.Clock.RunAsync(Service(im).RunOnceAsync(CancellationToken.None));

        var last = im.Services.GetRequiredService<ReconcilerStatus>().Last;
        Assert.Equal(["t1"], last!.Report!.Orphans);
        Assert.Equal(1, im.Count("GET"));
    }

    [Fact]
    public async Task WhenTheStateCannotBeRead_TheRunIsSkipped_AndTheHealthCheckSaysWhy()
    {
        using var im = new ImServer(
            options => options.Resilience.Enabled = false,
            services => services.AddHealthChecks().AddInstanceManagerReconciler().Services.AddInstanceManagerReconciler(options => options.Tenants.Add("t1")));
        im.Answer("GET", ImServer.BasePath, 500, """{"description":"database down"}""");

        await im.Clock.RunAsync(Service(im).RunOnceAsync(CancellationToken.None));

        var health = await CheckAsync(im);
        Assert.Equal(HealthStatus.Degraded, health.Status);
        Assert.Contains("could not run: the tenants' state could not be read: ", health.Description, StringComparison.Ordinal);
        Assert.Contains("database down", health.Description, StringComparison.Ordinal);
        Assert.Equal(0, im.Count("POST"));
    }

    private static PeriodicReconciliationService Service(ImServer im) =>
        im.Services.GetServices<IHostedService>().OfType<PeriodicReconciliationService>().Single();

    /// <summary>The check as an application registers it: <c>AddHealthChecks().AddInstanceManagerReconciler()</c>.</summary>
    private static async Task<HealthReportEntry> CheckAsync(ImServer im)
    {
        var report = await im.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        return Assert.Single(report.Entries, entry => entry.Key == "instance-manager-reconciler").Value;
    }

    private static MeterListener Listen(ImServer im, List<string> outcomes)
    {
        var meterFactory = im.Services.GetRequiredService<IMeterFactory>();
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name == ReconcilerMetrics.TenantsName && ReferenceEquals(instrument.Meter.Scope, meterFactory))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                lock (outcomes)
                {
                    outcomes.Add((string)tag.Value!);
                }
            }
        });
        listener.Start();
        return listener;
    }

    private sealed class HeldElsewhere : IReconciliationLease
    {
        public Task<IAsyncDisposable?> TryAcquireAsync(CancellationToken cancellationToken) => Task.FromResult<IAsyncDisposable?>(null);
    }

    private sealed class ThrowingSource(Exception exception, Action? before = null) : ITenantSource
    {
        public Task<IReadOnlyCollection<string>> GetDesiredTenantsAsync(CancellationToken cancellationToken)
        {
            before?.Invoke();
            throw exception;
        }
    }

    private sealed class FailingSource : ITenantSource
    {
        public Task<IReadOnlyCollection<string>> GetDesiredTenantsAsync(CancellationToken cancellationToken) =>
            throw new InvalidOperationException("the subscription table is unreachable");
    }
}
