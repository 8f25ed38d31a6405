using System.Diagnostics;
using InstanceManager.Calls;

namespace InstanceManager.Diagnostics;

/// <summary>
/// The telemetry of one call that reached the backend: an activity, the in-flight gauge and, when it ends, the
/// duration histogram tagged with operation, backend and outcome. Cache hits never create one (they only count).
/// </summary>
internal sealed class OperationScope : IDisposable
{
    public const string Success = "success";
    public const string NotFound = "not_found";

    private readonly InstanceManagerMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly string _operation;
    private readonly string _backend;
    private readonly long _startedAt;
    private readonly Activity? _activity;
    private string _outcome = "error";

    public OperationScope(InstanceManagerMetrics metrics, TimeProvider timeProvider, CallContext call, string backend)
    {
        var operation = call.Operation;
        _metrics = metrics;
        _timeProvider = timeProvider;
        _operation = operation;
        _backend = backend;
        _startedAt = call.StartedAt;
        _metrics.ActiveOperations.Add(1, new KeyValuePair<string, object?>(InstanceManagerTelemetry.OperationTag, operation));
        // Without a listener no activity is created; checked first so that its name is not built for nothing.
        _activity = InstanceManagerTelemetry.ActivitySource.HasListeners()
            ? InstanceManagerTelemetry.ActivitySource.StartActivity("InstanceManager " + operation, ActivityKind.Internal)
            : null;
        if (_activity is { IsAllDataRequested: true })
        {
            _activity.SetTag(InstanceManagerTelemetry.OperationTag, operation);
            _activity.SetTag(InstanceManagerTelemetry.BackendTag, backend);
            _activity.SetTag(InstanceManagerTelemetry.TenantTag, call.TenantId);
        }
    }

    public void Succeeded(string outcome = Success) => _outcome = outcome;

    public void Failed(Exception exception)
    {
        _outcome = exception switch
        {
            OperationCanceledException or ObjectDisposedException => "cancelled",
            InstanceManagerTimeoutException => "timeout",
            InstanceOperationFailedException => "failed",
            _ => "error",
        };
        if (_activity is not null)
        {
            // Exception messages of this library never contain secrets; see Calls/ServiceErrors.
            _activity.SetStatus(ActivityStatusCode.Error, exception.Message);
            _activity.SetTag("error.type", exception.GetType().FullName);
            if (exception is InstanceManagerException { StatusCode: { } status })
            {
                _activity.SetTag("http.response.status_code", status);
            }
        }
    }

    public void Dispose()
    {
        var tags = new TagList
        {
            { InstanceManagerTelemetry.OperationTag, _operation },
            { InstanceManagerTelemetry.BackendTag, _backend },
            { InstanceManagerTelemetry.OutcomeTag, _outcome },
        };
        _metrics.OperationDuration.Record(_timeProvider.GetElapsedTime(_startedAt).TotalSeconds, tags);
        _metrics.ActiveOperations.Add(-1, new KeyValuePair<string, object?>(InstanceManagerTelemetry.OperationTag, _operation));
        if (_activity is not null)
        {
            _activity.SetTag(InstanceManagerTelemetry.OutcomeTag, _outcome);
            _activity.Dispose();
        }
    }
}
