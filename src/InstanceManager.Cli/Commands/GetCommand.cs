using System.ComponentModel;
using System.Text.Json;
using InstanceManager.Cli.Connection;
using InstanceManager.Cli.Output;
using Spectre.Console;
using Spectre.Console.Cli;

namespace InstanceManager.Cli.Commands;

/// <summary><c>get &lt;tenant&gt; [--json] [--show-credentials]</c>: one tenant's instance, its credentials masked unless asked for.</summary>
internal sealed class GetCommand(CliContext context) : AsyncCommand<GetCommand.Settings>
{
    internal sealed class Settings : ConnectionSettings
    {
        [CommandArgument(0, "<tenant>")]
        [Description("The tenant id.")]
        public string Tenant { get; set; } = string.Empty;

        [CommandOption("--json")]
        [Description("One JSON object: tenant, status, created, updated, failedMessage, credentials.")]
        public bool Json { get; set; }

        [CommandOption("--show-credentials")]
        [Description("Print the credential values (secrets!); without it every value is ***.")]
        public bool ShowCredentials { get; set; }
    }

    public override async Task<int> ExecuteAsync(CommandContext commandContext, Settings settings, CancellationToken cancellationToken)
    {
        await using var connection = await InstanceManagerConnection.OpenAsync(settings, context, cancellationToken);
        var instance = await connection.Client.GetAsync(settings.Tenant, cancellationToken)
            ?? throw new NoInstanceException(settings.Tenant);

        var details = InstanceView.Details(instance, settings.ShowCredentials);
        if (settings.Json)
        {
            ConsoleLines.WriteLine(context.Stdout, JsonSerializer.Serialize(details, CliJsonContext.Output.InstanceDetails));
            return ExitCodes.Success;
        }

        var table = new Table().HideHeaders().AddColumns("Field", "Value");
        table.AddRow(new Text("Tenant"), new Text(details.Tenant));
        table.AddRow(new Text("Status"), new Text(details.Status));
        table.AddRow(new Text("Created"), new Text(details.Created ?? "-"));
        table.AddRow(new Text("Updated"), new Text(details.Updated ?? "-"));
        if (details.FailedMessage is { } failed)
        {
            table.AddRow(new Text("Failed"), new Text(failed));
        }

        foreach (var (key, value) in details.Credentials ?? new Dictionary<string, JsonElement>())
        {
            table.AddRow(new Text($"credentials.{key}"), new Text(InstanceView.Text(value)));
        }

        context.Stdout.Write(table);
        return ExitCodes.Success;
    }
}
