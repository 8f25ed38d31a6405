using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text;
using InstanceManager.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace InstanceManager.Tests.Hardening;

public sealed class TelemetryTests : IDisposable
{
    private const string Tenant = "telemetry-tenant";
    private const string BrokenTenant = "telemetry-broken-tenant";

    // The activity listener hears every test running in the process: each test's activities are told apart by tenant.
    private const string CorrelatedTenant = "telemetry-correlated-tenant";

    private readonly LogCapture _logs = new();
    private readonly ConcurrentQueue<Activity> _activities = new();
    private readonly ConcurrentQueue<(string Instrument, double Value, KeyValuePair<string, object?>[] Tags)> _measurements = new();
    private readonly ActivityListener _activityListener;
    private readonly MeterListener _meterListener = new();
    private readonly ImServer _im;

    public TelemetryTests()
    {
        _activityListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is InstanceManagerTelemetry.Name or "System.Net.Http",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _activities.Enqueue,
        };
        ActivitySource.AddActivityListener(_activityListener);
        _im = new ImServer(configureServices: services =>
        {
            services.AddLogging(logging => logging.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));
            services.AddMetrics();
        });
        var meterFactory = _im.Services.GetRequiredService<IMeterFactory>();
        _meterListener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == InstanceManagerTelemetry.Name && ReferenceEquals(instrument.Meter.Scope, meterFactory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meterListener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => _measurements.Enqueue((instrument.Name, value, tags.ToArray())));
        _meterListener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => _measurements.Enqueue((instrument.Name, value, tags.ToArray())));
        _meterListener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => _measurements.Enqueue((instrument.Name, value, tags.ToArray())));
        _meterListener.Start();
    }

    public void Dispose()
    {
        _meterListener.Dispose();
        _activityListener.Dispose();
        _im.Dispose();
    }

    [Fact]
    public async Task FullLifecycle_WithKnownSecrets_NoLogActivityOrMetricContainsThem()
    {
        await RunLifecycleAsync();

        var basicHeader = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ImServer.User}:{ImServer.Password}"));
        var texts = _logs.Entries.Select(entry => entry.Text)
            .Concat(_activities.SelectMany(activity => activity.TagObjects.Select(tag => $"{tag.Key}={tag.Value}").Append(activity.StatusDescription ?? "").Append(activity.DisplayName)))
            .Concat(_measurements.SelectMany(measurement => measurement.Tags.Select(tag => $"{tag.Key}={tag.Value}")))
            .ToList();
        Assert.NotEmpty(_logs.Entries);
        foreach (var secret in new[] { ImServer.Password, InstanceJson.InstancePassword, basicHeader })
        {
            Assert.DoesNotContain(texts, text => text.Contains(secret, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task FullLifecycle_EmitsOneActivityPerOperationWithOutcome()
    {
        await RunLifecycleAsync();

        var ours = _activities.Where(activity => activity.Source.Name == InstanceManagerTelemetry.Name && activity.GetTagItem(InstanceManagerTelemetry.TenantTag) is Tenant or BrokenTenant).ToList();
        Assert.Equal(
            ["InstanceManager Create", "InstanceManager Delete", "InstanceManager Get"],
            ours.Select(activity => activity.DisplayName).Order().ToArray());
        Assert.All(ours, activity => Assert.Equal("instance-manager", activity.GetTagItem(InstanceManagerTelemetry.BackendTag)));
        var get = ours.Single(activity => activity.DisplayName == "InstanceManager Get");
        Assert.Equal(ActivityStatusCode.Error, get.Status);
        Assert.Equal("error", get.GetTagItem(InstanceManagerTelemetry.OutcomeTag));
        Assert.Equal(500, get.GetTagItem("http.response.status_code"));
        var create = ours.Single(activity => activity.DisplayName == "InstanceManager Create");
        Assert.Equal("success", create.GetTagItem(InstanceManagerTelemetry.OutcomeTag));
        Assert.Equal(2, create.GetTagItem(InstanceManagerTelemetry.PollsTag));
        // The HTTP requests are children of the operation that made them.
        Assert.Contains(_activities, activity => activity.Source.Name == "System.Net.Http" && activity.ParentSpanId == create.SpanId);
    }

    [Fact]
    public async Task FullLifecycle_RecordsMetricsWithoutTenantTags()
    {
        await RunLifecycleAsync();

        Assert.All(_measurements, measurement => Assert.DoesNotContain(measurement.Tags, tag => tag.Key == InstanceManagerTelemetry.TenantTag || Equals(tag.Value, Tenant)));
        var durations = _measurements.Where(measurement => measurement.Instrument == InstanceManagerTelemetry.OperationDuration).ToList();
        Assert.Equal(
            ["Create:success", "Delete:success", "Get:error", "GetAll:success"],
            durations.Select(measurement => $"{Tag(measurement.Tags, InstanceManagerTelemetry.OperationTag)}:{Tag(measurement.Tags, InstanceManagerTelemetry.OutcomeTag)}").Order().ToArray());
        Assert.Equal(1, Sum(InstanceManagerTelemetry.CacheHits));
        Assert.Equal(1, Sum(InstanceManagerTelemetry.CacheMisses));
        Assert.Equal(0, Sum(InstanceManagerTelemetry.ActiveOperations));
        Assert.Equal([2.0, 1.0], _measurements.Where(measurement => measurement.Instrument == InstanceManagerTelemetry.Polls).Select(measurement => measurement.Value).ToArray());
    }

    [Fact]
    public async Task EveryAnswer_IsLoggedAndItsCorrelationIdTagsTheOperation()
    {
        _im.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath(ImServer.TenantPath(CorrelatedTenant)).UsingGet())
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(404).WithHeader("X-Correlation-ID", "corr-404"));

        Assert.Null(await _im.Client.GetAsync(CorrelatedTenant));

        var answer = Assert.Single(_logs.Entries, entry => entry.EventId.Id == 1);
        Assert.Equal(LogLevel.Debug, answer.Level);
        Assert.StartsWith("InstanceManager.Http.ServiceHttp Get: GET answered 404.", answer.Text, StringComparison.Ordinal);
        var get = Assert.Single(_activities, activity => activity.Source.Name == InstanceManagerTelemetry.Name && Equals(activity.GetTagItem(InstanceManagerTelemetry.TenantTag), CorrelatedTenant));
        Assert.Equal("corr-404", get.GetTagItem(InstanceManagerTelemetry.CorrelationIdTag));
    }

    [Fact]
    public void PlainHttpToAnotherHost_WarnsOnce()
    {
        var logs = new LogCapture();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(logs));
        services.AddInstanceManager(options => ImServer.Fill(options, "http://im.example.invalid"));
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IInstanceManagerClient>();

        var warning = Assert.Single(logs.Entries, entry => entry.EventId.Id == 13);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("im.example.invalid", warning.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void PlainHttpToLoopback_DoesNotWarn()
    {
        Assert.DoesNotContain(_logs.Entries, entry => entry.EventId.Id == 13);
        Assert.NotNull(_im.Client);
    }

    private async Task RunLifecycleAsync()
    {
        _im.Answer("POST", ImServer.TenantPath(Tenant), 201);
        _im.GetAnswers(
            Tenant,
            (200, InstanceJson.Instance(Tenant, "CREATION_IN_PROGRESS")),
            (200, InstanceJson.Instance(Tenant, "CREATION_SUCCEEDED")),
            (404, ""));
        _im.Answer("GET", ImServer.BasePath, 200, InstanceJson.List(InstanceJson.Node(Tenant, "CREATION_SUCCEEDED")));
        _im.Answer("DELETE", ImServer.TenantPath(Tenant), 204);
        _im.GetAnswers(BrokenTenant, (500, """{"description":"database unavailable"}"""));

        await _im.Clock.RunAsync(_im.Client.CreateAsync(Tenant));
        await _im.Client.GetAsync(Tenant);
        await _im.Client.GetAllAsync();
        await _im.Clock.RunAsync(_im.Client.DeleteAsync(Tenant));
        await Assert.ThrowsAsync<InstanceManagerException>(() => _im.Clock.RunAsync(_im.Client.GetAsync(BrokenTenant).AsTask()));
    }

    private static object? Tag(KeyValuePair<string, object?>[] tags, string key) => tags.Single(tag => tag.Key == key).Value;

    private double Sum(string instrument) => _measurements.Where(measurement => measurement.Instrument == instrument).Sum(measurement => measurement.Value);
}
