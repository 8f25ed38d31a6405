using System.ComponentModel;
using System.Text.Json;
using InstanceManager.Cli.Connection;
using InstanceManager.Cli.Output;
using Spectre.Console;
using Spectre.Console.Cli;

namespace InstanceManager.Cli.Commands;

/// <summary><c>list [--json]</c>: every tenant's instance, as a table or as JSON lines.</summary>
internal sealed class ListCommand(CliContext context) : AsyncCommand<ListCommand.Settings>
{
    internal sealed class Settings : ConnectionSettings
    {
        [CommandOption("--json")]
        [Description("One JSON object per instance and line: tenant, status, created, updated.")]
        public bool Json { get; set; }
    }

    public override async Task<int> ExecuteAsync(CommandContext commandContext, Settings settings, CancellationToken cancellationToken)
    {
        await using var connection = await InstanceManagerConnection.OpenAsync(settings, context, cancellationToken);
        var instances = await connection.Client.GetAllAsync(cancellationToken);
        var summaries = instances.Select(InstanceView.Summary).OrderBy(summary => summary.Tenant, StringComparer.Ordinal).ToList();
        if (settings.Json)
        {
            foreach (var summary in summaries)
            {
                ConsoleLines.WriteLine(context.Stdout, JsonSerializer.Serialize(summary, CliJsonContext.Output.InstanceSummary));
            }

            return ExitCodes.Success;
        }

        var table = new Table().AddColumns(
            new TableColumn("Tenant"),
            new TableColumn("Status").NoWrap(),
            new TableColumn("Created").NoWrap(),
            new TableColumn("Updated").NoWrap());
        foreach (var summary in summaries)
        {
            table.AddRow(new Text(summary.Tenant), new Text(summary.Status), new Text(summary.Created ?? "-"), new Text(summary.Updated ?? "-"));
        }

        table.Caption = new TableTitle($"{summaries.Count} instance{(summaries.Count == 1 ? string.Empty : "s")}");
        context.Stdout.Write(table);
        return ExitCodes.Success;
    }
}
