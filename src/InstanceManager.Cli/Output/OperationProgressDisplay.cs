using Spectre.Console;

namespace InstanceManager.Cli.Output;

/// <summary>
/// The progress of a create or delete, which waits until the service finished: a live bar while it runs when stdout
/// is a terminal, else one plain line when it is done (<c>&lt;tenant&gt; &lt;outcome&gt;</c>).
/// </summary>
internal static class OperationProgressDisplay
{
    /// <param name="context">Where to show it.</param>
    /// <param name="tenant">The tenant.</param>
    /// <param name="running">What is being done, for example <c>creating</c>.</param>
    /// <param name="done">The outcome when it succeeded, for example <c>created</c>.</param>
    /// <param name="operation">The operation; its exception ends the display and is thrown.</param>
    public static async Task RunAsync(CliContext context, string tenant, string running, string done, Func<Task> operation)
    {
        if (!context.IsTerminal)
        {
            await operation();
            ConsoleLines.WriteTenant(context.Stdout, tenant, done);
            return;
        }

        await context.Stdout.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new ElapsedTimeColumn())
            .StartAsync(async live =>
            {
                var task = live.AddTask(Markup.Escape($"{running} {tenant}"), maxValue: 1);
                task.IsIndeterminate = true;
                await operation();
                task.IsIndeterminate = false;
                task.Description = Markup.Escape($"{tenant} {done}");
                task.Value = 1;
                task.StopTask();
            });
    }
}
