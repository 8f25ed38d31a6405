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
            await Assert.ThrowsAsync<ObjectDisposedException>(() => _im.Client.StartCreateAsync("t1"));
            await Assert.ThrowsAsync<ObjectDisposedException>(() => _im.Client.StartDeleteAsync("t1"));
            await Assert.ThrowsAsync<ObjectDisposedException>(() => _im.Client.DeleteIfExistsAsync("t1"));
            await Assert.ThrowsAsync<ObjectDisposedException>(() => _im.Client.InvalidateAsync("t1"));
            Assert.Throws<ObjectDisposedException>(() => _im.Client.ResumeOperation("create:t1"));

            Assert.Empty(OperationsUnder(parent));
        }

        Assert.Empty(_im.Server.LogEntries);
    }

    [Fact]
    public async Task AfterDispose_ACachedInstanceIsNoLongerServed_AndOperationsStartedBeforeNoLongerAskTheService()
    {
        _im.GetAnswers("t1", (200, Succeeded));
        Assert.NotNull(await _im.Client.GetAsync("t1"));
        var operation = _im.Client.ResumeOperation("create:t2");

        _im.DisposeServices();

        using (var parent = new Activity("after dispose").Start())
        {
            await Assert.ThrowsAsync<ObjectDisposedException>(async () => await _im.Client.GetAsync("t1"));
            await Assert.ThrowsAsync<ObjectDisposedException>(() => operation.UpdateStatusAsync());
            await Assert.ThrowsAsync<ObjectDisposedException>(() => operation.WaitForCompletionAsync());

            Assert.Empty(OperationsUnder(parent));
        }

        Assert.Single(_im.Server.LogEntries);
    }

    [Fact]
    public void DisposingTheClientTwice_IsHarmless()
    {
        var client = Assert.IsAssignableFrom<IDisposable>(_im.Client);
        client.Dispose();

        // The container disposes it once more.
        Assert.Null(Record.Exception(_im.DisposeServices));
    }

    [Fact]
    public async Task AnIdThatNormalizesToACachedTenant_IsACacheHit()
    {
        using var meters = new MeterCapture(_im.Services);
        _im.GetAnswers("t1", (200, Succeeded));
        var cached = await _im.Client.GetAsync("t1");

        var padded = await _im.Client.GetAsync("  t1 ");

        Assert.Same(cached, padded);
        Assert.Equal(1, _im.Count("GET"));
        Assert.Equal(1, meters.Of(InstanceManagerTelemetry.CacheHits).Sum(measurement => measurement.Value));
        Assert.Equal(1, meters.Of(InstanceManagerTelemetry.CacheMisses).Sum(measurement => measurement.Value));
    }

    [Fact]
    public async Task AGetDuringADelete_DoesNotServeTheCachedInstance()
    {
        _im.GetAnswers("t1", (200, Succeeded), (200, InstanceJson.Instance("t1", "DELETION_IN_PROGRESS")), (404, ""));
        Assert.NotNull(await _im.Client.GetAsync("t1"));
        var gate = new ServerGate(_im, "DELETE", ImServer.TenantPath("t1"), 204);

        var delete = _im.Client.DeleteAsync("t1");
        await gate.Entered;
        var during = await _im.Client.GetAsync("t1");
        gate.Release();
        await _im.Clock.RunAsync(delete);

        Assert.Equal(InstanceStatus.DeletionInProgress, during!.Status);
        Assert.Equal(3, _im.Count("GET"));
    }

    [Fact]
    public async Task StartingADelete_InvalidatingAndADeleteFollowedToItsEnd_EachDropTheCachedInstance()
    {
        _im.GetAnswers("t1", (200, Succeeded), (200, Succeeded), (200, Succeeded), (404, ""));
        _im.Answer("DELETE", ImServer.TenantPath("t1"), 204);

        Assert.NotNull(await _im.Client.GetAsync("t1"));
        await _im.Client.InvalidateAsync("t1");
        Assert.NotNull(await _im.Client.GetAsync("t1"));
        Assert.Equal(2, _im.Count("GET"));

        await _im.Client.StartDeleteAsync("t1");
        Assert.NotNull(await _im.Client.GetAsync("t1"));
        Assert.Equal(3, _im.Count("GET"));

        // The delete, resumed by id, ends (404); the instance read meanwhile is no longer served.
        Assert.True(await _im.Client.ResumeOperation("delete:t1").UpdateStatusAsync());
        Assert.Null(await _im.Client.GetAsync("t1"));
        Assert.Equal(5, _im.Count("GET"));
    }

    [Fact]
    public async Task OperationsStartedAndFollowed_ReportTheirOutcome()
    {
        _im.Answer("POST", ImServer.TenantPath("t1"), 201);
        _im.GetAnswers("t1", (200, InstanceJson.Instance("t1", "CREATION_IN_PROGRESS")), (200, Succeeded));
        _im.Answer("DELETE", ImServer.TenantPath("t2"), 204);
        _im.GetAnswers("t2", (200, InstanceJson.Instance("t2", "DELETION_IN_PROGRESS")));
        _im.Answer("DELETE", ImServer.TenantPath("t3"), 404, """{"description":"not found"}""");
        _im.GetAnswers("t4", (200, InstanceJson.Instance("t4", "CREATION_FAILED", "quota exceeded")));

        string[] operations;
        using (var parent = new Activity("operations").Start())
        {
            var create = await _im.Client.StartCreateAsync("t1");
            Assert.False(await create.UpdateStatusAsync());
            Assert.True(await create.UpdateStatusAsync());
            var delete = await _im.Client.StartDeleteAsync("t2");
            Assert.False(await delete.UpdateStatusAsync());
            await _im.Client.StartDeleteAsync("t3");
            await Assert.ThrowsAsync<InstanceOperationFailedException>(() => _im.Client.ResumeOperation("create:t4").UpdateStatusAsync());
            operations = OperationsUnder(parent);
        }

        Assert.Equal(["Create:success", "Create:success", "Create:success", "Delete:success", "Delete:success", "Delete:not_found", "Create:failed"], operations);
    }

    [Fact]
    public async Task OperationsCancelledByTheCaller_ReportCancelled_WithoutARequest()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        string[] operations;
        using (var parent = new Activity("cancelled").Start())
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _im.Client.CreateAsync("t1", cancellationToken: cancelled.Token));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _im.Client.StartCreateAsync("t1", cancellationToken: cancelled.Token));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _im.Client.GetAllAsync(cancelled.Token));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _im.Client.DeleteAsync("t1", cancelled.Token));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _im.Client.StartDeleteAsync("t1", cancelled.Token));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _im.Client.ResumeOperation("delete:t1").UpdateStatusAsync(cancelled.Token));
            operations = OperationsUnder(parent);
        }

        Assert.Equal(["Create:cancelled", "Create:cancelled", "GetAll:cancelled", "Delete:cancelled", "Delete:cancelled", "Delete:cancelled"], operations);
        Assert.Empty(_im.Server.LogEntries);
    }

    [Fact]
    public async Task OperationsThatFail_ReportAnError()
    {
        const string Refused = """{"description":"refused"}""";
        _im.Answer("POST", ImServer.TenantPath("t1"), 400, Refused);
        _im.Answer("DELETE", ImServer.TenantPath("t1"), 400, Refused);
        _im.Answer("GET", ImServer.BasePath, 403, Refused);
        _im.GetAnswers("t1", (403, Refused));

        string[] operations;
        using (var parent = new Activity("failures").Start())
        {
            await Assert.ThrowsAsync<InstanceManagerException>(() => _im.Client.CreateAsync("t1"));
            await Assert.ThrowsAsync<InstanceManagerException>(() => _im.Client.StartCreateAsync("t1"));
            await Assert.ThrowsAsync<InstanceManagerException>(() => _im.Client.GetAllAsync());
            await Assert.ThrowsAsync<InstanceManagerException>(() => _im.Client.DeleteAsync("t1"));
            await Assert.ThrowsAsync<InstanceManagerException>(() => _im.Client.StartDeleteAsync("t1"));
            await Assert.ThrowsAsync<InstanceManagerException>(() => _im.Client.ResumeOperation("delete:t1").UpdateStatusAsync());
            operations = OperationsUnder(parent);
        }

        Assert.Equal(["Create:error", "Create:error", "GetAll:error", "Delete:error", "Delete:error", "Delete:error"], operations);
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
