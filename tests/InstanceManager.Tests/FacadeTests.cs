using System.Collections.Concurrent;
using System.Diagnostics;
using InstanceManager.Diagnostics;
using InstanceManager.Tests.Infrastructure;

namespace InstanceManager.Tests;

/// <summary>What the client itself (not the backend) promises: disposal, the cache around a delete, the outcome its telemetry reports.</summary>
public sealed class FacadeTests : IDisposable
{
    private static readonly string Succeeded = InstanceJson.Instance("t1", "CREATION_SUCCEEDED");

    private readonly ImServer _im = new();
    private readonly ConcurrentQueue<Activity> _activities = new();
    private readonly ActivityListener _listener;

    public FacadeTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is InstanceManagerTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _activities.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _im.Dispose();
    }

    /// <summary>The operations of this client that ended within <paramref name="parent"/> (tests of other classes run in parallel; the parent is started without a source, so it exists whatever listeners sample), as "operation:outcome".</summary>
    private string[] OperationsUnder(Activity parent) =>
        [.. _activities
            .Where(activity => activity.Source.Name == InstanceManagerTelemetry.Name && activity.ParentSpanId == parent.SpanId)
            .Select(activity => $"{activity.GetTagItem(InstanceManagerTelemetry.OperationTag)}:{activity.GetTagItem(InstanceManagerTelemetry.OutcomeTag)}")];

    [Fact]
    public async Task EveryCallAfterDispose_ThrowsObjectDisposed_BeforeStartingAnOperation()
    {
        _im.DisposeServices();

        using (var parent = new Activity("after dispose").Start())
        {
            await Assert.ThrowsAsync<ObjectDisposedException>(() => _im.Client.CreateAsync("t1"));
            await Assert.ThrowsAsync<ObjectDisposedException>(async () => await _im.Client.GetAsync("t1"));
            await Assert.ThrowsAsync<ObjectDisposedException>(() => _im.Client.GetAllAsync());
            await Assert.ThrowsAsync<ObjectDisposedException>(() => _im.Client.DeleteAsync("t1"));
            Assert.Throws<ObjectDisposedException>(() => _im.Client.EnumerateAllAsync());

            Assert.Empty(OperationsUnder(parent));
        }

        Assert.Empty(_im.Server.LogEntries);
    }

    [Fact]
    public async Task AGetRacingADelete_DoesNotLeaveTheDeletedInstanceInTheCache()
    {
        var gate = new ServerGate(_im, "DELETE", ImServer.TenantPath("t1"), 204);
        _im.GetAnswers("t1", (200, Succeeded), (404, ""));

        var delete = _im.Client.DeleteAsync("t1");
        await gate.Entered;
        var raced = await _im.Client.GetAsync("t1");
        gate.Release();
        await _im.Clock.RunAsync(delete);
        var afterDelete = await _im.Client.GetAsync("t1");

        Assert.Equal(InstanceStatus.CreationSucceeded, raced!.Status);
        Assert.Null(afterDelete);
        Assert.Equal(3, _im.Count("GET"));
    }

    [Fact]
    public async Task AListRacingADelete_DoesNotPutTheDeletedInstanceBackIntoTheCache()
    {
        var gate = new ServerGate(_im, "GET", ImServer.BasePath, 200, InstanceJson.List(InstanceJson.Node("t1", "CREATION_SUCCEEDED"), InstanceJson.Node("t2", "CREATION_SUCCEEDED")));
        _im.Answers("DELETE", ImServer.TenantPath("t1"), (204, ""));
        _im.GetAnswers("t1", (404, ""));

        var list = _im.Client.GetAllAsync();
        await gate.Entered;
        await _im.Clock.RunAsync(_im.Client.DeleteAsync("t1"));
        gate.Release();
        var listed = await list;
        var getsOfT1 = _im.Count("GET", "t1");
        var afterDelete = await _im.Client.GetAsync("t1");

        // The list was read before the delete and still holds t1; the cache does not take it from there.
        Assert.Equal(["t1", "t2"], listed.Select(instance => instance.TenantId));
        Assert.Null(afterDelete);
        Assert.Equal(getsOfT1 + 1, _im.Count("GET", "t1"));
    }

    [Fact]
    public async Task GetAndGetAll_ReportWhetherTheyFoundSomething()
    {
        _im.GetAnswers("t1", (200, Succeeded));
        _im.GetAnswers("t2", (404, ""));
        _im.Answers("GET", ImServer.BasePath, (200, "[]"), (200, InstanceJson.List(InstanceJson.Node("t1", "CREATION_SUCCEEDED"))));

        string[] operations;
        using (var parent = new Activity("lookups").Start())
        {
            Assert.Null(await _im.Client.GetAsync("t2"));
            Assert.NotNull(await _im.Client.GetAsync("t1"));
            Assert.Empty(await _im.Client.GetAllAsync());
            Assert.Single(await _im.Client.GetAllAsync());
            operations = OperationsUnder(parent);
        }

        Assert.Equal(["Get:not_found", "Get:success", "GetAll:not_found", "GetAll:success"], operations);
    }
}
