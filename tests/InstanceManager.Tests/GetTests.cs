using System.Text.Json;
using System.Text.Json.Nodes;
using InstanceManager.Tests.Infrastructure;

namespace InstanceManager.Tests;

public sealed class GetTests : IDisposable
{
    private readonly ImServer _im = new();

    public void Dispose() => _im.Dispose();

    [Fact]
    public async Task GetAsync_WhenServiceAnswers404_ReturnsNull()
    {
        _im.GetAnswers("t1", (404, """{"description":"not found"}"""));

        var instance = await _im.Client.GetAsync("t1");

        Assert.Null(instance);
        Assert.Equal(1, _im.Count("GET", "t1"));
    }

    [Fact]
    public async Task GetAsync_WhenAbsent_DoesNotCacheTheAbsence()
    {
        _im.GetAnswers("t1", (404, ""));

        Assert.Null(await _im.Client.GetAsync("t1"));
        Assert.Null(await _im.Client.GetAsync("t1"));

        Assert.Equal(2, _im.Count("GET", "t1"));
    }

    [Fact]
    public async Task GetAsync_WhenSucceeded_ReturnsInstanceAndAnswersTheNextGetFromTheCache()
    {
        _im.GetAnswers("t1", (200, InstanceJson.Instance("t1", "CREATION_SUCCEEDED")));

        var first = await _im.Client.GetAsync("t1");
        var second = await _im.Client.GetAsync("t1");

        Assert.NotNull(first);
        Assert.Equal("t1", first.TenantId);
        Assert.Equal(InstanceStatus.CreationSucceeded, first.Status);
        Assert.Same(first, second);
        Assert.Equal(1, _im.Count("GET"));
    }

    [Fact]
    public async Task GetAsync_CacheHit_CompletesSynchronously()
    {
        _im.GetAnswers("t1", (200, InstanceJson.Instance("t1", "CREATION_SUCCEEDED")));
        await _im.Client.GetAsync("t1");

        var hit = _im.Client.GetAsync("t1");

        Assert.True(hit.IsCompletedSuccessfully);
        Assert.Equal("t1", (await hit)!.TenantId);
        Assert.Equal(1, _im.Count("GET"));
    }

    [Fact]
    public async Task GetAsync_WhenCreationInProgress_PollsUntilItSettles()
    {
        _im.GetAnswers(
            "t1",
            (200, InstanceJson.Instance("t1", "CREATION_IN_PROGRESS")),
            (200, InstanceJson.Instance("t1", "CREATION_IN_PROGRESS")),
            (200, InstanceJson.Instance("t1", "CREATION_SUCCEEDED")));

        var instance = await _im.Clock.RunAsync(_im.Client.GetAsync("t1").AsTask());

        Assert.NotNull(instance);
        Assert.Equal(InstanceStatus.CreationSucceeded, instance.Status);
        Assert.Equal("SCHEMA_T1", instance.GetCredential("schema"));
        Assert.Equal(3, _im.Count("GET"));
        Assert.Equal(2, _im.Clock.Waits.Count);

        Assert.Same(instance, await _im.Client.GetAsync("t1"));
        Assert.Equal(3, _im.Count("GET"));
    }

    [Fact]
    public async Task GetAsync_WhenCreationInProgressEndsFailed_ThrowsWithFailedMessage()
    {
        _im.GetAnswers(
            "t1",
            (200, InstanceJson.Instance("t1", "CREATION_IN_PROGRESS")),
            (200, InstanceJson.Instance("t1", "CREATION_FAILED", failedMessage: "no quota")));

        var error = await Assert.ThrowsAsync<InstanceOperationFailedException>(() => _im.Clock.RunAsync(_im.Client.GetAsync("t1").AsTask()));

        Assert.Equal("Get", error.Operation);
        Assert.Equal("t1", error.TenantId);
        Assert.Contains("CREATION_FAILED. Reason: no quota.", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, _im.Count("GET"));
    }

    [Fact]
    public async Task GetAsync_WhenCreationFailed_ReturnsItAsIsWithoutCachingIt()
    {
        _im.GetAnswers("t1", (200, InstanceJson.Instance("t1", "CREATION_FAILED", failedMessage: "quota exceeded")));

        var instance = await _im.Client.GetAsync("t1");
        var again = await _im.Client.GetAsync("t1");

        Assert.NotNull(instance);
        Assert.Equal(InstanceStatus.CreationFailed, instance.Status);
        Assert.Equal("quota exceeded", instance.FailedMessage);
        Assert.Null(instance.Credentials);
        Assert.Null(instance.GetCredential("password"));
        Assert.NotNull(again);
        Assert.NotSame(instance, again);
        Assert.Equal(2, _im.Count("GET"));
        Assert.Empty(_im.Clock.Waits);
    }

    [Theory]
    [InlineData("DELETION_IN_PROGRESS", InstanceStatus.DeletionInProgress)]
    [InlineData("DELETION_FAILED", InstanceStatus.DeletionFailed)]
    public async Task GetAsync_WhenOtherStatus_ReturnsItAsIsWithoutPolling(string status, InstanceStatus expected)
    {
        _im.GetAnswers("t1", (200, InstanceJson.Instance("t1", status)));

        var instance = await _im.Client.GetAsync("t1");

        Assert.Equal(expected, instance!.Status);
        Assert.Equal(1, _im.Count("GET"));
        Assert.Empty(_im.Clock.Waits);
    }

    [Fact]
    public async Task GetAsync_KeepsEveryFieldTheServerSent()
    {
        var json = InstanceJson.Node("t1", "CREATION_SUCCEEDED");
        json["labels"] = new JsonObject { ["tier"] = "gold", ["sizes"] = new JsonArray(1, 2) };
        json["retries"] = 3;
        json["extra_null"] = null;
        _im.GetAnswers("t1", (200, json.ToJsonString()));

        var instance = await _im.Client.GetAsync("t1");

        var properties = instance!.AdditionalProperties;
        Assert.Equal(
            ["created_on", "extra_null", "id", "labels", "managed_plan_id", "managed_service_id", "retries", "updated_on"],
            properties.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(json["id"]!.GetValue<string>(), properties["id"].GetString());
        Assert.Equal("4f38aaaa-0000-0000-0000-000000000001", properties["managed_service_id"].GetString());
        Assert.Equal("plan-1", properties["managed_plan_id"].GetString());
        Assert.Equal("2026-11-23T10:00:00Z", properties["created_on"].GetString());
        Assert.Equal("2026-11-23T10:00:01Z", properties["updated_on"].GetString());
        Assert.Equal("gold", properties["labels"].GetProperty("tier").GetString());
        Assert.Equal(2, properties["labels"].GetProperty("sizes")[1].GetInt32());
        Assert.Equal(3, properties["retries"].GetInt32());
        Assert.Equal(JsonValueKind.Null, properties["extra_null"].ValueKind);
    }

    [Fact]
    public async Task GetAsync_ExposesTheCredentialsObject()
    {
        _im.GetAnswers("t1", (200, InstanceJson.Instance("t1", "CREATION_SUCCEEDED")));

        var instance = await _im.Client.GetAsync("t1");

        var credentials = instance!.Credentials!.Value;
        Assert.Equal(JsonValueKind.Object, credentials.ValueKind);
        Assert.Equal("hana.example", credentials.GetProperty("host").GetString());
        Assert.Equal(InstanceJson.InstancePassword, credentials.GetProperty("password").GetString());
        Assert.Equal("30015", instance.GetCredential("port"));
        Assert.Equal("USER_T1", instance.GetCredential("user"));
        Assert.Equal(InstanceJson.InstancePassword, instance.GetCredential("password"));
        Assert.Equal("jdbc:sap://hana.example:30015/", instance.GetCredential("url"));
        Assert.Null(instance.GetCredential("no_such_key"));
    }

    [Fact]
    public async Task GetAsync_SendsBasicAuthOfTheBinding()
    {
        _im.GetAnswers("t1", (404, ""));

        await _im.Client.GetAsync("t1");

        var header = Assert.Single(_im.Requests("GET")).RequestMessage.Headers!["Authorization"][0];
        Assert.Equal("Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(ImServer.User + ":" + ImServer.Password)), header);
    }
}
