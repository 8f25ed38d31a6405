using Spectre.Console;

namespace InstanceManager.Cli;

/// <summary>What a run of the tool is given by its caller: the two output streams, the environment and the clock.</summary>
/// <param name="Stdout">Results: tables, JSON, progress.</param>
/// <param name="Stderr">Errors, one line each.</param>
/// <param name="Environment">The environment variables the bindings are read from.</param>
/// <param name="Time">The clock of the client's polling (and of the emulator started by <c>--emulator</c>).</param>
internal sealed record CliContext(IAnsiConsole Stdout, IAnsiConsole Stderr, IReadOnlyDictionary<string, string?> Environment, TimeProvider Time)
{
    /// <summary>Whether stdout is a terminal: live progress then, else one plain line per tenant.</summary>
    public bool IsTerminal => Stdout.Profile.Capabilities.Interactive;
}
