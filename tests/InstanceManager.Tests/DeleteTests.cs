using InstanceManager.Tests.Infrastructure;

namespace InstanceManager.Tests;

public sealed class DeleteTests : IDisposable
{
    private readonly ImServer _im = new();

    public void Dispose() => _im.Dispose();

    [Fact]
    public async Task DeleteAsync_Answered204_PollsUntil404()
    {
        _im.Answer("DELETE", ImServer.TenantPath("t1"), 204);
        _im.GetAnswers(
            "t1",
            (200, InstanceJson.Instance("t1", "DELETION_IN_PROGRESS")),
            (200, InstanceJson.Instance("t1", "DELETION_IN_PROGRESS")),
            (404, ""));

        await _im.Clock.RunAsync(_im.Client.DeleteAsync("t1"));

        Assert.Equal(1, _im.Count("DELETE", "t1"));
        Assert.Equal(3, _im.Count("GET", "t1"));
        Assert.Equal(3, _im.Clock.Waits.Count);
    }

    [Fact]
    public async Task DeleteAsync_WhenDeletionFails_ThrowsInstanceOperationFailedWithFailedMessage()
    {
        _im.Answer("DELETE", ImServer.TenantPath("t1"), 204);
        _im.GetAnswers(
            "t1",
            (200, InstanceJson.Instance("t1", "DELETION_IN_PROGRESS")),
            (200, InstanceJson.Instance("t1", "DELETION_FAILED", failedMessage: "container in use")));

        var error = await Assert.ThrowsAsync<InstanceOperationFailedException>(() => _im.Clock.RunAsync(_im.Client.DeleteAsync("t1")));

        Assert.Equal("Delete", error.Operation);
        Assert.Equal("t1", error.TenantId);
        Assert.Null(error.StatusCode);
        Assert.Equal(InstanceStatus.DeletionFailed, error.Instance!.Status);
        Assert.Equal("container in use", error.ServerDescription);
        Assert.Contains("Status of instance for tenant 't1' is DELETION_FAILED. Reason: container in use.", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(2, _im.Count("GET"));
    }

    [Fact]
    public async Task DeleteAsync_WhenNoInstance_Throws404AndDoesNotPoll()
    {
        _im.Answer("DELETE", ImServer.TenantPath("t1"), 404, """{"description":"Instance for tenant t1 not found"}""");

        var error = await Assert.ThrowsAsync<InstanceManagerException>(() => _im.Client.DeleteAsync("t1"));

        Assert.Equal(404, error.StatusCode);
        Assert.Equal("Delete", error.Operation);
        Assert.Equal("Instance for tenant t1 not found", error.ServerDescription);
        Assert.Contains("404", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _im.Count("GET"));
    }

    [Fact]
    public async Task DeleteAsync_WhenServiceAnswersOtherThan204_ThrowsWithThatStatus()
    {
        _im.Answer("DELETE", ImServer.TenantPath("t1"), 200, InstanceJson.Instance("t1", "DELETION_IN_PROGRESS"));

        var error = await Assert.ThrowsAsync<InstanceManagerException>(() => _im.Client.DeleteAsync("t1"));

        Assert.Equal(200, error.StatusCode);
        Assert.Equal(0, _im.Count("GET"));
    }

    [Fact]
    public async Task DeleteAsync_WhenStatusIsNeitherInProgressNorGone_Throws()
    {
        _im.Answer("DELETE", ImServer.TenantPath("t1"), 204);
        _im.GetAnswers("t1", (200, InstanceJson.Instance("t1", "CREATION_SUCCEEDED")));

        var error = await Assert.ThrowsAsync<InstanceOperationFailedException>(() => _im.Clock.RunAsync(_im.Client.DeleteAsync("t1")));

        Assert.Contains("CREATION_SUCCEEDED", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, _im.Count("GET"));
    }

    [Fact]
    public async Task DeleteAsync_RemovesTheTenantFromTheCache()
    {
        _im.GetAnswers("t1", (200, InstanceJson.Instance("t1", "CREATION_SUCCEEDED")));
        await _im.Client.GetAsync("t1");
        _im.Server.ResetMappings();
        _im.Answer("DELETE", ImServer.TenantPath("t1"), 204);
        _im.GetAnswers("t1", (404, ""));

        await _im.Clock.RunAsync(_im.Client.DeleteAsync("t1"));
        var after = await _im.Client.GetAsync("t1");

        Assert.Null(after);
        Assert.Equal(3, _im.Count("GET", "t1"));
    }

    [Fact]
    public async Task DeleteAsync_WhenTheServiceRefuses_StillRemovesTheTenantFromTheCache()
    {
        _im.GetAnswers("t1", (200, InstanceJson.Instance("t1", "CREATION_SUCCEEDED")));
        await _im.Client.GetAsync("t1");
        _im.Answer("DELETE", ImServer.TenantPath("t1"), 500, """{"description":"try later"}""");

        await Assert.ThrowsAsync<InstanceManagerException>(() => _im.Client.DeleteAsync("t1"));
        await _im.Client.GetAsync("t1");

        Assert.Equal(2, _im.Count("GET", "t1"));
    }

    [Fact]
    public async Task DeleteAsync_DoesNotTouchOtherTenantsInTheCache()
    {
        _im.GetAnswers("t2", (200, InstanceJson.Instance("t2", "CREATION_SUCCEEDED")));
        await _im.Client.GetAsync("t2");
        _im.Answer("DELETE", ImServer.TenantPath("t1"), 204);
        _im.GetAnswers("t1", (404, ""));

        await _im.Clock.RunAsync(_im.Client.DeleteAsync("t1"));
        await _im.Client.GetAsync("t2");

        Assert.Equal(1, _im.Count("GET", "t2"));
    }
}
