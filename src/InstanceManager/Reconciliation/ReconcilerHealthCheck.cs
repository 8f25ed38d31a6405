using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace InstanceManager.Reconciliation;

/// <summary>
/// Reports the periodic reconciliation's last run: healthy when it converged (or before the first run), the failure
/// status when tenants failed, orphans were left by the deletion cap, or the run could not read its tenants or their state.
/// </summary>
internal sealed class ReconcilerHealthCheck(ReconcilerStatus status) : IHealthCheck
{
    private const int NamedFailures = 5;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (status.Last is not { } last)
        {
            return Task.FromResult(HealthCheckResult.Healthy("No reconciliation has run yet."));
        }

        var at = last.At.ToString("o", System.Globalization.CultureInfo.InvariantCulture);
        if (last.Report is not { } report)
        {
            return Task.FromResult(new HealthCheckResult(context.Registration.FailureStatus, $"The reconciliation of {at} could not run: {last.Problem}"));
        }

        var data = new Dictionary<string, object>
        {
            ["at"] = at,
            ["created"] = report.Created.Count,
            ["healed"] = report.Healed.Count,
            ["repaired"] = report.Repaired.Count,
            ["deleted"] = report.Deleted.Count,
            ["orphans"] = report.Orphans.Count,
            ["unchanged"] = report.Unchanged,
            ["failed"] = report.Failed.Count,
        };
        if (report.Converged)
        {
            return Task.FromResult(HealthCheckResult.Healthy($"The reconciliation of {at} converged.", data));
        }

        var failures = string.Join("; ", report.Failed.Take(NamedFailures).Select(failure => $"{failure.TenantId}: {failure.Error}"));
        var more = report.Failed.Count > NamedFailures ? $" (and {report.Failed.Count - NamedFailures} more)" : string.Empty;
        var capped = report.DeletionsCapped > 0 ? $" {report.DeletionsCapped} orphan(s) left by the deletion cap." : string.Empty;
        return Task.FromResult(new HealthCheckResult(
            context.Registration.FailureStatus,
            $"The reconciliation of {at}: {report.Failed.Count} tenant(s) failed{(failures.Length > 0 ? $": {failures}{more}" : string.Empty)}.{capped}",
            data: data));
    }
}
