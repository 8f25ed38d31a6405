using InstanceManager.Tests.Infrastructure;

namespace InstanceManager.Tests;

/// <summary>Long-running operations against the Instance Manager: started, looked at once, resumed by id, for each status the service reports.</summary>
public sealed class InstanceManagerOperationTests : IDisposable
{
    private readonly ImServer _im = new(options => options.Resilience.MaxRetryAttempts = 0);

    public void Dispose() => _im.Dispose();

    [Theory]
    [InlineData("CREATION_SUCCEEDED", "the instance is CREATION_SUCCEEDED: it is not being deleted.")]
    [InlineData("CREATION_IN_PROGRESS", "the instance is CREATION_IN_PROGRESS: it is not being deleted.")]
    public async Task AResumedDelete_OfAnInstanceThatIsNotBeingDeleted_FailsSayingSo(string status, string reason)
    {
        _im.GetAnswers("t1", (200, InstanceJson.Instance("t1", status)));

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => _im.Clock.RunAsync(_im.Client.ResumeOperation("delete:t1").WaitForCompletionAsync()));

        Assert.EndsWith(reason, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AResumedDelete_ThatFailed_IsAFailedOperation()
    {
        _im.GetAnswers("t1", (200, InstanceJson.Instance("t1", "DELETION_IN_PROGRESS")), (200, InstanceJson.Instance("t1", "DELETION_FAILED", "locked")));

        var exception = await Assert.ThrowsAsync<InstanceOperationFailedException>(() => _im.Clock.RunAsync(_im.Client.ResumeOperation("delete:t1").WaitForCompletionAsync()));

        Assert.Equal("locked", exception.ServerDescription);
        Assert.Equal(2, _im.Count("GET", "t1"));
    }

    [Theory]
    [InlineData(404, "", "the tenant has no instance (the service answered 404): it was deleted, or its creation was never accepted.", 404)]
    [InlineData(200, "DELETION_IN_PROGRESS", "the instance is DELETION_IN_PROGRESS: it is being deleted, not created.", null)]
    public async Task AResumedCreate_OfATenantWithoutAnInstanceBeingCreated_FailsSayingWhy(int answer, string status, string reason, int? statusCode)
    {
        _im.GetAnswers("t1", (answer, answer == 200 ? InstanceJson.Instance("t1", status) : ""));

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => _im.Clock.RunAsync(_im.Client.ResumeOperation("create:t1").WaitForCompletionAsync()));

        Assert.EndsWith(reason, exception.Message, StringComparison.Ordinal);
        Assert.Equal(statusCode, exception.StatusCode);
    }

    [Fact]
    public async Task AResumedCreate_ThatFailed_IsAFailedOperation_AndOneThatSucceededReturnsTheInstance()
    {
        _im.GetAnswers("failed-1", (200, InstanceJson.Instance("failed-1", "CREATION_FAILED", "disk full")));
        _im.GetAnswers("t1", (200, InstanceJson.Instance("t1", "CREATION_IN_PROGRESS")), (200, InstanceJson.Instance("t1", "CREATION_SUCCEEDED")));

        var failure = await Assert.ThrowsAsync<InstanceOperationFailedException>(() => _im.Clock.RunAsync(_im.Client.ResumeOperation("create:failed-1").WaitForCompletionAsync()));
        var instance = await _im.Clock.RunAsync(_im.Client.ResumeOperation("create:t1").WaitForCompletionAsync());

        Assert.Equal("disk full", failure.ServerDescription);
        Assert.Equal(InstanceStatus.CreationSucceeded, instance!.Status);
    }

    [Theory]
    [InlineData("CREATION_IN_PROGRESS", false)]
    [InlineData("CREATION_SUCCEEDED", true)]
    public async Task StartCreate_WithAnUnknownOutcome_FindsTheInstance_AndDoesNotPostAgain(string status, bool completed)
    {
        _im.Answer("POST", ImServer.TenantPath("t1"), 502, """{"description":"bad gateway"}""");
        _im.GetAnswers("t1", (200, InstanceJson.Instance("t1", status)));

        var operation = await _im.Clock.RunAsync(_im.Client.StartCreateAsync("t1"));
        var done = await operation.UpdateStatusAsync();

        Assert.Equal(completed, done);
        Assert.Equal("create:t1", operation.Id);
        Assert.Equal(1, _im.Count("POST"));
    }

    [Fact]
    public async Task StartCreate_WithAnUnknownOutcome_AndAFailedInstance_FailsWithIt()
    {
        _im.Answer("POST", ImServer.TenantPath("t1"), 502, """{"description":"bad gateway"}""");
        _im.GetAnswers("t1", (200, InstanceJson.Instance("t1", "CREATION_FAILED", "quota")));

        var exception = await Assert.ThrowsAsync<InstanceOperationFailedException>(() => _im.Clock.RunAsync(_im.Client.StartCreateAsync("t1")));

        Assert.Equal("quota", exception.ServerDescription);
        Assert.Equal(1, _im.Count("POST"));
    }

    [Fact]
    public async Task StartDelete_OfATenantWithoutAnInstance_StartsNothing()
    {
        _im.Answer("DELETE", ImServer.TenantPath("t1"), 404, """{"description":"not found"}""");

        Assert.False(await _im.Clock.RunAsync(_im.Client.DeleteIfExistsAsync("t1")));
        Assert.Equal(0, _im.Count("GET"));
    }

    [Fact]
    public async Task ACreateWhoseInstanceVanishesWhilePolled_Is404()
    {
        _im.Answer("POST", ImServer.TenantPath("t1"), 201);
        _im.GetAnswers("t1", (200, InstanceJson.Instance("t1", "CREATION_IN_PROGRESS")), (404, ""));

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => _im.Clock.RunAsync(_im.Client.CreateAsync("t1")));

        Assert.Equal(404, exception.StatusCode);
        Assert.EndsWith("no instance found while polling (the service answered 404).", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADeleteAfterWhichTheInstanceIsStillThere_FailsNamingItsStatus()
    {
        _im.Answer("DELETE", ImServer.TenantPath("t1"), 204);
        _im.GetAnswers("t1", (200, InstanceJson.Instance("t1", "DELETION_IN_PROGRESS")), (200, InstanceJson.Instance("t1", "CREATION_SUCCEEDED")));

        var exception = await Assert.ThrowsAsync<InstanceOperationFailedException>(() => _im.Clock.RunAsync(_im.Client.DeleteAsync("t1")));

        Assert.Contains("is CREATION_SUCCEEDED", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheValueOfAnOperation_SaysWhyThereIsNone()
    {
        _im.Answer("POST", ImServer.TenantPath("t1"), 201);
        _im.Answer("DELETE", ImServer.TenantPath("t2"), 204);
        _im.GetAnswers("t3", (200, InstanceJson.Instance("t3", "CREATION_FAILED", "disk full")));

        var create = await _im.Client.StartCreateAsync("t1");
        var delete = await _im.Client.StartDeleteAsync("t2");
        var failed = _im.Client.ResumeOperation("create:t3");
        var failure = await Assert.ThrowsAsync<InstanceOperationFailedException>(() => failed.UpdateStatusAsync());

        Assert.Equal("Operation create:t1 has not completed: call UpdateStatusAsync or WaitForCompletionAsync first.", Assert.Throws<InvalidOperationException>(() => create.Value).Message);
        Assert.Equal("Operation delete:t2 is a delete: it has no value.", Assert.Throws<InvalidOperationException>(() => delete.Value).Message);
        var failedValue = Assert.Throws<InvalidOperationException>(() => failed.Value);
        Assert.Equal("Operation create:t3 failed: " + failure.Message, failedValue.Message);
        Assert.Same(failure, failedValue.InnerException);
    }

    [Fact]
    public async Task AnOperationThatEnded_IsNotLookedAtAgain()
    {
        _im.GetAnswers("t1", (200, InstanceJson.Instance("t1", "CREATION_SUCCEEDED")));
        _im.GetAnswers("t2", (200, InstanceJson.Instance("t2", "CREATION_FAILED", "disk full")));
        var succeeded = _im.Client.ResumeOperation("create:t1");
        var failed = _im.Client.ResumeOperation("create:t2");
        var instance = await _im.Clock.RunAsync(succeeded.WaitForCompletionAsync());
        var failure = await Assert.ThrowsAsync<InstanceOperationFailedException>(() => _im.Clock.RunAsync(failed.WaitForCompletionAsync()));

        Assert.True(await succeeded.UpdateStatusAsync());
        Assert.Same(instance, await _im.Clock.RunAsync(succeeded.WaitForCompletionAsync()));
        Assert.Same(failure, await Assert.ThrowsAsync<InstanceOperationFailedException>(() => _im.Clock.RunAsync(failed.WaitForCompletionAsync())));
        Assert.Same(failure, await Assert.ThrowsAsync<InstanceOperationFailedException>(() => _im.Clock.RunAsync(failed.UpdateStatusAsync())));
        Assert.Equal(1, _im.Count("GET", "t1"));
        Assert.Equal(1, _im.Count("GET", "t2"));
    }

    [Fact]
    public async Task ADeleteThatStartedNothing_HasEnded_WithoutAnyLook()
    {
        _im.Answer("DELETE", ImServer.TenantPath("t1"), 404, """{"description":"not found"}""");

        var operation = await _im.Client.StartDeleteAsync("t1");

        Assert.True(operation.HasCompleted);
        Assert.True(await operation.UpdateStatusAsync());
        Assert.Null(await operation.WaitForCompletionAsync());
        Assert.False(operation.HasValue);
        Assert.Equal(0, _im.Count("GET"));
    }

    [Fact]
    public async Task ALookAtARunningOperation_LeavesTheCacheAsItIs()
    {
        _im.GetAnswers("t1", (200, InstanceJson.Instance("t1", "CREATION_SUCCEEDED")), (200, InstanceJson.Instance("t1", "DELETION_IN_PROGRESS")));
        var cached = await _im.Client.GetAsync("t1");

        Assert.False(await _im.Client.ResumeOperation("delete:t1").UpdateStatusAsync());

        Assert.Same(cached, await _im.Client.GetAsync("t1"));
        Assert.Equal(2, _im.Count("GET", "t1"));
    }
}
