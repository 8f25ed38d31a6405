using InstanceManager.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InstanceManager.Tests;

public sealed class FactoryAndLifetimeTests : IDisposable
{
    private static readonly string Succeeded = InstanceJson.Instance("t1", "CREATION_SUCCEEDED");
    private static readonly string InProgress = InstanceJson.Instance("t1", "CREATION_IN_PROGRESS");

    private readonly ImServer _im = new();

    public void Dispose() => _im.Dispose();

    private Action<InstanceManagerOptions> OptionsForServer(Action<InstanceManagerOptions>? configure = null) => options =>
    {
        ImServer.Fill(options, _im.Server.Url!);
        configure?.Invoke(options);
    };

    private static TestClock NewClock() => new() { IgnoreAtOrAbove = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task Factory_CreatesAWorkingClient()
    {
        _im.GetAnswers("t1", (200, Succeeded));
        using var client = InstanceManagerClientFactory.Create(OptionsForServer());

        var instance = await client.GetAsync("t1");
        await client.GetAsync("t1");

        Assert.Equal("SCHEMA_T1", instance!.GetCredential("schema"));
        Assert.Equal(1, _im.Count("GET"));
    }

    [Fact]
    public async Task Factory_AppliesEveryOption()
    {
        var clock = NewClock();
        _im.Answer("POST", ImServer.TenantPath("t1"), 201);
        _im.GetAnswers("t1", (200, InProgress), (200, InProgress), (200, Succeeded));
        _im.GetAnswers("t2", (200, InstanceJson.Instance("t2", "CREATION_SUCCEEDED")));
        using var client = InstanceManagerClientFactory.Create(
            OptionsForServer(options =>
            {
                options.PollingStrategy = PollingStrategy.ReferenceCompatible;
                options.PollingInterval = TimeSpan.FromMilliseconds(100);
                options.CacheMaxItems = 1;
            }),
            timeProvider: clock);

        await clock.RunAsync(client.CreateAsync("t1"));
        await client.GetAsync("t2");
        await client.GetAsync("t1");

        Assert.Equal([TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(600)], clock.Waits);
        Assert.Equal(4, _im.Count("GET", "t1"));
    }

    [Fact]
    public void Factory_WithInvalidOptions_ThrowsNamingTheKey()
    {
        var configure = OptionsForServer(options =>
        {
            options.Password = null;
            options.CacheMaxItems = 0;
        });

        var error = Assert.Throws<OptionsValidationException>(() => InstanceManagerClientFactory.Create(configure));

        Assert.Contains("'password'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'cache_max_items'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Factory_LogsToTheGivenLoggerFactory()
    {
        var logs = new LogCapture();
        using var loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        _im.GetAnswers("t1", (404, ""));
        using var client = InstanceManagerClientFactory.Create(OptionsForServer(), loggerFactory);

        Assert.Null(await client.GetAsync("t1"));

        Assert.Contains(logs.Entries, entry => entry.EventId.Id == 1 && entry.Text.Contains("Get: GET answered 404.", StringComparison.Ordinal));
    }

    [Fact]
    public void Factory_WithNullConfigure_Throws()
    {
        Assert.Throws<ArgumentNullException>("configure", () => InstanceManagerClientFactory.Create(null!));
    }

    [Fact]
    public async Task Factory_ClientsCreatedWithTheSameDelegate_HaveCachesOfTheirOwn()
    {
        _im.GetAnswers("t1", (200, Succeeded));
        var configure = OptionsForServer();
        using var first = InstanceManagerClientFactory.Create(configure);
        using var second = InstanceManagerClientFactory.Create(configure);

        await first.GetAsync("t1");
        await first.GetAsync("t1");
        await second.GetAsync("t1");

        Assert.Equal(2, _im.Count("GET"));
    }

    [Fact]
    public async Task Factory_ClientDisposedAsynchronously_ThrowsObjectDisposed()
    {
        var client = InstanceManagerClientFactory.Create(OptionsForServer());

        await client.DisposeAsync();
        await client.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await client.GetAsync("t1"));
        Assert.Empty(_im.Server.LogEntries);
    }

    [Fact]
    public void TheInjectedInterface_IsNotDisposable_OnlyTheFactorysClientIs()
    {
        Assert.False(typeof(IDisposable).IsAssignableFrom(typeof(IInstanceManagerClient)));
        Assert.False(typeof(IAsyncDisposable).IsAssignableFrom(typeof(IInstanceManagerClient)));
        Assert.True(typeof(IDisposable).IsAssignableFrom(typeof(StandaloneInstanceManagerClient)));
        Assert.True(typeof(IAsyncDisposable).IsAssignableFrom(typeof(StandaloneInstanceManagerClient)));
    }

    [Fact]
    public async Task CallsAfterDispose_ThrowObjectDisposed()
    {
        _im.GetAnswers("t1", (200, Succeeded));
        var client = InstanceManagerClientFactory.Create(OptionsForServer());
        await client.GetAsync("t1");

        client.Dispose();
        client.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await client.GetAsync("t1"));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.CreateAsync("t1"));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.DeleteAsync("t1"));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.GetAllAsync());
        Assert.Throws<ObjectDisposedException>(() => client.EnumerateAllAsync());
        Assert.Equal(1, _im.Count("GET"));
    }

    [Fact]
    public async Task DisposingTheContainer_MakesLaterCallsOfTheInjectedClientThrowObjectDisposed()
    {
        _im.DisposeServices();

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await _im.Client.GetAsync("t1"));
        Assert.Empty(_im.Server.LogEntries);
    }

    [Fact]
    public async Task DisposeDuringAPoll_EndsTheOperationAndSendsNoMoreRequests()
    {
        _im.Answer("POST", ImServer.TenantPath("t1"), 201);
        _im.GetAnswers("t1", (200, InProgress));

        var create = _im.Client.CreateAsync("t1");
        await _im.Clock.EndNextWaitAsync();
        await _im.Clock.WaitStartedAsync();
        _im.DisposeServices();

        var error = await Record.ExceptionAsync(() => create.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(error is OperationCanceledException or ObjectDisposedException, error?.ToString());
        _im.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1, _im.Count("GET"));
        Assert.Equal(1, _im.Count("POST"));
    }

    [Fact]
    public async Task DisposeOfAFactoryClientDuringAPoll_EndsTheOperationAndSendsNoMoreRequests()
    {
        var clock = NewClock();
        _im.Answer("DELETE", ImServer.TenantPath("t1"), 204);
        _im.GetAnswers("t1", (200, InstanceJson.Instance("t1", "DELETION_IN_PROGRESS")));
        var client = InstanceManagerClientFactory.Create(OptionsForServer(), timeProvider: clock);

        var delete = client.DeleteAsync("t1");
        await clock.EndNextWaitAsync();
        await clock.WaitStartedAsync();
        client.Dispose();

        var error = await Record.ExceptionAsync(() => delete.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(error is OperationCanceledException or ObjectDisposedException, error?.ToString());
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1, _im.Count("GET"));
    }

    [Fact]
    public async Task DisposeDuringARequest_EndsTheWaitingCallWithoutWaitingForTheServer()
    {
        var gate = new ServerGate(_im, "GET", ImServer.TenantPath("t1"), 200, Succeeded);

        var get = _im.Client.GetAsync("t1").AsTask();
        await gate.Entered;
        _im.DisposeServices();

        var error = await Record.ExceptionAsync(() => get.WaitAsync(TimeSpan.FromSeconds(30)));
        gate.Release();
        Assert.True(error is OperationCanceledException or ObjectDisposedException, error?.ToString());
        Assert.Equal(1, gate.Requests);
    }
}
