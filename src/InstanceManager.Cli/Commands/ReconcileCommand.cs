using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using InstanceManager.Cli.Connection;
using InstanceManager.Cli.Input;
using InstanceManager.Cli.Output;
using InstanceManager.Reconciliation;
using Spectre.Console;
using Spectre.Console.Cli;

namespace InstanceManager.Cli.Commands;

/// <summary>
/// <c>reconcile --tenants &lt;file&gt; [--dry-run] [--delete-orphans] [--max-deletions N] [--concurrency N] [--json]</c>:
/// converges the tenants' instances to the tenants of the file with <see cref="TenantReconciler"/>.
/// </summary>
internal sealed class ReconcileCommand(CliContext context) : AsyncCommand<ReconcileCommand.Settings>
{
    internal sealed class Settings : ConnectionSettings
    {
        [CommandOption("--tenants <FILE>")]
        [Description("The desired tenants: one tenant id per line; blank lines and lines starting with # are ignored.")]
        public string? Tenants { get; set; }

        [CommandOption("--dry-run")]
        [Description("Compute and print what would be done, without changing anything.")]
        public bool DryRun { get; set; }

        [CommandOption("--delete-orphans")]
        [Description("Delete the instances of tenants that are not in the file (at most --max-deletions); without it they are only reported.")]
        public bool DeleteOrphans { get; set; }

        [CommandOption("--max-deletions <N>")]
        [Description("The most orphans one run deletes, 0 to 10000 (default 5). Required to delete orphans with an empty tenants file.")]
        public string? MaxDeletions { get; set; }

        [CommandOption("--concurrency <N>")]
        [Description("How many tenants are worked on at the same time, 1 to 256 (default 4).")]
        public string? Concurrency { get; set; }

        /// <summary><see cref="MaxDeletions"/> as a number, once <see cref="Validate"/> accepted it.</summary>
        public int? MaxDeletionsValue => Number(MaxDeletions);

        /// <summary><see cref="Concurrency"/> as a number, once <see cref="Validate"/> accepted it.</summary>
        public int? ConcurrencyValue => Number(Concurrency);

        [CommandOption("--json")]
        [Description("Print the report as one JSON object (created, healed, repaired, deleted, orphans, failed, unchanged), without progress.")]
        public bool Json { get; set; }

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Tenants))
            {
                return ValidationResult.Error("--tenants <FILE> is required: the file of desired tenants, one tenant id per line.");
            }

            return Range("--max-deletions", MaxDeletions, 0, 10_000) ?? Range("--concurrency", Concurrency, 1, 256) ?? ValidationResult.Success();
        }

        private static ValidationResult? Range(string option, string? value, int min, int max) =>
            value is null || (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max)
                ? null
                : ValidationResult.Error($"{option} must be a whole number from {min} to {max} (got '{value}').");

        private static int? Number(string? value) => value is null ? null : int.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
    }

    public override async Task<int> ExecuteAsync(CommandContext commandContext, Settings settings, CancellationToken cancellationToken)
    {
        var tenants = await TenantsFile.ReadAsync(settings.Tenants!, cancellationToken);
        if (tenants.Count == 0 && settings.DeleteOrphans && settings.MaxDeletionsValue is null)
        {
            throw new UsageException($"The tenants file '{settings.Tenants}' lists no tenant: with --delete-orphans every instance would be an orphan to delete. Give --max-deletions explicitly to allow it.");
        }

        var options = new ReconciliationOptions { DryRun = settings.DryRun, DeleteOrphans = settings.DeleteOrphans };
        if (settings.MaxDeletionsValue is { } maxDeletions)
        {
            options.MaxDeletions = maxDeletions;
        }

        if (settings.ConcurrencyValue is { } concurrency)
        {
            options.MaxConcurrency = concurrency;
        }

        await using var connection = await InstanceManagerConnection.OpenAsync(settings, context, cancellationToken);
        var reconciler = connection.Reconciler;
        var report = await ReconcileProgressDisplay.RunAsync(context, settings.Json, settings.DryRun, progress => reconciler.ReconcileAsync(tenants, options, progress, cancellationToken));
        if (settings.Json)
        {
            ConsoleLines.WriteLine(context.Stdout, JsonSerializer.Serialize(ReconcileDocument.From(report), CliJsonContext.Output.ReconcileDocument));
        }
        else
        {
            WriteSummary(report);
        }

        return report.Converged ? ExitCodes.Success : ExitCodes.Failed;
    }

    private void WriteSummary(ReconciliationReport report)
    {
        var table = new Table().AddColumns("Outcome", "Tenants", "Which");
        table.Title = new TableTitle(report.IsDryRun ? "Dry run: nothing was changed; what a run would do" : "Reconciliation");
        AddRow(table, report.IsDryRun ? "to create" : "created", report.Created);
        AddRow(table, report.IsDryRun ? "to heal" : "healed", report.Healed);
        AddRow(table, report.IsDryRun ? "to repair" : "repaired", report.Repaired);
        AddRow(table, report.IsDryRun ? "to delete" : "deleted", report.Deleted);
        AddRow(table, "orphans left", report.Orphans);
        AddRow(table, "failed", [.. report.Failed.Select(failure => failure.TenantId)]);
        table.AddRow(new Text("unchanged"), new Text(report.Unchanged.ToString(CultureInfo.InvariantCulture)), new Text(string.Empty));
        context.Stdout.Write(table);
        foreach (var failure in report.Failed)
        {
            ConsoleLines.WriteLine(context.Stdout, $"failed: {failure.TenantId}: {ConsoleLines.OneLine(failure.Error)}");
        }

        var verdict = report.Converged
            ? "Converged."
            : report.DeletionsCapped > 0
                ? $"Not converged: {report.Failed.Count} failed, {report.DeletionsCapped} orphans left by --max-deletions."
                : $"Not converged: {report.Failed.Count} failed.";
        ConsoleLines.WriteLine(context.Stdout, $"{verdict} ({report.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s)");
    }

    /// <summary>A row with the count and the first tenants (a fleet's worth would not fit a terminal).</summary>
    private static void AddRow(Table table, string outcome, IReadOnlyList<string> tenants)
    {
        const int Shown = 10;
        var which = string.Join(", ", tenants.Take(Shown)) + (tenants.Count > Shown ? $", … ({tenants.Count - Shown} more)" : string.Empty);
        table.AddRow(new Text(outcome), new Text(tenants.Count.ToString(CultureInfo.InvariantCulture)), new Text(which));
    }
}
