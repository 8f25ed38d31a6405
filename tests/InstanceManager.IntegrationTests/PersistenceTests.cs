namespace InstanceManager.IntegrationTests;

public sealed class PersistenceTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"im-emulator-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task RestartWithDataDirectory_KeepsInstances()
    {
        await using (var first = await EmulatorFixture.StartAsync(options => options.DataDirectory = _dataDirectory))
        {
            await first.Clock.RunAsync(first.Client().CreateAsync("kept-tenant"));
        }

        await using var second = await EmulatorFixture.StartAsync(options => options.DataDirectory = _dataDirectory);
        var instance = await second.Clock.RunAsync(second.Client().GetAsync("kept-tenant").AsTask());

        Assert.NotNull(instance);
        Assert.Equal(InstanceStatus.CreationSucceeded, instance.Status);
    }
}
