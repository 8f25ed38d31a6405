using System.Collections;
using InstanceManager.Cli;
using Spectre.Console;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, press) =>
{
    // The first Ctrl+C stops the command cleanly; a second one ends the process at once.
    press.Cancel = !cancellation.IsCancellationRequested;
    cancellation.Cancel();
};

var stdout = AnsiConsole.Create(new AnsiConsoleSettings
{
    Out = new AnsiConsoleOutput(Console.Out),
    Interactive = Console.IsOutputRedirected ? InteractionSupport.No : InteractionSupport.Yes,
});
if (Console.IsOutputRedirected)
{
    // A file or a pipe has no width: tables are not wrapped at 80 columns there.
    stdout.Profile.Width = 512;
}

var stderr = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error), Interactive = InteractionSupport.No });
var environment = Environment.GetEnvironmentVariables()
    .Cast<DictionaryEntry>()
    .ToDictionary(variable => (string)variable.Key, variable => (string?)variable.Value, StringComparer.Ordinal);

return await CliApplication.RunAsync(args, new CliContext(stdout, stderr, environment, TimeProvider.System), cancellation.Token);
