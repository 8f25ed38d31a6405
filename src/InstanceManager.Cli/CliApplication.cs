using InstanceManager.Cli.Commands;
using InstanceManager.Cli.Output;
using Microsoft.Extensions.Options;
using Spectre.Console.Cli;

namespace InstanceManager.Cli;

/// <summary>The tool: parses the command line, runs the command and turns every failure into one line on stderr and an exit code.</summary>
internal static class CliApplication
{
    /// <summary>Runs the tool as <c>Main</c> does, with the streams, environment and clock given.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="context">The output streams, the environment the bindings are read from, and the clock.</param>
    /// <param name="cancellationToken">Ctrl+C: stops the command; the exit code is then <see cref="ExitCodes.Cancelled"/>.</param>
    /// <returns>The exit code (<see cref="ExitCodes"/>).</returns>
    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken)
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("instance-manager");
            config.ConfigureConsole(context.Stdout);
            config.PropagateExceptions();
            config.Settings.StrictParsing = true;
            config.Settings.CancellationExitCode = ExitCodes.Cancelled;
            config.Settings.Registrar.RegisterInstance(context);
            config.AddCommand<ListCommand>("list")
                .WithDescription("List every tenant's instance: tenant, status, created, updated.")
                .WithExample("list")
                .WithExample("list", "--json");
            config.AddCommand<GetCommand>("get")
                .WithDescription("Show one tenant's instance; credential values are masked (***) unless --show-credentials.")
                .WithExample("get", "acme")
                .WithExample("get", "acme", "--json", "--show-credentials");
            config.AddCommand<CreateCommand>("create")
                .WithDescription("Create a tenant's instance and wait until it is usable.")
                .WithExample("create", "acme", "--parameters", "parameters.json");
            config.AddCommand<DeleteCommand>("delete")
                .WithDescription("Delete a tenant's instance and wait until it is gone.")
                .WithExample("delete", "acme");
            config.AddCommand<ReconcileCommand>("reconcile")
                .WithDescription("Converge the instances to the tenants of a file: create what is missing, heal what failed, report (or delete) orphans.")
                .WithExample("reconcile", "--tenants", "tenants.txt", "--dry-run")
                .WithExample("reconcile", "--tenants", "tenants.txt", "--delete-orphans", "--max-deletions", "10", "--json");
        });

        try
        {
            if (args.Length == 0)
            {
                // The help, but a command line without a command is a usage error for scripts.
                await app.RunAsync(["--help"], cancellationToken);
                return ExitCodes.Usage;
            }

            return await app.RunAsync(args, cancellationToken);
        }
        catch (Exception exception)
        {
            var (exitCode, message) = Classify(exception, cancellationToken);
            ConsoleLines.WriteLine(context.Stderr, $"Error: {ConsoleLines.OneLine(message)}");
            if (args.Contains("--verbose", StringComparer.Ordinal) && exitCode != ExitCodes.Cancelled)
            {
                ConsoleLines.WriteLine(context.Stderr, exception.ToString());
            }

            return exitCode;
        }
    }

    private static (int ExitCode, string Message) Classify(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        OperationCanceledException when cancellationToken.IsCancellationRequested => (ExitCodes.Cancelled, "cancelled."),
        CommandAppException => (ExitCodes.Usage, exception.Message),
        UsageException or ServiceBindingException or OptionsValidationException => (ExitCodes.Usage, exception.Message),
        // An invalid tenant id, refused before any request.
        ArgumentException => (ExitCodes.Usage, exception.Message),
        InstanceManagerException or NoInstanceException => (ExitCodes.Failed, exception.Message),
        _ => (ExitCodes.Failed, $"{exception.GetType().Name}: {exception.Message}"),
    };
}
