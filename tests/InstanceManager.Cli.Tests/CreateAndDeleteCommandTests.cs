using System.Text.Json.Nodes;
using InstanceManager.Emulator;

namespace InstanceManager.Cli.Tests;

public sealed class CreateAndDeleteCommandTests
{
    [Fact]
    public async Task Create_Redirected_WaitsUntilUsableAndPrintsOnePlainLine()
    {
        await using var cli = await CliHarness.StartAsync();

        var run = await cli.RunAsync("create", "tenant-a");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["tenant-a created"], run.StdoutLines);
        Assert.Equal(string.Empty, run.Stderr);
        Assert.Equal("CREATION_SUCCEEDED", (string)(await cli.InstancesAsync())["tenant-a"]["status"]!);
        Assert.Equal(1, cli.Requests("POST", "tenant-a"));
        Assert.All(EmulatedCredentials.For("tenant-a").Values, value => Assert.DoesNotContain(value, run.Stdout, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Create_Terminal_ShowsTheLiveProgressEndingWithTheOutcome()
    {
        await using var cli = await CliHarness.StartAsync();

        var run = await cli.RunAsync(cli.Environment, terminal: true, ["create", "tenant-a"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("tenant-a created", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("\u001b[", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, cli.Requests("POST", "tenant-a"));
    }

    [Fact]
    public async Task Create_Parameters_SendsTheFilesProvisioningParameters()
    {
        await using var cli = await CliHarness.StartAsync();
        var parameters = cli.File("""{"provisioning_parameters": {"database_id": "db-42"}, "binding_parameters": {"role": "reader"}}""");

        var run = await cli.RunAsync("create", "tenant-a", "--parameters", parameters);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("db-42", (string)(await cli.InstancesAsync())["tenant-a"]["provisioning_parameters"]!["database_id"]!);
    }

    [Theory]
    [InlineData("""{"provisioning": {}}""", "unknown key 'provisioning'")]
    [InlineData("""{"provisioning_parameters": 3}""", "provisioning_parameters must be a JSON object")]
    [InlineData("""[1, 2]""", "must hold a JSON object")]
    [InlineData("""{"provisioning_parameters": """, "is not valid JSON")]
    public async Task Create_BadParametersFile_ExitsTwoBeforeAnyRequest(string content, string expected)
    {
        await using var cli = await CliHarness.StartAsync();
        var parameters = cli.File(content);

        var run = await cli.RunAsync("create", "tenant-a", "--parameters", parameters);

        Assert.Equal(2, run.ExitCode);
        var error = Assert.Single(run.StderrLines);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Contains(parameters, error, StringComparison.Ordinal);
        Assert.Empty(cli.Emulator.RequestLog);
    }

    [Fact]
    public async Task Create_MissingParametersFile_ExitsTwo()
    {
        await using var cli = await CliHarness.StartAsync();

        var run = await cli.RunAsync("create", "tenant-a", "--parameters", "/nonexistent/parameters.json");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("Error: The parameters file '/nonexistent/parameters.json' does not exist.", Assert.Single(run.StderrLines));
        Assert.Empty(cli.Emulator.RequestLog);
    }

    [Fact]
    public async Task Create_FailedCreation_ExitsOneWithOneSecretFreeLineAndNoStackTrace()
    {
        await using var cli = await CliHarness.StartAsync(options => options.Failures.CreationFailurePattern = "^broken");

        var run = await cli.RunAsync("create", "broken-1");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        var error = Assert.Single(run.StderrLines);
        Assert.StartsWith("Error: ", error, StringComparison.Ordinal);
        Assert.Contains("broken-1", error, StringComparison.Ordinal);
        Assert.DoesNotContain("emulator-password", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_Verbose_AddsTheStackTraceAfterTheLine()
    {
        await using var cli = await CliHarness.StartAsync(options => options.Failures.CreationFailurePattern = "^broken");

        var run = await cli.RunAsync("create", "broken-1", "--verbose");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("Error: ", run.StderrLines[0], StringComparison.Ordinal);
        Assert.Contains(run.StderrLines.Skip(1), line => line.TrimStart().StartsWith("at ", StringComparison.Ordinal));
        Assert.DoesNotContain("emulator-password", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_ExistingTenant_ExitsOneNamingTheConflict()
    {
        await using var cli = await CliHarness.StartAsync();
        await cli.RunAsync("create", "tenant-a");

        var run = await cli.RunAsync("create", "tenant-a");

        Assert.Equal(1, run.ExitCode);
        var error = Assert.Single(run.StderrLines);
        Assert.Contains("409", error, StringComparison.Ordinal);
        Assert.Equal(2, cli.Requests("POST", "tenant-a"));
    }

    [Fact]
    public async Task Delete_WaitsUntilGoneAndPrintsOnePlainLine()
    {
        await using var cli = await CliHarness.StartAsync();
        await cli.RunAsync("create", "tenant-a");

        var run = await cli.RunAsync("delete", "tenant-a");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["tenant-a deleted"], run.StdoutLines);
        Assert.False((await cli.InstancesAsync()).ContainsKey("tenant-a"));
        Assert.Equal(1, cli.Requests("DELETE", "tenant-a"));
        Assert.Equal(1, (await cli.RunAsync("get", "tenant-a")).ExitCode);
    }

    [Fact]
    public async Task Delete_ServiceManager_DeletesTheInstance()
    {
        await using var cli = await CliHarness.StartAsync();
        await cli.RunAsync("create", "tenant-a", "--service-manager");

        var run = await cli.RunAsync("delete", "tenant-a", "--service-manager");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["tenant-a deleted"], run.StdoutLines);
        Assert.Empty(JsonNode.Parse(await cli.Http.GetStringAsync(new Uri("emulator/service-manager/instances", UriKind.Relative)))!.AsArray());
    }

    [Fact]
    public async Task Delete_TenantWithoutInstance_ExitsOneWithOneLine()
    {
        await using var cli = await CliHarness.StartAsync();

        var run = await cli.RunAsync("delete", "nobody");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.Equal("Error: The tenant 'nobody' has no instance.", Assert.Single(run.StderrLines));
        Assert.Equal(404, Assert.Single(cli.Emulator.RequestLog, request => request.Method == "DELETE").StatusCode);
    }
}
