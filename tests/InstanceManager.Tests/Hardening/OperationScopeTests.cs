using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using InstanceManager.Calls;
using InstanceManager.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace InstanceManager.Tests.Hardening;

/// <summary>The outcome, duration and error details that one operation reports, for each way it can end.</summary>
public sealed class OperationScopeTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new();
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly InstanceManagerMetrics _metrics;
    private readonly MeterListener _meterListener = new();
    private readonly ActivityListener _activityListener;
    private readonly ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measurements = new();
    private readonly ConcurrentQueue<Activity> _activities = new();

    public OperationScopeTests()
    {
        var meterFactory = _services.GetRequiredService<IMeterFactory>();
        _meterListener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, meterFactory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meterListener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => _measurements.Enqueue((instrument.Name, value, Tags(tags))));
        _meterListener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => _measurements.Enqueue((instrument.Name, value, Tags(tags))));
        _meterListener.Start();
        _metrics = new InstanceManagerMetrics(meterFactory);

        // The listener hears every test running in the process: this class's activities are told apart by tenant.
        _activityListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == InstanceManagerTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.GetTagItem(InstanceManagerTelemetry.TenantTag) is string tenant && tenant.StartsWith("scope-", StringComparison.Ordinal))
                {
                    _activities.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_activityListener);
    }

    public void Dispose()
    {
        _activityListener.Dispose();
        _meterListener.Dispose();
        _metrics.Dispose();
        _services.Dispose();
    }

    public static TheoryData<string, Exception, string> Failures() => new()
    {
        { "scope-cancelled", new OperationCanceledException(), "cancelled" },
        { "scope-disposed", new ObjectDisposedException("client"), "cancelled" },
        { "scope-timeout", new InstanceManagerTimeoutException("polling timed out", "Create", "scope-timeout", TimeSpan.FromMinutes(1)), "timeout" },
        { "scope-failed", new InstanceOperationFailedException("creation failed", "Create", new ManagedInstance { TenantId = "scope-failed" }), "failed" },
        { "scope-error", new InvalidOperationException("something else"), "error" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void AFailure_IsReportedWithItsOutcome_AndTheErrorOnTheActivity(string tenant, Exception exception, string outcome)
    {
        var call = CallContext.ForTenant("Create", tenant, _clock);
        using (var scope = new OperationScope(_metrics, _clock, call, "instance-manager"))
        {
            _clock.Advance(TimeSpan.FromSeconds(2));
            scope.Failed(exception);
        }

        var duration = Assert.Single(_measurements, measurement => measurement.Instrument == InstanceManagerTelemetry.OperationDuration);
        Assert.Equal(2, duration.Value);
        Assert.Equal(("Create", "instance-manager", outcome), ((string?)duration.Tags[InstanceManagerTelemetry.OperationTag], (string?)duration.Tags[InstanceManagerTelemetry.BackendTag], (string?)duration.Tags[InstanceManagerTelemetry.OutcomeTag]));
        var activity = Assert.Single(_activities, activity => (string?)activity.GetTagItem(InstanceManagerTelemetry.TenantTag) == tenant);
        Assert.Equal("InstanceManager Create", activity.DisplayName);
        Assert.Equal(ActivityStatusCode.Error, activity.Status);
        Assert.Equal(exception.Message, activity.StatusDescription);
        Assert.Equal(exception.GetType().FullName, activity.GetTagItem("error.type"));
        Assert.Equal(outcome, activity.GetTagItem(InstanceManagerTelemetry.OutcomeTag));
        Assert.Equal("instance-manager", activity.GetTagItem(InstanceManagerTelemetry.BackendTag));
        Assert.Null(activity.GetTagItem("http.response.status_code"));
    }

    [Fact]
    public void AServiceError_PutsItsStatusCodeOnTheActivity()
    {
        var call = CallContext.ForTenant("Get", "scope-status", _clock);
        using (var scope = new OperationScope(_metrics, _clock, call, "service-manager"))
        {
            scope.Failed(new InstanceManagerException("refused", "Get", "scope-status", 403));
        }

        var activity = Assert.Single(_activities, activity => (string?)activity.GetTagItem(InstanceManagerTelemetry.TenantTag) == "scope-status");
        Assert.Equal(403, activity.GetTagItem("http.response.status_code"));
    }

    [Fact]
    public void AScopeEndedWithoutAnOutcome_CountsAsAnError_AndLeavesNoOperationActive()
    {
        var call = CallContext.ForTenant("Delete", "scope-none", _clock);
        using (new OperationScope(_metrics, _clock, call, "instance-manager"))
        {
            Assert.Equal(1, _measurements.Where(measurement => measurement.Instrument == InstanceManagerTelemetry.ActiveOperations).Sum(measurement => measurement.Value));
        }

        Assert.Equal("error", Assert.Single(_measurements, measurement => measurement.Instrument == InstanceManagerTelemetry.OperationDuration).Tags[InstanceManagerTelemetry.OutcomeTag]);
        Assert.Equal(0, _measurements.Where(measurement => measurement.Instrument == InstanceManagerTelemetry.ActiveOperations).Sum(measurement => measurement.Value));
        Assert.All(
            _measurements.Where(measurement => measurement.Instrument == InstanceManagerTelemetry.ActiveOperations),
            measurement => Assert.Equal("Delete", measurement.Tags[InstanceManagerTelemetry.OperationTag]));
        Assert.Equal("error", Assert.Single(_activities, activity => (string?)activity.GetTagItem(InstanceManagerTelemetry.TenantTag) == "scope-none").GetTagItem(InstanceManagerTelemetry.OutcomeTag));
    }

    [Fact]
    public void ASuccess_IsReportedWithItsOutcome_AndNoError()
    {
        var call = CallContext.ForTenant("Get", "scope-success", _clock);
        using (var scope = new OperationScope(_metrics, _clock, call, "instance-manager"))
        {
            scope.Succeeded(OperationScope.NotFound);
        }

        Assert.Equal("not_found", Assert.Single(_measurements, measurement => measurement.Instrument == InstanceManagerTelemetry.OperationDuration).Tags[InstanceManagerTelemetry.OutcomeTag]);
        var activity = Assert.Single(_activities, activity => (string?)activity.GetTagItem(InstanceManagerTelemetry.TenantTag) == "scope-success");
        Assert.Equal(ActivityStatusCode.Unset, activity.Status);
        Assert.Equal("Get", activity.GetTagItem(InstanceManagerTelemetry.OperationTag));
    }

    private static Dictionary<string, object?> Tags(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var result = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            result[tag.Key] = tag.Value;
        }

        return result;
    }
}
