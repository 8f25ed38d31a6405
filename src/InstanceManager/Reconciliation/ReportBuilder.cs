namespace InstanceManager.Reconciliation;

/// <summary>Collects the outcome of each tenant of a run, from several tasks at once, into a <see cref="ReconciliationReport"/>.</summary>
internal sealed class ReportBuilder(bool isDryRun)
{
    private readonly Lock _lock = new();
    private readonly List<string> _created = [];
    private readonly List<string> _healed = [];
    private readonly List<string> _repaired = [];
    private readonly List<string> _deleted = [];
    private readonly List<string> _orphans = [];
    private readonly List<ReconciliationFailure> _failed = [];
    private int _unchanged;
    private int _deletionsCapped;

    public void Add(string tenantId, ReconciliationOutcome outcome, string? error, bool capped = false)
    {
        lock (_lock)
        {
            switch (outcome)
            {
                case ReconciliationOutcome.Created: _created.Add(tenantId); break;
                case ReconciliationOutcome.Healed: _healed.Add(tenantId); break;
                case ReconciliationOutcome.Repaired: _repaired.Add(tenantId); break;
                case ReconciliationOutcome.Deleted: _deleted.Add(tenantId); break;
                case ReconciliationOutcome.OrphanLeft:
                    _orphans.Add(tenantId);
                    _deletionsCapped += capped ? 1 : 0;
                    break;
                case ReconciliationOutcome.Failed: _failed.Add(new ReconciliationFailure(tenantId, error ?? "failed.")); break;
                default: _unchanged++; break;
            }
        }
    }

    public ReconciliationReport Build(IReadOnlyList<ReconciliationStep> plan, TimeSpan duration)
    {
        lock (_lock)
        {
            return new ReconciliationReport
            {
                IsDryRun = isDryRun,
                Plan = plan,
                Created = Sorted(_created),
                Healed = Sorted(_healed),
                Repaired = Sorted(_repaired),
                Deleted = Sorted(_deleted),
                Orphans = Sorted(_orphans),
                Failed = [.. _failed.OrderBy(failure => failure.TenantId, StringComparer.Ordinal)],
                Unchanged = _unchanged,
                DeletionsCapped = _deletionsCapped,
                Duration = duration,
            };
        }
    }

    private static string[] Sorted(List<string> tenants) => [.. tenants.Order(StringComparer.Ordinal)];
}
