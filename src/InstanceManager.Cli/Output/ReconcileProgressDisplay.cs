using InstanceManager.Reconciliation;
using Spectre.Console;

namespace InstanceManager.Cli.Output;

/// <summary>
/// The progress of <c>reconcile</c>: a live bar with the counts of each outcome when stdout is a terminal, one plain
/// line per tenant (<c>&lt;tenant&gt; &lt;outcome&gt; [error]</c>) when it is redirected, nothing with <c>--json</c>.
/// </summary>
internal static class ReconcileProgressDisplay
{
    public static Task<ReconciliationReport> RunAsync(CliContext context, bool quiet, bool dryRun, Func<IProgress<ReconciliationProgress>?, Task<ReconciliationReport>> run)
    {
        if (quiet)
        {
            return run(null);
        }

        if (!context.IsTerminal)
        {
            return run(new ImmediateProgress<ReconciliationProgress>(step => ConsoleLines.WriteTenant(context.Stdout, step.TenantId, OutcomeNames.Of(step.Outcome, dryRun), step.Error)));
        }

        return context.Stdout.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async live =>
            {
                var task = live.AddTask("reading the tenants' state", maxValue: 1);
                task.IsIndeterminate = true;
                var counts = new OutcomeCounts(dryRun);
                var report = await run(new ImmediateProgress<ReconciliationProgress>(step =>
                {
                    counts.Add(step.Outcome);
                    task.IsIndeterminate = false;
                    task.MaxValue = Math.Max(step.Total, 1);
                    task.Value = step.Completed;
                    task.Description = $"{step.Completed}/{step.Total} {counts}";
                }));
                task.IsIndeterminate = false;
                task.Value = task.MaxValue;
                task.StopTask();
                return report;
            });
    }
}
