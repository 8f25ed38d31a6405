using System.Text.Json.Nodes;

namespace InstanceManager.Cli.Tests;

public sealed class ListCommandTests
{
    [Fact]
    public async Task List_PrintsATableOfEveryTenantWithStatusAndTimestamps()
    {
        await using var cli = await CliHarness.StartAsync();
        Assert.Equal(0, (await cli.RunAsync("create", "tenant-a")).ExitCode);
        Assert.Equal(0, (await cli.RunAsync("create", "tenant-b")).ExitCode);
        var instances = await cli.InstancesAsync();
        cli.Emulator.ClearRequestLog();

        var run = await cli.RunAsync("list");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(string.Empty, run.Stderr);
        foreach (var tenant in new[] { "tenant-a", "tenant-b" })
        {
            var row = Assert.Single(run.StdoutLines, line => line.Contains($" {tenant} ", StringComparison.Ordinal));
            Assert.Contains("CREATION_SUCCEEDED", row, StringComparison.Ordinal);
            Assert.Contains((string)instances[tenant]["created_on"]!, row, StringComparison.Ordinal);
            Assert.Contains((string)instances[tenant]["updated_on"]!, row, StringComparison.Ordinal);
        }

        Assert.Contains(run.StdoutLines, line => line.Contains("Tenant", StringComparison.Ordinal) && line.Contains("Status", StringComparison.Ordinal) && line.Contains("Created", StringComparison.Ordinal) && line.Contains("Updated", StringComparison.Ordinal));
        Assert.Contains("2 instances", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, cli.Requests("GET"));
        Assert.Single(cli.Emulator.RequestLog);
    }

    [Fact]
    public async Task List_Json_PrintsOneJsonObjectPerInstanceAndLine()
    {
        await using var cli = await CliHarness.StartAsync();
        await cli.RunAsync("create", "tenant-a");
        await cli.RunAsync("create", "tenant-b");
        var instances = await cli.InstancesAsync();

        var run = await cli.RunAsync("list", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(2, run.StdoutLines.Length);
        var lines = run.StdoutLines.Select(line => JsonNode.Parse(line)!.AsObject()).ToList();
        Assert.Equal(["tenant-a", "tenant-b"], lines.Select(line => (string)line["tenant"]!));
        foreach (var line in lines)
        {
            var tenant = (string)line["tenant"]!;
            Assert.Equal("CREATION_SUCCEEDED", (string)line["status"]!);
            Assert.Equal((string)instances[tenant]["created_on"]!, (string)line["created"]!);
            Assert.Equal((string)instances[tenant]["updated_on"]!, (string)line["updated"]!);
            Assert.Equal(4, line.Count);
        }
    }

    [Fact]
    public async Task List_WithoutInstances_PrintsAnEmptyTableOrNoLine()
    {
        await using var cli = await CliHarness.StartAsync();

        var table = await cli.RunAsync("list");
        var json = await cli.RunAsync("list", "--json");

        Assert.Equal(0, table.ExitCode);
        Assert.Contains("0 instances", table.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, json.ExitCode);
        Assert.Equal(string.Empty, json.Stdout);
    }

    [Fact]
    public async Task List_ServiceManager_ListsTheServiceManagersInstancesOnly()
    {
        await using var cli = await CliHarness.StartAsync();
        Assert.Equal(0, (await cli.RunAsync("create", "im-tenant")).ExitCode);
        Assert.Equal(0, (await cli.RunAsync("create", "sm-tenant", "--service-manager")).ExitCode);

        var run = await cli.RunAsync("list", "--json", "--service-manager");

        Assert.True(run.ExitCode == 0, run.ToString());
        var line = JsonNode.Parse(Assert.Single(run.StdoutLines))!;
        Assert.Equal("sm-tenant", (string)line["tenant"]!);
        Assert.Equal("CREATION_SUCCEEDED", (string)line["status"]!);
    }
}
