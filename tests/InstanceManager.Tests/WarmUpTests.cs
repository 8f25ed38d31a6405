using InstanceManager.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace InstanceManager.Tests;

public sealed class WarmUpTests
{
    [Fact]
    public async Task WarmUp_ListsOnceInTheBackground_ThenGetsAreCacheHits()
    {
        using var im = new ImServer(configureServices: services => services.AddInstanceManagerCacheWarmUp());
        im.Answer("GET", ImServer.BasePath, 200, InstanceJson.List(InstanceJson.Node("t1", "CREATION_SUCCEEDED"), InstanceJson.Node("t2", "CREATION_IN_PROGRESS")));
        var hosted = im.Services.GetServices<IHostedService>().ToList();

        foreach (var service in hosted)
        {
            await service.StartAsync(CancellationToken.None);
        }

        // The host's start does not wait for the list; the background task does.
        var warmUp = Assert.IsAssignableFrom<BackgroundService>(Assert.Single(hosted));
        await warmUp.ExecuteTask!;
        Assert.Equal(1, im.Count("GET"));
        Assert.Equal(InstanceStatus.CreationSucceeded, (await im.Client.GetAsync("t1"))!.Status);
        Assert.Equal(1, im.Count("GET"));
        await warmUp.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task WarmUp_ServiceDown_LogsAndTheApplicationGoesOn()
    {
        var logs = new LogCapture();
        using var im = new ImServer(
            options => options.Resilience.MaxRetryAttempts = 0,
            services =>
            {
                services.AddInstanceManagerCacheWarmUp();
                services.AddLogging(logging => logging.AddProvider(logs));
            });
        im.Answer("GET", ImServer.BasePath, 500, """{"description":"list unavailable"}""");
        var warmUp = Assert.IsAssignableFrom<BackgroundService>(Assert.Single(im.Services.GetServices<IHostedService>()));

        await warmUp.StartAsync(CancellationToken.None);
        await warmUp.ExecuteTask!;

        Assert.True(warmUp.ExecuteTask!.IsCompletedSuccessfully);
        var warning = Assert.Single(logs.Entries, entry => entry.EventId.Id == 8);
        Assert.Contains("list unavailable", warning.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WarmUp_LogsHowManyInstancesTheListHad()
    {
        var logs = new LogCapture();
        using var im = new ImServer(configureServices: services =>
        {
            services.AddInstanceManagerCacheWarmUp();
            services.AddLogging(logging => logging.AddProvider(logs));
        });
        im.Answer("GET", ImServer.BasePath, 200, InstanceJson.List(InstanceJson.Node("t1", "CREATION_SUCCEEDED"), InstanceJson.Node("t2", "CREATION_SUCCEEDED"), InstanceJson.Node("t3", "DELETION_FAILED")));
        var warmUp = Assert.IsAssignableFrom<BackgroundService>(Assert.Single(im.Services.GetServices<IHostedService>()));

        await warmUp.StartAsync(CancellationToken.None);
        await warmUp.ExecuteTask!;

        var warmed = Assert.Single(logs.Entries, entry => entry.EventId.Id == 7);
        Assert.Contains("Cache warmed up with the list of 3 instances.", warmed.Text, StringComparison.Ordinal);
        await warmUp.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task WarmUp_StoppedWhileListing_EndsQuietly()
    {
        var logs = new LogCapture();
        using var im = new ImServer(configureServices: services =>
        {
            services.AddInstanceManagerCacheWarmUp();
            services.AddLogging(logging => logging.AddProvider(logs));
        });
        var list = new ServerGate(im, "GET", ImServer.BasePath, 200, InstanceJson.List());
        var warmUp = Assert.IsAssignableFrom<BackgroundService>(Assert.Single(im.Services.GetServices<IHostedService>()));

        await warmUp.StartAsync(CancellationToken.None);
        await list.Entered;
        await warmUp.StopAsync(CancellationToken.None);
        list.Release();

        Assert.True(warmUp.ExecuteTask!.IsCompletedSuccessfully);
        Assert.DoesNotContain(logs.Entries, entry => entry.EventId.Id is 7 or 8);
    }

    [Fact]
    public void WithoutTheCall_NoHostedService()
    {
        using var im = new ImServer();

        Assert.Empty(im.Services.GetServices<IHostedService>());
    }
}
