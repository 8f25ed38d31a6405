using InstanceManager.Tests.Infrastructure;

namespace InstanceManager.Tests.Hardening;

/// <summary>A POST is never replayed blindly: after an answer that leaves its outcome unknown, the client looks first.</summary>
public sealed class SafeCreateTests : IDisposable
{
    private readonly ImServer _im = new();

    public void Dispose() => _im.Dispose();

    [Fact]
    public async Task CreateAsync_PostOutcomeUnknownButInstanceExists_PollsItWithoutPostingAgain()
    {
        _im.Answer("POST", ImServer.TenantPath("t1"), 502, "Bad Gateway");
        _im.GetAnswers("t1", (200, InstanceJson.Instance("t1", "CREATION_IN_PROGRESS")), (200, InstanceJson.Instance("t1", "CREATION_SUCCEEDED")));

        var instance = await _im.Clock.RunAsync(_im.Client.CreateAsync("t1"));

        Assert.Equal(InstanceStatus.CreationSucceeded, instance.Status);
        Assert.Equal(1, _im.Count("POST"));
        Assert.Equal(2, _im.Count("GET"));

        // The instance was just seen in progress: the next look waits one polling interval.
        Assert.Equal([_im.Options.PollingInterval], _im.Clock.Waits);
    }

    [Fact]
    public async Task CreateAsync_PostOutcomeUnknownButInstanceInProgress_WaitsBeforeTheNextLook_EvenWhereNewOperationsArePolledAtOnce()
    {
        using var im = new ImServer(options => options.PollingStrategy = PollingStrategy.ReferenceCompatible);
        im.Answer("POST", ImServer.TenantPath("t1"), 502, "Bad Gateway");
        im.GetAnswers("t1", (200, InstanceJson.Instance("t1", "CREATION_IN_PROGRESS")), (200, InstanceJson.Instance("t1", "CREATION_SUCCEEDED")));

        await im.Clock.RunAsync(im.Client.CreateAsync("t1"));

        Assert.Equal([im.Options.PollingInterval], im.Clock.Waits);
        Assert.Equal(2, im.Count("GET"));
    }

    [Fact]
    public async Task CreateAsync_PostOutcomeUnknownAndNoInstance_PostsOnceMore()
    {
        _im.Answers("POST", ImServer.TenantPath("t1"), (503, """{"description":"overloaded"}"""), (201, ""));
        _im.GetAnswers("t1", (404, ""), (200, InstanceJson.Instance("t1", "CREATION_SUCCEEDED")));

        var instance = await _im.Clock.RunAsync(_im.Client.CreateAsync("t1"));

        Assert.Equal(InstanceStatus.CreationSucceeded, instance.Status);
        Assert.Equal(2, _im.Count("POST"));
    }

    [Fact]
    public async Task CreateAsync_SecondPostAnswers409_WaitsForTheInstanceTheFirstPostCreated()
    {
        _im.Answers("POST", ImServer.TenantPath("t1"), (504, ""), (409, """{"description":"instance already exists"}"""));
        _im.GetAnswers("t1", (404, ""), (200, InstanceJson.Instance("t1", "CREATION_IN_PROGRESS")), (200, InstanceJson.Instance("t1", "CREATION_SUCCEEDED")));

        var instance = await _im.Clock.RunAsync(_im.Client.CreateAsync("t1"));

        Assert.Equal(InstanceStatus.CreationSucceeded, instance.Status);
        Assert.Equal(2, _im.Count("POST"));
    }

    [Fact]
    public async Task CreateAsync_PostOutcomeUnknownAndInstanceFailed_ThrowsWithFailedMessage()
    {
        _im.Answer("POST", ImServer.TenantPath("t1"), 503);
        _im.GetAnswers("t1", (200, InstanceJson.Instance("t1", "CREATION_FAILED", "quota exceeded")));

        var exception = await Assert.ThrowsAsync<InstanceOperationFailedException>(() => _im.Clock.RunAsync(_im.Client.CreateAsync("t1")));

        Assert.Contains("quota exceeded", exception.Message, StringComparison.Ordinal);
        Assert.Equal(1, _im.Count("POST"));
    }

    [Fact]
    public async Task CreateAsync_DefiniteRejection_NeitherLooksNorPostsAgain()
    {
        _im.Answer("POST", ImServer.TenantPath("t1"), 400, """{"description":"invalid provisioning parameters"}""");

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => _im.Clock.RunAsync(_im.Client.CreateAsync("t1")));

        Assert.Equal(400, exception.StatusCode);
        Assert.False(exception.IsTransient);
        Assert.Equal(1, _im.Count("POST"));
        Assert.Equal(0, _im.Count("GET"));
    }

    [Fact]
    public async Task CreateAsync_PostOutcomeUnknownButInstanceAlreadySucceeded_ReturnsItWithoutPollingOrPosting()
    {
        _im.Answer("POST", ImServer.TenantPath("t1"), 504);
        _im.GetAnswers("t1", (200, InstanceJson.Instance("t1", "CREATION_SUCCEEDED")));

        var instance = await _im.Clock.RunAsync(_im.Client.CreateAsync("t1"));

        Assert.Equal(InstanceStatus.CreationSucceeded, instance.Status);
        Assert.Equal("t1", instance.TenantId);
        Assert.Equal(1, _im.Count("POST"));
        Assert.Equal(1, _im.Count("GET"));
    }

    [Fact]
    public async Task CreateAsync_BothPostsOutcomeUnknown_ThrowsATransientErrorNamingTheFirstWithTheSecondInside()
    {
        _im.Answers("POST", ImServer.TenantPath("t1"), (503, """{"description":"overloaded"}"""), (502, """{"description":"gateway lost"}"""));
        _im.GetAnswers("t1", (404, ""));

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => _im.Clock.RunAsync(_im.Client.CreateAsync("t1")));

        Assert.True(exception.IsTransient);
        Assert.Equal(503, exception.StatusCode);
        Assert.Equal("overloaded", exception.ServerDescription);
        var again = Assert.IsType<InstanceManagerException>(exception.InnerException);
        Assert.Equal(502, again.StatusCode);
        Assert.Equal(2, _im.Count("POST"));
        Assert.Equal(1, _im.Count("GET"));
    }

    [Fact]
    public async Task CreateAsync_SecondPostAnswers409ButNothingIsThere_ThrowsTheConflict()
    {
        _im.Answers("POST", ImServer.TenantPath("t1"), (502, ""), (409, """{"description":"instance already exists"}"""));
        _im.GetAnswers("t1", (404, ""));

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => _im.Clock.RunAsync(_im.Client.CreateAsync("t1")));

        Assert.Equal(409, exception.StatusCode);
        Assert.False(exception.IsTransient);
        Assert.Equal(2, _im.Count("POST"));
        Assert.Equal(2, _im.Count("GET"));
    }
}
