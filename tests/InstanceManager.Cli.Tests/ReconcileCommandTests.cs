using System.Text.Json.Nodes;

namespace InstanceManager.Cli.Tests;

public sealed class ReconcileCommandTests
{
    [Fact]
    public async Task Reconcile_Json_CreatesMissingTenantsAndReportsOrphans()
    {
        await using var cli = await CliHarness.StartAsync();
        await cli.RunAsync("create", "tenant-b");
        await cli.RunAsync("create", "old-1");
        var tenants = cli.File("# desired tenants", "tenant-a", "", "   ", "tenant-b", "  # indented comment");
        cli.Emulator.ClearRequestLog();

        var run = await cli.RunAsync("reconcile", "--tenants", tenants, "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var report = JsonNode.Parse(Assert.Single(run.StdoutLines))!.AsObject();
        Assert.Equal(["tenant-a"], Names(report["created"]));
        Assert.Empty(Names(report["healed"]));
        Assert.Empty(Names(report["repaired"]));
        Assert.Empty(Names(report["deleted"]));
        Assert.Equal(["old-1"], Names(report["orphans"]));
        Assert.Empty(report["failed"]!.AsArray());
        Assert.Equal(1, (int)report["unchanged"]!);
        Assert.False((bool)report["dryRun"]!);
        Assert.Equal(0, (int)report["deletionsCapped"]!);
        Assert.Equal(["old-1", "tenant-a", "tenant-b"], (await cli.InstancesAsync()).Keys.Order(StringComparer.Ordinal));
        Assert.Equal(1, cli.Requests("POST"));
        Assert.Equal(0, cli.Requests("DELETE"));
        Assert.Equal(string.Empty, run.Stderr);
    }

    [Fact]
    public async Task Reconcile_SecondRun_ChangesNothing()
    {
        await using var cli = await CliHarness.StartAsync();
        var tenants = cli.File("tenant-a", "tenant-b");
        Assert.Equal(0, (await cli.RunAsync("reconcile", "--tenants", tenants, "--json")).ExitCode);
        cli.Emulator.ClearRequestLog();

        var run = await cli.RunAsync("reconcile", "--tenants", tenants, "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var report = JsonNode.Parse(Assert.Single(run.StdoutLines))!;
        Assert.Empty(Names(report["created"]));
        Assert.Equal(2, (int)report["unchanged"]!);
        Assert.Equal(0, cli.Requests("POST"));
        Assert.Equal(0, cli.Requests("DELETE"));
    }

    [Fact]
    public async Task Reconcile_DeleteOrphansWithMaxDeletionsOne_DeletesExactlyOneAndExitsOne()
    {
        await using var cli = await CliHarness.StartAsync();
        await cli.RunAsync("create", "old-1");
        await cli.RunAsync("create", "old-2");
        var tenants = cli.File("tenant-a");
        cli.Emulator.ClearRequestLog();

        var run = await cli.RunAsync("reconcile", "--tenants", tenants, "--delete-orphans", "--max-deletions", "1", "--json");

        Assert.True(run.ExitCode == 1, run.ToString());
        var report = JsonNode.Parse(Assert.Single(run.StdoutLines))!;
        var deleted = Assert.Single(Names(report["deleted"]));
        var left = Assert.Single(Names(report["orphans"]));
        Assert.Equal(["old-1", "old-2"], new[] { deleted, left }.Order(StringComparer.Ordinal));
        Assert.Equal(1, (int)report["deletionsCapped"]!);
        Assert.Equal(["tenant-a"], Names(report["created"]));
        Assert.Equal([left, "tenant-a"], (await cli.InstancesAsync()).Keys.Order(StringComparer.Ordinal));
        Assert.Equal(1, cli.Requests("DELETE"));
    }

    [Fact]
    public async Task Reconcile_FailedCreation_IsReportedWithItsErrorAndExitsOne()
    {
        await using var cli = await CliHarness.StartAsync(options => options.Failures.CreationFailurePattern = "^broken");
        var tenants = cli.File("broken-1", "tenant-a");

        var run = await cli.RunAsync("reconcile", "--tenants", tenants, "--json");

        Assert.True(run.ExitCode == 1, run.ToString());
        var report = JsonNode.Parse(Assert.Single(run.StdoutLines))!;
        var failure = Assert.Single(report["failed"]!.AsArray())!;
        Assert.Equal("broken-1", (string)failure["tenant"]!);
        Assert.False(string.IsNullOrWhiteSpace((string?)failure["error"]));
        Assert.Equal(["tenant-a"], Names(report["created"]));
        Assert.DoesNotContain("emulator-password", run.Stdout + run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reconcile_InvalidTenantIdInTheFile_IsReportedFailedAndTheOthersProceed()
    {
        await using var cli = await CliHarness.StartAsync();
        var tenants = cli.File("..", "tenant-a");

        var run = await cli.RunAsync("reconcile", "--tenants", tenants, "--json");

        Assert.True(run.ExitCode == 1, run.ToString());
        var report = JsonNode.Parse(Assert.Single(run.StdoutLines))!;
        var failure = Assert.Single(report["failed"]!.AsArray())!;
        Assert.Equal("..", (string)failure["tenant"]!);
        Assert.Contains("'.' or '..'", (string)failure["error"]!, StringComparison.Ordinal);
        Assert.Equal(["tenant-a"], Names(report["created"]));
        Assert.Equal(1, cli.Requests("POST"));
    }

    [Fact]
    public async Task Reconcile_DryRun_ReportsThePlanWithoutChangingAnything()
    {
        await using var cli = await CliHarness.StartAsync();
        await cli.RunAsync("create", "old-1");
        var tenants = cli.File("tenant-a");
        cli.Emulator.ClearRequestLog();

        var run = await cli.RunAsync("reconcile", "--tenants", tenants, "--dry-run", "--delete-orphans", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var report = JsonNode.Parse(Assert.Single(run.StdoutLines))!;
        Assert.True((bool)report["dryRun"]!);
        Assert.Equal(["tenant-a"], Names(report["created"]));
        Assert.Equal(["old-1"], Names(report["deleted"]));
        Assert.Equal(["old-1"], (await cli.InstancesAsync()).Keys);
        Assert.Equal(0, cli.Requests("POST"));
        Assert.Equal(0, cli.Requests("DELETE"));
    }

    [Fact]
    public async Task Reconcile_DryRun_Redirected_NamesWhatWouldBeDone()
    {
        await using var cli = await CliHarness.StartAsync();
        await cli.RunAsync("create", "tenant-b");
        var tenants = cli.File("tenant-a", "tenant-b");

        var run = await cli.RunAsync("reconcile", "--tenants", tenants, "--dry-run");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("tenant-a would-create", run.StdoutLines);
        Assert.Contains("tenant-b unchanged", run.StdoutLines);
        Assert.DoesNotContain("tenant-a created", run.StdoutLines);
        Assert.Contains("Dry run: nothing was changed", run.Stdout, StringComparison.Ordinal);
        Assert.False((await cli.InstancesAsync()).ContainsKey("tenant-a"));
    }

    [Fact]
    public async Task Reconcile_Redirected_PrintsOnePlainLinePerTenantAndASummary()
    {
        await using var cli = await CliHarness.StartAsync(options => options.Failures.CreationFailurePattern = "^broken");
        await cli.RunAsync("create", "old-1");
        var tenants = cli.File("tenant-a", "broken-1");

        var run = await cli.RunAsync("reconcile", "--tenants", tenants);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("tenant-a created", run.StdoutLines);
        Assert.Contains("old-1 orphan", run.StdoutLines);
        var failed = Assert.Single(run.StdoutLines, line => line.StartsWith("broken-1 failed ", StringComparison.Ordinal));
        Assert.True(failed.Length > "broken-1 failed ".Length);
        Assert.Contains(run.StdoutLines, line => line.Contains(" created ", StringComparison.Ordinal) && line.Contains(" 1 ", StringComparison.Ordinal) && line.Contains("tenant-a", StringComparison.Ordinal));
        Assert.Contains(run.StdoutLines, line => line.StartsWith("Not converged: 1 failed.", StringComparison.Ordinal));
        Assert.DoesNotContain("\u001b[", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reconcile_Terminal_ShowsALiveProgressBarWithCounts()
    {
        await using var cli = await CliHarness.StartAsync();
        var tenants = cli.File("tenant-a", "tenant-b");

        var run = await cli.RunAsync(cli.Environment, terminal: true, ["reconcile", "--tenants", tenants]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("2/2 created 2", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("\u001b[", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Converged.", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reconcile_ServiceManager_CreatesTheMissingTenants()
    {
        await using var cli = await CliHarness.StartAsync();
        var tenants = cli.File("tenant-a");

        var run = await cli.RunAsync("reconcile", "--tenants", tenants, "--json", "--service-manager");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["tenant-a"], Names(JsonNode.Parse(Assert.Single(run.StdoutLines))!["created"]));
        var listed = await cli.RunAsync("list", "--json", "--service-manager");
        Assert.Equal("tenant-a", (string)JsonNode.Parse(Assert.Single(listed.StdoutLines))!["tenant"]!);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# nobody is subscribed", "")]
    public async Task Reconcile_EmptyFileWithDeleteOrphans_IsRefusedWithoutAnExplicitMaxDeletions(params string[] lines)
    {
        await using var cli = await CliHarness.StartAsync();
        await cli.RunAsync("create", "old-1");
        var tenants = cli.File(lines);
        cli.Emulator.ClearRequestLog();

        var run = await cli.RunAsync("reconcile", "--tenants", tenants, "--delete-orphans");

        Assert.Equal(2, run.ExitCode);
        var error = Assert.Single(run.StderrLines);
        Assert.Contains("lists no tenant", error, StringComparison.Ordinal);
        Assert.Contains("--max-deletions", error, StringComparison.Ordinal);
        Assert.Empty(cli.Emulator.RequestLog);
        Assert.True((await cli.InstancesAsync()).ContainsKey("old-1"));
    }

    [Fact]
    public async Task Reconcile_EmptyFileWithDeleteOrphansAndExplicitMaxDeletions_DeletesUpToTheCap()
    {
        await using var cli = await CliHarness.StartAsync();
        await cli.RunAsync("create", "old-1");
        var tenants = cli.File("# nobody is subscribed");

        var run = await cli.RunAsync("reconcile", "--tenants", tenants, "--delete-orphans", "--max-deletions", "1", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["old-1"], Names(JsonNode.Parse(Assert.Single(run.StdoutLines))!["deleted"]));
        Assert.Empty(await cli.InstancesAsync());
    }

    [Fact]
    public async Task Reconcile_MissingTenantsFile_ExitsTwoNamingIt()
    {
        await using var cli = await CliHarness.StartAsync();

        var run = await cli.RunAsync("reconcile", "--tenants", "/nonexistent/tenants.txt");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("Error: The tenants file '/nonexistent/tenants.txt' does not exist.", Assert.Single(run.StderrLines));
        Assert.Empty(cli.Emulator.RequestLog);
    }

    private static string[] Names(JsonNode? array) => [.. array!.AsArray().Select(name => (string)name!)];
}
