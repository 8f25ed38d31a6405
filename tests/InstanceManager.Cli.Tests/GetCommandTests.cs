using System.Text.Json.Nodes;
using InstanceManager.Emulator;

namespace InstanceManager.Cli.Tests;

public sealed class GetCommandTests
{
    private const string Tenant = "tenant-a";

    /// <summary>The credential values the emulator gives the tenant, as they must never appear unless asked for.</summary>
    private static IReadOnlyDictionary<string, string> Secrets => EmulatedCredentials.For(Tenant);

    [Fact]
    public async Task Get_Table_ShowsTheCredentialKeysWithMaskedValues()
    {
        await using var cli = await CliHarness.StartAsync();
        await cli.RunAsync("create", Tenant);

        var run = await cli.RunAsync("get", Tenant);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("CREATION_SUCCEEDED", run.Stdout, StringComparison.Ordinal);
        foreach (var (key, value) in Secrets)
        {
            var row = Assert.Single(run.StdoutLines, line => line.Contains($" credentials.{key} ", StringComparison.Ordinal));
            Assert.Contains("***", row, StringComparison.Ordinal);
            Assert.DoesNotContain(value, run.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain(value, run.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Get_Json_MasksEveryCredentialValueAndKeepsTheKeys()
    {
        await using var cli = await CliHarness.StartAsync();
        await cli.RunAsync("create", Tenant);
        var instance = (await cli.InstancesAsync())[Tenant];

        var run = await cli.RunAsync("get", Tenant, "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var document = JsonNode.Parse(Assert.Single(run.StdoutLines))!.AsObject();
        Assert.Equal(Tenant, (string)document["tenant"]!);
        Assert.Equal("CREATION_SUCCEEDED", (string)document["status"]!);
        Assert.Equal((string)instance["created_on"]!, (string)document["created"]!);
        var credentials = document["credentials"]!.AsObject();
        Assert.Equal(Secrets.Keys.Order(StringComparer.Ordinal), credentials.Select(pair => pair.Key).Order(StringComparer.Ordinal));
        Assert.All(credentials, pair => Assert.Equal("***", (string)pair.Value!));
        Assert.All(Secrets.Values, value => Assert.DoesNotContain(value, run.Stdout + run.Stderr, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Get_ShowCredentials_PrintsTheValues()
    {
        await using var cli = await CliHarness.StartAsync();
        await cli.RunAsync("create", Tenant);

        var json = await cli.RunAsync("get", Tenant, "--json", "--show-credentials");
        var table = await cli.RunAsync("get", Tenant, "--show-credentials");

        Assert.True(json.ExitCode == 0, json.ToString());
        var credentials = JsonNode.Parse(Assert.Single(json.StdoutLines))!["credentials"]!.AsObject();
        Assert.Equal(Secrets.Count, credentials.Count);
        foreach (var (key, value) in Secrets)
        {
            Assert.Equal(value, (string)credentials[key]!);
            Assert.Contains(table.StdoutLines, line => line.Contains($" credentials.{key} ", StringComparison.Ordinal) && line.Contains(value, StringComparison.Ordinal));
        }

        Assert.DoesNotContain("***", table.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_ServiceManager_MasksTheBindingsCredentials()
    {
        await using var cli = await CliHarness.StartAsync();
        await cli.RunAsync("create", Tenant, "--service-manager");

        var masked = await cli.RunAsync("get", Tenant, "--json", "--service-manager");
        var shown = await cli.RunAsync("get", Tenant, "--json", "--service-manager", "--show-credentials");

        Assert.True(masked.ExitCode == 0, masked.ToString());
        var maskedCredentials = JsonNode.Parse(Assert.Single(masked.StdoutLines))!["credentials"]!.AsObject();
        var shownCredentials = JsonNode.Parse(Assert.Single(shown.StdoutLines))!["credentials"]!.AsObject();
        Assert.NotEmpty(maskedCredentials);
        Assert.All(maskedCredentials, pair => Assert.Equal("***", pair.Value!.ToJsonString().Trim('"')));
        Assert.Equal(shownCredentials.Select(pair => pair.Key), maskedCredentials.Select(pair => pair.Key));
        var password = (string)shownCredentials["password"]!;
        Assert.DoesNotContain(password, masked.Stdout + masked.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_TenantWithoutInstance_ExitsOneWithOneLineOnStderr()
    {
        await using var cli = await CliHarness.StartAsync();

        var run = await cli.RunAsync("get", "nobody");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.Equal("Error: The tenant 'nobody' has no instance.", Assert.Single(run.StderrLines));
        Assert.Equal(1, cli.Requests("GET", "nobody"));
    }

    [Fact]
    public async Task Get_FailedInstance_ShowsItsStatusAndMessage()
    {
        await using var cli = await CliHarness.StartAsync(options => options.Failures.CreationFailurePattern = "^broken");
        Assert.Equal(1, (await cli.RunAsync("create", "broken-1")).ExitCode);

        var run = await cli.RunAsync("get", "broken-1", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var document = JsonNode.Parse(Assert.Single(run.StdoutLines))!;
        Assert.Equal("CREATION_FAILED", (string)document["status"]!);
        Assert.False(string.IsNullOrWhiteSpace((string?)document["failedMessage"]));
        Assert.Null(document["credentials"]);
    }
}
