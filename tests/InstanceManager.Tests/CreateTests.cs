using System.Text.Json.Nodes;
using InstanceManager.Tests.Infrastructure;

namespace InstanceManager.Tests;

public sealed class CreateTests : IDisposable
{
    private readonly ImServer _im = new();

    public void Dispose() => _im.Dispose();

    [Fact]
    public async Task CreateAsync_PollsUntilSucceeded_ReturnsAndCachesInstance()
    {
        _im.Answer("POST", ImServer.TenantPath("t1"), 201, InstanceJson.Instance("t1", "CREATION_IN_PROGRESS"));
        _im.GetAnswers(
            "t1",
            (200, InstanceJson.Instance("t1", "CREATION_IN_PROGRESS")),
            (200, InstanceJson.Instance("t1", "CREATION_IN_PROGRESS")),
            (200, InstanceJson.Instance("t1", "CREATION_SUCCEEDED")));

        var instance = await _im.Clock.RunAsync(_im.Client.CreateAsync("t1"));

        Assert.Equal("t1", instance.TenantId);
        Assert.Equal(InstanceStatus.CreationSucceeded, instance.Status);
        Assert.Equal("SCHEMA_T1", instance.GetCredential("schema"));
        Assert.Equal(1, _im.Count("POST"));
        Assert.Equal(3, _im.Count("GET"));

        var cached = await _im.Client.GetAsync("t1");
        Assert.Same(instance, cached);
        Assert.Equal(3, _im.Count("GET"));
    }

    [Fact]
    public async Task CreateAsync_WithBothParameters_SendsThemAsTheReferenceClientsDo()
    {
        _im.Answer("POST", ImServer.TenantPath("t1"), 201);
        _im.GetAnswers("t1", (200, InstanceJson.Instance("t1", "CREATION_SUCCEEDED")));
        var parameters = new InstanceParameters
        {
            ProvisioningParameters = new JsonObject { ["database_id"] = "db-1" },
            BindingParameters = new JsonObject { ["permissions"] = new JsonArray("read") },
        };

        await _im.Clock.RunAsync(_im.Client.CreateAsync("t1", parameters));

        var post = Assert.Single(_im.Requests("POST")).RequestMessage;
        Assert.Equal("""{"provisioning_parameters":{"database_id":"db-1"},"binding_parameters":{"permissions":["read"]}}""", post.Body);
        Assert.StartsWith("application/json", post.Headers!["Content-Type"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAsync_WithOnlyProvisioningParameters_OmitsBindingParameters()
    {
        _im.Answer("POST", ImServer.TenantPath("t1"), 201);
        _im.GetAnswers("t1", (200, InstanceJson.Instance("t1", "CREATION_SUCCEEDED")));

        await _im.Clock.RunAsync(_im.Client.CreateAsync("t1", new InstanceParameters { ProvisioningParameters = new JsonObject { ["a"] = 1 } }));

        Assert.Equal("""{"provisioning_parameters":{"a":1}}""", Assert.Single(_im.Requests("POST")).RequestMessage.Body);
    }

    [Fact]
    public async Task CreateAsync_WithoutParameters_SendsNoBody()
    {
        _im.Answer("POST", ImServer.TenantPath("t1"), 201);
        _im.GetAnswers("t1", (200, InstanceJson.Instance("t1", "CREATION_SUCCEEDED")));

        await _im.Clock.RunAsync(_im.Client.CreateAsync("t1", new InstanceParameters()));

        var post = Assert.Single(_im.Requests("POST")).RequestMessage;
        Assert.True(string.IsNullOrEmpty(post.Body));
        Assert.False(post.Headers!.ContainsKey("Content-Type"));
    }

    [Fact]
    public async Task CreateAsync_WithOnlyBindingParameters_OmitsProvisioningParameters()
    {
        _im.Answer("POST", ImServer.TenantPath("t1"), 201);
        _im.GetAnswers("t1", (200, InstanceJson.Instance("t1", "CREATION_SUCCEEDED")));

        await _im.Clock.RunAsync(_im.Client.CreateAsync("t1", new InstanceParameters { BindingParameters = new JsonObject { ["b"] = true } }));

        Assert.Equal("""{"binding_parameters":{"b":true}}""", Assert.Single(_im.Requests("POST")).RequestMessage.Body);
    }

    [Fact]
    public async Task CreateAsync_WithNullParameters_SendsNoBody()
    {
        _im.Answer("POST", ImServer.TenantPath("t1"), 201);
        _im.GetAnswers("t1", (200, InstanceJson.Instance("t1", "CREATION_SUCCEEDED")));

        await _im.Clock.RunAsync(_im.Client.CreateAsync("t1", parameters: null));

        var post = Assert.Single(_im.Requests("POST")).RequestMessage;
        Assert.True(string.IsNullOrEmpty(post.Body));
        Assert.False(post.Headers!.ContainsKey("Content-Type"));
    }

    [Theory]
    [InlineData(200)]
    [InlineData(202)]
    [InlineData(400)]
    [InlineData(500)]
    public async Task CreateAsync_WhenPostIsAnsweredOtherThan201_ThrowsWithThatStatusAndDoesNotPoll(int status)
    {
        _im.Answer("POST", ImServer.TenantPath("t1"), status, """{"description":"not created"}""");

        var error = await Assert.ThrowsAsync<InstanceManagerException>(() => _im.Client.CreateAsync("t1"));

        Assert.Equal(status, error.StatusCode);
        Assert.Equal("not created", error.ServerDescription);
        Assert.Equal(1, _im.Count("POST"));
        Assert.Equal(0, _im.Count("GET"));
    }

    [Fact]
    public async Task CreateAsync_PostIsNeverRetriedBlindly_OnlyAfterCheckingThatNoInstanceExists()
    {
        _im.Answer("POST", ImServer.TenantPath("t1"), 503, """{"description":"busy"}""");
        _im.GetAnswers("t1", (404, ""));

        var error = await Assert.ThrowsAsync<InstanceManagerException>(() => _im.Clock.RunAsync(_im.Client.CreateAsync("t1")));

        Assert.Equal(503, error.StatusCode);
        Assert.Contains("busy", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, _im.Count("POST"));
        Assert.Equal(1, _im.Count("GET"));
        var requests = _im.Server.LogEntries.Select(entry => entry.RequestMessage.Method).ToArray();
        Assert.Equal(["POST", "GET", "POST"], requests);
    }

    [Fact]
    public async Task CreateAsync_ReferenceCompatible_PollsRightAfterThePost()
    {
        using var im = new ImServer(options => options.PollingStrategy = PollingStrategy.ReferenceCompatible);
        im.Answer("POST", ImServer.TenantPath("t1"), 201);
        im.GetAnswers("t1", (200, InstanceJson.Instance("t1", "CREATION_SUCCEEDED")));

        var instance = await im.Clock.RunAsync(im.Client.CreateAsync("t1"));

        Assert.Equal(InstanceStatus.CreationSucceeded, instance.Status);
        Assert.Empty(im.Clock.Waits);
        Assert.Equal(1, im.Count("GET"));
    }

    [Fact]
    public async Task CreateAsync_WhenTenantExists_Throws409WithDescriptionAndDoesNotPoll()
    {
        _im.Answer("POST", ImServer.TenantPath("t1"), 409, """{"error":"Conflict","description":"Instance for tenant t1 already exists"}""");

        var error = await Assert.ThrowsAsync<InstanceManagerException>(() => _im.Client.CreateAsync("t1"));

        Assert.Equal(409, error.StatusCode);
        Assert.Equal("Create", error.Operation);
        Assert.Equal("t1", error.TenantId);
        Assert.Equal("Instance for tenant t1 already exists", error.ServerDescription);
        Assert.Equal("Create of the instance for tenant 't1' failed: the service answered 409 (Conflict): Instance for tenant t1 already exists", error.Message);
        Assert.Equal(0, _im.Count("GET"));
    }

    [Fact]
    public async Task CreateAsync_WhenStatusBecomesCreationFailed_ThrowsWithFailedMessageAndInstance()
    {
        _im.Answer("POST", ImServer.TenantPath("t1"), 201);
        _im.GetAnswers(
            "t1",
            (200, InstanceJson.Instance("t1", "CREATION_IN_PROGRESS")),
            (200, InstanceJson.Instance("t1", "CREATION_FAILED", failedMessage: "quota exceeded")));

        var error = await Assert.ThrowsAsync<InstanceOperationFailedException>(() => _im.Clock.RunAsync(_im.Client.CreateAsync("t1")));

        Assert.Contains("Status of instance for tenant 't1' is CREATION_FAILED. Reason: quota exceeded.", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(InstanceStatus.CreationFailed, error.Instance!.Status);
        Assert.Equal("quota exceeded", error.Instance.FailedMessage);
        Assert.Null(error.StatusCode);

        _im.Server.ResetMappings();
        _im.GetAnswers("t1", (404, ""));
        Assert.Null(await _im.Client.GetAsync("t1"));
    }

    [Fact]
    public async Task CreateAsync_WhenInstanceVanishesWhilePolling_ThrowsNotFound()
    {
        _im.Answer("POST", ImServer.TenantPath("t1"), 201);
        _im.GetAnswers("t1", (200, InstanceJson.Instance("t1", "CREATION_IN_PROGRESS")), (404, """{"description":"not found"}"""));

        var error = await Assert.ThrowsAsync<InstanceManagerException>(() => _im.Clock.RunAsync(_im.Client.CreateAsync("t1")));

        Assert.Equal(404, error.StatusCode);
        Assert.Contains("no instance found while polling", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAsync_WhenCreationNeverSettles_TimesOutAfterPollingTimeout()
    {
        _im.Answer("POST", ImServer.TenantPath("t1"), 201);
        _im.GetAnswers("t1", (200, InstanceJson.Instance("t1", "CREATION_IN_PROGRESS")));
        var started = _im.Clock.GetUtcNow();

        var task = _im.Client.CreateAsync("t1");
        var error = await Assert.ThrowsAsync<InstanceManagerTimeoutException>(() => _im.Clock.RunAsync(task));

        Assert.Equal(TimeSpan.FromSeconds(120), error.Timeout);
        Assert.Equal("t1", error.TenantId);
        Assert.Contains("120 s", error.Message, StringComparison.Ordinal);
        var elapsed = _im.Clock.GetUtcNow() - started;
        Assert.InRange(elapsed, TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(130));
        var gets = _im.Count("GET");
        Assert.InRange(gets, 5, 60);

        // No request after the timeout.
        _im.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(gets, _im.Count("GET"));
    }

    [Fact]
    public async Task CreateAsync_CancelledWhilePolling_ThrowsCanceledAndSendsNoFurtherRequest()
    {
        _im.Answer("POST", ImServer.TenantPath("t1"), 201);
        _im.GetAnswers("t1", (200, InstanceJson.Instance("t1", "CREATION_IN_PROGRESS")));
        using var cancellation = new CancellationTokenSource();

        var task = _im.Client.CreateAsync("t1", cancellationToken: cancellation.Token);
        await _im.Clock.EndNextWaitAsync();
        await _im.Clock.EndNextWaitAsync();
        await _im.Clock.WaitStartedAsync();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
        _im.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(2, _im.Count("GET"));
    }
}
