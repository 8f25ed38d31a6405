using System.ComponentModel;
using InstanceManager.Cli.Connection;
using InstanceManager.Cli.Output;
using Spectre.Console.Cli;

namespace InstanceManager.Cli.Commands;

/// <summary><c>delete &lt;tenant&gt;</c>: deletes the tenant's instance and waits until it is gone.</summary>
internal sealed class DeleteCommand(CliContext context) : AsyncCommand<DeleteCommand.Settings>
{
    internal sealed class Settings : ConnectionSettings
    {
        [CommandArgument(0, "<tenant>")]
        [Description("The tenant id.")]
        public string Tenant { get; set; } = string.Empty;
    }

    public override async Task<int> ExecuteAsync(CommandContext commandContext, Settings settings, CancellationToken cancellationToken)
    {
        await using var connection = await InstanceManagerConnection.OpenAsync(settings, context, cancellationToken);
        var client = connection.Client;
        await OperationProgressDisplay.RunAsync(context, settings.Tenant, "deleting", "deleted", async () =>
        {
            if (!await client.DeleteIfExistsAsync(settings.Tenant, cancellationToken))
            {
                throw new NoInstanceException(settings.Tenant);
            }
        });
        return ExitCodes.Success;
    }
}
