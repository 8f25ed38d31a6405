using Spectre.Console;

namespace InstanceManager.Cli.Output;

/// <summary>
/// Plain lines written as they are, bypassing Spectre's markup and wrapping: JSON, the one-line-per-tenant progress
/// of redirected output, and error messages must never be cut at the console's width.
/// </summary>
internal static class ConsoleLines
{
    private static readonly Lock Gate = new();

    public static void WriteLine(IAnsiConsole console, string line)
    {
        lock (Gate)
        {
            console.Profile.Out.Writer.WriteLine(line);
            console.Profile.Out.Writer.Flush();
        }
    }

    /// <summary>The plain progress line of one tenant: <c>&lt;tenant&gt; &lt;outcome&gt; [error]</c>.</summary>
    public static void WriteTenant(IAnsiConsole console, string tenant, string outcome, string? error = null) =>
        WriteLine(console, error is null ? $"{tenant} {outcome}" : $"{tenant} {outcome} {OneLine(error)}");

    /// <summary>A message on one line (a service's description may span several).</summary>
    public static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
