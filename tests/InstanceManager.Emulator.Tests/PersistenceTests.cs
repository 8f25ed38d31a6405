using System.Net;

namespace InstanceManager.Emulator.Tests;

public sealed class PersistenceTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"im-emulator-state-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Restart_KeepsInstancesAndTheirState()
    {
        await using (var first = await EmulatorHarness.StartAsync(options => options.DataDirectory = _directory))
        {
            (await first.PostAsync("kept", """{"provisioning_parameters":{"size":"s"}}""")).Dispose();
        }

        await using var second = await EmulatorHarness.StartAsync(options => options.DataDirectory = _directory);
        second.Clock.Advance(TimeSpan.FromSeconds(1));

        var json = await EmulatorHarness.JsonAsync(await second.GetAsync("kept"));
        Assert.Equal("CREATION_SUCCEEDED", (string?)json["status"]);
        Assert.Equal("s", (string?)json["provisioning_parameters"]!["size"]);
        Assert.False(File.Exists(Path.Combine(_directory, "instances.json.tmp")));
    }

    [Fact]
    public async Task LeftoverTemporaryFileFromACrash_IgnoredAndThePreviousStateKept()
    {
        await using (var first = await EmulatorHarness.StartAsync(options => options.DataDirectory = _directory))
        {
            (await first.PostAsync("kept")).Dispose();
        }

        // A crash mid-write leaves a half-written temporary file; the state file itself is untouched.
        await File.WriteAllTextAsync(Path.Combine(_directory, "instances.json.tmp"), "[{\"tenantId\":\"half");

        await using var second = await EmulatorHarness.StartAsync(options => options.DataDirectory = _directory);
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("kept")).StatusCode);
        (await second.PostAsync("more")).Dispose();
        Assert.False(File.Exists(Path.Combine(_directory, "instances.json.tmp")));
    }

    [Fact]
    public async Task DeletedInstances_AreGoneAfterRestart()
    {
        await using (var first = await EmulatorHarness.StartAsync(options =>
        {
            options.DataDirectory = _directory;
            options.DeprovisioningDelay = TimeSpan.Zero;
        }))
        {
            (await first.PostAsync("gone")).Dispose();
            (await first.DeleteAsync("gone")).Dispose();
            Assert.Equal(HttpStatusCode.NotFound, (await first.GetAsync("gone")).StatusCode);
        }

        await using var second = await EmulatorHarness.StartAsync(options => options.DataDirectory = _directory);
        Assert.Equal(HttpStatusCode.NotFound, (await second.GetAsync("gone")).StatusCode);
    }

    [Fact]
    public async Task CorruptStateFile_StartFailsNamingTheFile_AndTheFileIsKept()
    {
        Directory.CreateDirectory(_directory);
        var stateFile = Path.Combine(_directory, "instances.json");
        await File.WriteAllTextAsync(stateFile, "[{\"tenantId\":");

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => EmulatorHarness.StartAsync(options => options.DataDirectory = _directory));

        Assert.Contains(stateFile, exception.Message, StringComparison.Ordinal);
        Assert.Equal("[{\"tenantId\":", await File.ReadAllTextAsync(stateFile));
    }

    [Fact]
    public async Task Restart_KeepsRegisteredBrokersWithTheirOfferingIds_AndDoesNotRegisterAConfiguredOneTwice()
    {
        await using var broker = await EmulatorHarness.StartAsync();
        void Platform(InstanceManagerEmulatorOptions options)
        {
            options.DataDirectory = _directory;
            options.ServiceManager.Catalog = [];
            options.ServiceManager.Brokers = [broker.Emulator.OpenServiceBroker];
        }

        string planId;
        await using (var first = await EmulatorHarness.StartAsync(Platform))
        {
            using var sm = await ServiceManagerSession.StartAsync(first);
            planId = await sm.PlanIdAsync();
        }

        await using var second = await EmulatorHarness.StartAsync(Platform);
        using var restarted = await ServiceManagerSession.StartAsync(second);

        Assert.Equal(planId, await restarted.PlanIdAsync());
        Assert.Equal(1, (int)(await restarted.PageAsync("service_brokers"))["num_items"]!);
        Assert.Single(broker.Emulator.RequestLog, request => request.Path == "/osb/v2/catalog");
    }
}
