using InstanceManager.Reconciliation;

namespace InstanceManager.Cli.Output;

/// <summary>How many tenants ended in each outcome so far, as the live progress shows them: <c>created 3 · failed 1</c>.</summary>
internal sealed class OutcomeCounts(bool dryRun)
{
    private readonly int[] _counts = new int[Enum.GetValues<ReconciliationOutcome>().Length];

    public void Add(ReconciliationOutcome outcome) => _counts[(int)outcome]++;

    public override string ToString() =>
        string.Join(
            " · ",
            Enum.GetValues<ReconciliationOutcome>()
                .Where(outcome => _counts[(int)outcome] > 0)
                .Select(outcome => $"{OutcomeNames.Of(outcome, dryRun)} {_counts[(int)outcome]}"));
}
