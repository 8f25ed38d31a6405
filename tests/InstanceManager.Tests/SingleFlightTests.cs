using InstanceManager.Tests.Infrastructure;

namespace InstanceManager.Tests;

public sealed class SingleFlightTests : IDisposable
{
    private static readonly string Succeeded = InstanceJson.Instance("t1", "CREATION_SUCCEEDED");

    private readonly ImServer _im = new();

    public void Dispose() => _im.Dispose();

    /// <summary>Makes the calls from many threads at once; completes when every call was made (not finished).</summary>
    private static async Task<Task<T>[]> ConcurrentlyAsync<T>(int count, Func<Task<T>> call)
    {
        var made = await Task.WhenAll(Enumerable.Range(0, count).Select(_ => Task.Run(() => new[] { call() })));
        return [.. made.Select(calls => calls[0])];
    }

    [Fact]
    public async Task AThousandConcurrentGets_SendOneRequest_AndAllGetTheResult()
    {
        var gate = new ServerGate(_im, "GET", ImServer.TenantPath("t1"), 200, Succeeded);

        var calls = await ConcurrentlyAsync(1000, () => _im.Client.GetAsync("t1").AsTask());
        await gate.Entered;
        Assert.DoesNotContain(calls, call => call.IsCompleted);
        gate.Release();
        var results = await Task.WhenAll(calls);

        Assert.Equal(1, gate.Requests);
        Assert.All(results, result => Assert.Same(results[0], result));
        Assert.Equal("t1", results[0]!.TenantId);
        Assert.Equal(InstanceStatus.CreationSucceeded, results[0]!.Status);
        Assert.Equal(1, _im.Count("GET"));
    }

    [Fact]
    public async Task ConcurrentGets_ThatFail_AllReceiveTheSameException()
    {
        var gate = new ServerGate(_im, "GET", ImServer.TenantPath("t1"), 500, """{"description":"database down"}""");

        var calls = await ConcurrentlyAsync(200, () => _im.Client.GetAsync("t1").AsTask());
        await gate.Entered;
        Assert.DoesNotContain(calls, call => call.IsCompleted);
        gate.Release();
        await Assert.ThrowsAsync<InstanceManagerException>(() => Task.WhenAll(calls));

        var errors = calls.Select(call => call.Exception!.InnerException).ToList();
        Assert.All(errors, error => Assert.Same(errors[0], error));
        Assert.Equal(500, ((InstanceManagerException)errors[0]!).StatusCode);
        Assert.Equal(1, gate.Requests);
    }

    [Fact]
    public async Task AfterAFailedFlight_TheNextCallSendsANewRequest()
    {
        _im.GetAnswers("t1", (500, """{"description":"down"}"""), (200, Succeeded));

        await Assert.ThrowsAsync<InstanceManagerException>(async () => await _im.Client.GetAsync("t1"));
        var instance = await _im.Client.GetAsync("t1");

        Assert.Equal(InstanceStatus.CreationSucceeded, instance!.Status);
        Assert.Equal(2, _im.Count("GET"));
    }

    [Fact]
    public async Task ConcurrentCreates_SendOnePost_AndAllComplete()
    {
        var gate = new ServerGate(_im, "POST", ImServer.TenantPath("t1"), 201);
        _im.GetAnswers("t1", (200, Succeeded));

        var calls = await ConcurrentlyAsync(100, () => _im.Client.CreateAsync("t1"));
        await gate.Entered;
        Assert.DoesNotContain(calls, call => call.IsCompleted);
        gate.Release();
        var results = await _im.Clock.RunAsync(Task.WhenAll(calls));

        Assert.Equal(1, gate.Requests);
        Assert.All(results, result => Assert.Same(results[0], result));
        Assert.Equal(InstanceStatus.CreationSucceeded, results[0].Status);
        Assert.Equal(1, _im.Count("GET"));
    }

    [Fact]
    public async Task ConcurrentDeletes_SendOneDelete_AndAllComplete()
    {
        var gate = new ServerGate(_im, "DELETE", ImServer.TenantPath("t1"), 204);
        _im.GetAnswers("t1", (404, ""));

        var calls = await ConcurrentlyAsync(100, async () =>
        {
            await _im.Client.DeleteAsync("t1");
            return true;
        });
        await gate.Entered;
        Assert.DoesNotContain(calls, call => call.IsCompleted);
        gate.Release();
        await _im.Clock.RunAsync(Task.WhenAll(calls));

        Assert.Equal(1, gate.Requests);
        Assert.Equal(1, _im.Count("GET"));
    }

    [Fact]
    public async Task ACallerCancellingItsOwnToken_LeavesAlone_TheOthersGetTheResult()
    {
        var gate = new ServerGate(_im, "GET", ImServer.TenantPath("t1"), 200, Succeeded);
        using var impatient = new CancellationTokenSource();

        var cancelled = _im.Client.GetAsync("t1", impatient.Token).AsTask();
        var others = await ConcurrentlyAsync(10, () => _im.Client.GetAsync("t1").AsTask());
        await gate.Entered;
        await impatient.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.DoesNotContain(others, call => call.IsCompleted);
        gate.Release();
        var results = await Task.WhenAll(others);

        Assert.All(results, result => Assert.Equal(InstanceStatus.CreationSucceeded, result!.Status));
        Assert.Equal(1, gate.Requests);
        Assert.Equal(1, _im.Count("GET"));
    }

    [Fact]
    public async Task WhenEveryCallerCancels_TheSharedWorkStopsAndSendsNoFurtherRequest()
    {
        _im.GetAnswers("t1", (200, InstanceJson.Instance("t1", "CREATION_IN_PROGRESS")));
        using var first = new CancellationTokenSource();
        using var second = new CancellationTokenSource();

        var a = _im.Client.GetAsync("t1", first.Token).AsTask();
        var b = _im.Client.GetAsync("t1", second.Token).AsTask();
        await _im.Clock.WaitStartedAsync();
        await first.CancelAsync();
        await second.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => a);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => b);
        _im.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1, _im.Count("GET"));

        _im.Server.ResetMappings();
        _im.GetAnswers("t1", (200, Succeeded));
        Assert.Equal(InstanceStatus.CreationSucceeded, (await _im.Client.GetAsync("t1"))!.Status);
        Assert.Equal(2, _im.Count("GET"));
    }

    [Fact]
    public async Task AnAlreadyCancelledToken_ThrowsAndSendsNoRequest()
    {
        _im.GetAnswers("t1", (200, Succeeded));
        _im.Answer("POST", ImServer.TenantPath("t1"), 201);
        _im.Answer("DELETE", ImServer.TenantPath("t1"), 204);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        for (var attempt = 0; attempt < 50; attempt++)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await _im.Client.GetAsync("t1", cancelled.Token));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _im.Client.CreateAsync("t1", cancellationToken: cancelled.Token));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _im.Client.DeleteAsync("t1", cancelled.Token));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _im.Client.GetAllAsync(cancelled.Token));
        }

        Assert.Empty(_im.Server.LogEntries);
    }

    [Fact]
    public async Task DifferentTenants_DoNotWaitForEachOther()
    {
        var gate = new ServerGate(_im, "GET", ImServer.TenantPath("t1"), 200, Succeeded);
        _im.GetAnswers("t2", (200, InstanceJson.Instance("t2", "CREATION_SUCCEEDED")));

        var t1 = _im.Client.GetAsync("t1").AsTask();
        await gate.Entered;
        var t2 = await _im.Client.GetAsync("t2");

        Assert.Equal("t2", t2!.TenantId);
        Assert.False(t1.IsCompleted);
        gate.Release();
        Assert.Equal("t1", (await t1)!.TenantId);
        Assert.Equal(1, _im.Count("GET", "t2"));
        Assert.Equal(1, gate.Requests);
    }

    [Fact]
    public async Task ConcurrentGetsOfManyTenants_SendOneRequestPerTenant()
    {
        var tenants = Enumerable.Range(0, 20).Select(index => "t" + index).ToArray();
        foreach (var tenant in tenants)
        {
            _im.GetAnswers(tenant, (200, InstanceJson.Instance(tenant, "CREATION_SUCCEEDED")));
        }

        var next = -1;
        var calls = await ConcurrentlyAsync(tenants.Length * 20, () => _im.Client.GetAsync(tenants[Interlocked.Increment(ref next) % tenants.Length]).AsTask());
        var results = await Task.WhenAll(calls);

        Assert.Equal(tenants.Length * 20, results.Length);
        Assert.All(results, result => Assert.Equal(InstanceStatus.CreationSucceeded, result!.Status));
        Assert.Equal(tenants.Select(tenant => (tenant, 20)), results.GroupBy(result => result!.TenantId).Select(group => (group.Key, group.Count())).OrderBy(pair => int.Parse(pair.Key[1..], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.All(tenants, tenant => Assert.Equal(1, _im.Count("GET", tenant)));
    }
}
