using System.ComponentModel;
using InstanceManager.Cli.Connection;
using InstanceManager.Cli.Input;
using InstanceManager.Cli.Output;
using Spectre.Console.Cli;

namespace InstanceManager.Cli.Commands;

/// <summary><c>create &lt;tenant&gt; [--parameters &lt;file.json&gt;]</c>: creates the tenant's instance and waits until it is usable.</summary>
internal sealed class CreateCommand(CliContext context) : AsyncCommand<CreateCommand.Settings>
{
    internal sealed class Settings : ConnectionSettings
    {
        [CommandArgument(0, "<tenant>")]
        [Description("The tenant id.")]
        public string Tenant { get; set; } = string.Empty;

        [CommandOption("--parameters <FILE>")]
        [Description("A JSON file {\"provisioning_parameters\": {…}, \"binding_parameters\": {…}} (each optional).")]
        public string? Parameters { get; set; }
    }

    public override async Task<int> ExecuteAsync(CommandContext commandContext, Settings settings, CancellationToken cancellationToken)
    {
        var parameters = settings.Parameters is null ? null : await ParametersFile.ReadAsync(settings.Parameters, cancellationToken);
        await using var connection = await InstanceManagerConnection.OpenAsync(settings, context, cancellationToken);
        var client = connection.Client;
        await OperationProgressDisplay.RunAsync(context, settings.Tenant, "creating", "created", () => client.CreateAsync(settings.Tenant, parameters, cancellationToken));
        return ExitCodes.Success;
    }
}
