using System.Text.Json.Nodes;
using Spectre.Console.Testing;

namespace InstanceManager.Cli.Tests;

/// <summary>Bad usage and configuration exit with code 2 and one line on stderr naming the cause, before any request.</summary>
public sealed class UsageTests
{
    private static readonly IReadOnlyDictionary<string, string?> NoBinding = new Dictionary<string, string?>();

    [Theory]
    [InlineData(new[] { "frobnicate" }, "Unknown command 'frobnicate'")]
    [InlineData(new[] { "list", "--bogus" }, "Unknown option 'bogus'")]
    [InlineData(new[] { "get" }, "tenant")]
    [InlineData(new[] { "reconcile" }, "--tenants <FILE> is required")]
    [InlineData(new[] { "reconcile", "--tenants", "t.txt", "--concurrency", "0" }, "--concurrency must be a whole number from 1 to 256 (got '0')")]
    [InlineData(new[] { "reconcile", "--tenants", "t.txt", "--concurrency", "abc" }, "--concurrency must be a whole number from 1 to 256 (got 'abc')")]
    [InlineData(new[] { "reconcile", "--tenants", "t.txt", "--max-deletions", "-1" }, "--max-deletions must be a whole number from 0 to 10000 (got '-1')")]
    public async Task BadCommandLine_ExitsTwoWithOneLine(string[] args, string expected)
    {
        await using var cli = await CliHarness.StartAsync();

        var run = await cli.RunAsync(args);

        Assert.True(run.ExitCode == 2, run.ToString());
        var error = Assert.Single(run.StderrLines);
        Assert.StartsWith("Error: ", error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Empty(cli.Emulator.RequestLog);
    }

    [Fact]
    public async Task NoCommand_PrintsTheHelpAndExitsTwo()
    {
        await using var cli = await CliHarness.StartAsync();

        var run = await cli.RunAsync([]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("reconcile", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_ExitsZero()
    {
        await using var cli = await CliHarness.StartAsync();

        var run = await cli.RunAsync("reconcile", "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("--delete-orphans", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("--max-deletions", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoBindingInTheEnvironment_ExitsTwoNamingWhereCredentialsAreLookedFor()
    {
        await using var cli = await CliHarness.StartAsync();

        var run = await cli.RunAsync(NoBinding, terminal: false, ["list"]);

        Assert.Equal(2, run.ExitCode);
        var error = Assert.Single(run.StderrLines);
        Assert.Contains("No credentials were found (label 'managed-hana')", error, StringComparison.Ordinal);
        Assert.Contains("VCAP_SERVICES", error, StringComparison.Ordinal);
        Assert.Contains("--emulator", error, StringComparison.Ordinal);
        Assert.Empty(cli.Emulator.RequestLog);
    }

    [Fact]
    public async Task UnreadableVcapServices_ExitsTwoWithoutEchoingIt()
    {
        await using var cli = await CliHarness.StartAsync();
        var environment = new Dictionary<string, string?> { ["VCAP_SERVICES"] = """{"managed-hana": [{"credentials": {"password": "s3cret-value" """ };

        var run = await cli.RunAsync(environment, terminal: false, ["list"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("VCAP_SERVICES", Assert.Single(run.StderrLines), StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-value", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VcapServicesFileThatDoesNotExist_ExitsTwoNamingIt()
    {
        await using var cli = await CliHarness.StartAsync();
        var environment = new Dictionary<string, string?> { ["VCAP_SERVICES_FILE_PATH"] = "/nonexistent/vcap.json" };

        var run = await cli.RunAsync(environment, terminal: false, ["list"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("/nonexistent/vcap.json", Assert.Single(run.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task VcapServicesFile_IsReadLikeTheVariable()
    {
        await using var cli = await CliHarness.StartAsync();
        await cli.RunAsync("create", "tenant-a");
        var environment = new Dictionary<string, string?> { ["VCAP_SERVICES_FILE_PATH"] = cli.File(cli.Emulator.VcapServicesJson) };

        var run = await cli.RunAsync(environment, terminal: false, ["list", "--json"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("tenant-a", (string)JsonNode.Parse(Assert.Single(run.StdoutLines))!["tenant"]!);
    }

    [Fact]
    public async Task LabelThatNoBindingHas_ExitsTwoNamingTheBindingsSeen()
    {
        await using var cli = await CliHarness.StartAsync();

        var run = await cli.RunAsync("list", "--label", "postgresql");

        Assert.Equal(2, run.ExitCode);
        var error = Assert.Single(run.StderrLines);
        Assert.Contains("label 'postgresql'", error, StringComparison.Ordinal);
        Assert.Contains("managed-hana", error, StringComparison.Ordinal);
        Assert.DoesNotContain("emulator-password", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Name_SelectsTheBindingOfThatServiceInstance()
    {
        await using var cli = await CliHarness.StartAsync();
        await cli.RunAsync("create", "sm-tenant", "--service-manager");
        var name = (string)JsonNode.Parse(cli.Emulator.VcapServicesJson)!["service-manager"]![0]!["name"]!;

        var run = await cli.RunAsync("list", "--json", "--name", name);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("sm-tenant", (string)JsonNode.Parse(Assert.Single(run.StdoutLines))!["tenant"]!);
    }

    [Fact]
    public async Task InvalidTenantId_ExitsTwoBeforeAnyRequest()
    {
        await using var cli = await CliHarness.StartAsync();

        var run = await cli.RunAsync("create", "   ");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("Error: ", Assert.Single(run.StderrLines), StringComparison.Ordinal);
        Assert.Empty(cli.Emulator.RequestLog);
    }

    [Fact]
    public async Task Cancelled_ExitsWithCode130()
    {
        await using var cli = await CliHarness.StartAsync();
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        var run = await cli.RunAsync(cli.Environment, terminal: false, ["create", "tenant-a"], cancellation.Token);

        Assert.Equal(130, run.ExitCode);
        Assert.Equal("Error: cancelled.", Assert.Single(run.StderrLines));
    }

    [Fact]
    public async Task CancelledWhileWaitingForTheService_StopsWithCode130()
    {
        await using var cli = await CliHarness.StartAsync();
        using var stdout = new TestConsole();
        using var stderr = new TestConsole();
        using var cancellation = new CancellationTokenSource();
        var run = CliApplication.RunAsync(["create", "tenant-a"], new CliContext(stdout, stderr, cli.Environment, cli.Clock), cancellation.Token);

        // The create was sent and the tool waits for the emulator's provisioning: Ctrl+C now.
        await cli.Clock.WaitStartedAsync();
        await cancellation.CancelAsync();

        Assert.Equal(130, await run);
        Assert.Equal("Error: cancelled.", stderr.Output.TrimEnd());
        Assert.Equal(string.Empty, stdout.Output);
        // The service accepted the create before the tool stopped waiting: the instance goes on being created.
        Assert.True((await cli.InstancesAsync()).ContainsKey("tenant-a"));
    }

    [Fact]
    public async Task BindingWithoutRequiredCredentials_ExitsTwoNamingTheMissingKey()
    {
        await using var cli = await CliHarness.StartAsync();
        var environment = new Dictionary<string, string?>
        {
            ["VCAP_SERVICES"] = """{"managed-hana": [{"name": "hana", "label": "managed-hana", "plan": "hdi-shared", "credentials": {"user": "u", "password": "s3cret-value"}}]}""",
        };

        var run = await cli.RunAsync(environment, terminal: false, ["list"]);

        Assert.Equal(2, run.ExitCode);
        var error = Assert.Single(run.StderrLines);
        Assert.Contains("get_all_managed_instances_url", error, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-value", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Emulator_StartsAnEmbeddedEmulatorForTheRun()
    {
        await using var cli = await CliHarness.StartAsync();

        var run = await cli.RunAsync(NoBinding, terminal: false, ["create", "demo", "--emulator"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["demo created"], run.StdoutLines);
        Assert.Empty(cli.Emulator.RequestLog);
    }
}
