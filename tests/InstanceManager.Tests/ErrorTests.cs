using System.Text.Json;
using InstanceManager.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace InstanceManager.Tests;

public sealed class ErrorTests : IDisposable
{
    private const string GetSubject = "Get of the instance for tenant 't1' failed";
    private static readonly string Succeeded = InstanceJson.Instance("t1", "CREATION_SUCCEEDED");

    private readonly ImServer _im = new();

    public void Dispose() => _im.Dispose();

    public static TheoryData<string> MalformedInstances => new()
    {
        "not json at all",
        "<html><body><h1>502 Bad Gateway</h1></body></html>",
        """{"tenant_id":"t1","status":"CREATION_SUCC""",
        "[]",
        """{"foo":1}""",
        string.Empty,
        """{"tenant_id":"t1"}""",
        """{"status":"CREATION_SUCCEEDED"}""",
        """{"tenant_id":"t1","status":7}""",
        "null",
        "\"CREATION_SUCCEEDED\"",
        """{"tenant_id":"t1","status":"CREATION_SUCCEEDED"} trailing""",
    };

    [Theory]
    [MemberData(nameof(MalformedInstances))]
    public async Task Get_WithAMalformedAnswer_ThrowsInstanceManagerExceptionAndTheClientRecovers(string body)
    {
        _im.GetAnswers("t1", (200, body));

        var error = await Assert.ThrowsAsync<InstanceManagerException>(async () => await _im.Client.GetAsync("t1"));

        Assert.StartsWith(GetSubject + ": the service answered 200 (OK) with a ", error.Message, StringComparison.Ordinal);
        Assert.Equal("Get", error.Operation);
        Assert.Equal("t1", error.TenantId);
        Assert.Equal(1, _im.Count("GET"));

        _im.Server.ResetMappings();
        _im.GetAnswers("t1", (200, Succeeded));
        var instance = await _im.Client.GetAsync("t1");
        Assert.Equal(InstanceStatus.CreationSucceeded, instance!.Status);
    }

    [Theory]
    [MemberData(nameof(MalformedInstances))]
    public async Task CreatePoll_WithAMalformedAnswer_ThrowsNamingCreate(string body)
    {
        _im.Answer("POST", ImServer.TenantPath("t1"), 201);
        _im.GetAnswers("t1", (200, body));

        var error = await Assert.ThrowsAsync<InstanceManagerException>(() => _im.Clock.RunAsync(_im.Client.CreateAsync("t1")));

        Assert.StartsWith("Create of the instance for tenant 't1' failed", error.Message, StringComparison.Ordinal);
        Assert.Equal("Create", error.Operation);
        Assert.Equal(1, _im.Count("GET"));
    }

    [Fact]
    public async Task DeletePoll_WithAMalformedAnswer_ThrowsNamingDelete()
    {
        _im.Answer("DELETE", ImServer.TenantPath("t1"), 204);
        _im.GetAnswers("t1", (200, "<html>oops</html>"));

        var error = await Assert.ThrowsAsync<InstanceManagerException>(() => _im.Clock.RunAsync(_im.Client.DeleteAsync("t1")));

        Assert.StartsWith("Delete of the instance for tenant 't1' failed", error.Message, StringComparison.Ordinal);
        Assert.Equal("Delete", error.Operation);
    }

    private static readonly string[] MalformedListBodies =
    [
        "not json",
        "<html>gateway</html>",
        """{"foo":1}""",
        """[{"tenant_id":"a","status":"CREATION_SUCCEEDED"},""",
        "[1]",
        "[null]",
        """[{"tenant_id":"a"}]""",
        string.Empty,
        "null",
    ];

    public static TheoryData<string> MalformedLists => [.. MalformedListBodies];

    [Theory]
    [MemberData(nameof(MalformedLists))]
    public async Task GetAll_WithAMalformedAnswer_ThrowsAndKeepsTheCache(string body)
    {
        _im.GetAnswers("t1", (200, Succeeded));
        await _im.Client.GetAsync("t1");
        _im.Answer("GET", ImServer.BasePath, 200, body);

        var error = await Assert.ThrowsAsync<InstanceManagerException>(() => _im.Client.GetAllAsync());

        Assert.StartsWith("GetAll of the instances failed: the service answered 200 (OK) with ", error.Message, StringComparison.Ordinal);
        Assert.Equal("GetAll", error.Operation);
        Assert.Null(error.TenantId);
        await _im.Client.GetAsync("t1");
        Assert.Equal(1, _im.Count("GET", "t1"));
    }

    // A top-level null is left out: System.Text.Json streams it as an empty sequence.
    public static TheoryData<string> MalformedStreamedLists => [.. MalformedListBodies.Where(body => body != "null")];

    [Theory]
    [MemberData(nameof(MalformedStreamedLists))]
    public async Task EnumerateAll_WithAMalformedAnswer_ThrowsInstanceManagerException(string body)
    {
        _im.Answer("GET", ImServer.BasePath, 200, body);

        var error = await Assert.ThrowsAsync<InstanceManagerException>(async () =>
        {
            await foreach (var _ in _im.Client.EnumerateAllAsync())
            {
            }
        });

        Assert.StartsWith("GetAll of the instances failed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnumerateAll_WhenTheListBreaksOff_YieldsWhatWasReadThenThrows()
    {
        _im.Answer("GET", ImServer.BasePath, 200, "[" + InstanceJson.Instance("a", "CREATION_SUCCEEDED") + ",{\"tenant_id\":");

        var seen = new List<string>();
        var error = await Assert.ThrowsAsync<InstanceManagerException>(async () =>
        {
            await foreach (var instance in _im.Client.EnumerateAllAsync())
            {
                seen.Add(instance.TenantId);
            }
        });

        Assert.Equal(["a"], seen);
        Assert.IsAssignableFrom<JsonException>(error.InnerException);
    }

    [Fact]
    public async Task UnknownStatus_IsReturnedAsUnknownWithoutAnException()
    {
        _im.GetAnswers("t1", (200, InstanceJson.Instance("t1", "SUSPENDED_BY_OPERATOR")));

        var instance = await _im.Client.GetAsync("t1");

        Assert.Equal(InstanceStatus.Unknown, instance!.Status);
        Assert.Equal("t1", instance.TenantId);
        Assert.Equal(1, _im.Count("GET"));
    }

    [Fact]
    public async Task UnknownStatus_WhileCreating_FailsNamingTheStatusAsSent()
    {
        _im.Answer("POST", ImServer.TenantPath("t1"), 201);
        _im.GetAnswers("t1", (200, InstanceJson.Instance("t1", "SUSPENDED_BY_OPERATOR")));

        var error = await Assert.ThrowsAsync<InstanceOperationFailedException>(() => _im.Clock.RunAsync(_im.Client.CreateAsync("t1")));

        Assert.Contains("is SUSPENDED_BY_OPERATOR. Reason: none given.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerError_WithJsonDescription_ExposesStatusAndDescription()
    {
        _im.GetAnswers("t1", (500, """{"error":"InternalError","description":"database down"}"""));

        var error = await Assert.ThrowsAsync<InstanceManagerException>(async () => await _im.Client.GetAsync("t1"));

        Assert.Equal(GetSubject + ": the service answered 500 (InternalServerError): database down", error.Message);
        Assert.Equal(500, error.StatusCode);
        Assert.Equal("database down", error.ServerDescription);
        Assert.Equal(1, _im.Count("GET"));
    }

    [Theory]
    [InlineData(400, """{"error":"only an error code"}""", "only an error code", "(BadRequest): only an error code")]
    [InlineData(403, "  plain text refusal \n", "plain text refusal", "(Forbidden): plain text refusal")]
    [InlineData(400, "<html><body>Bad Request</body></html>", "<html><body>Bad Request</body></html>", "(BadRequest): <html>")]
    [InlineData(500, """{"description":17}""", """{"description":17}""", "(InternalServerError): {\"description\":17}")]
    [InlineData(418, "", null, "answered 418 (unknown status).")]
    [InlineData(401, "", null, "answered 401 (Unauthorized).")]
    [InlineData(599, "x", "x", "answered 599 (unknown status): x")]
    public async Task ServerError_Descriptions(int status, string body, string? description, string expectedInMessage)
    {
        _im.GetAnswers("t1", (status, body));

        var error = await Assert.ThrowsAsync<InstanceManagerException>(async () => await _im.Client.GetAsync("t1"));

        Assert.Equal(status, error.StatusCode);
        Assert.Equal(description, error.ServerDescription);
        Assert.Contains(expectedInMessage, error.Message, StringComparison.Ordinal);
        Assert.StartsWith(GetSubject, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, 20_000)]
    [InlineData(true, 10_000)]
    public async Task ServerError_WithALongBody_IsTruncated(bool json, int length)
    {
        var text = new string('x', length);
        _im.GetAnswers("t1", (500, json ? JsonSerializer.Serialize(new { description = text }) : text));

        var error = await Assert.ThrowsAsync<InstanceManagerException>(async () => await _im.Client.GetAsync("t1"));

        Assert.Equal(new string('x', 500) + "…", error.ServerDescription);
        Assert.InRange(error.Message.Length, 500, 700);
    }

    [Theory]
    [InlineData(500, false)]
    [InlineData(501, true)]
    public async Task ServerError_WithADescriptionAtTheLimit_IsKeptWhole_OneCharacterMoreIsCut(int length, bool cut)
    {
        var text = new string('d', length);
        _im.GetAnswers("t1", (500, JsonSerializer.Serialize(new { description = text })));

        var error = await Assert.ThrowsAsync<InstanceManagerException>(async () => await _im.Client.GetAsync("t1"));

        Assert.Equal(cut ? new string('d', 500) + "…" : text, error.ServerDescription);
    }

    [Fact]
    public async Task Errors_LeaveTheClientUsable()
    {
        _im.GetAnswers("t1", (500, """{"description":"down"}"""), (404, ""), (200, "garbage"), (200, Succeeded));

        await Assert.ThrowsAsync<InstanceManagerException>(async () => await _im.Client.GetAsync("t1"));
        Assert.Null(await _im.Client.GetAsync("t1"));
        await Assert.ThrowsAsync<InstanceManagerException>(async () => await _im.Client.GetAsync("t1"));
        var instance = await _im.Client.GetAsync("t1");

        Assert.Equal(InstanceStatus.CreationSucceeded, instance!.Status);
        Assert.Equal(4, _im.Count("GET"));
    }

    [Fact]
    public async Task UnreachableService_ThrowsWithoutStatus()
    {
        var port = _im.Server.Port;
        _im.Server.Stop();
        using var im = new ImServer(options => ImServer.Fill(options, $"http://127.0.0.1:{port}"));
        im.Server.Stop();

        var error = await Assert.ThrowsAsync<InstanceManagerException>(() => im.Clock.RunAsync(im.Client.GetAsync("t1").AsTask()));

        Assert.Null(error.StatusCode);
        Assert.Equal("Get", error.Operation);
        Assert.Contains("could not be reached", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<HttpRequestException>(error.InnerException);
    }

    [Fact]
    public async Task AHandlerBelowTheClientThatGivesUp_IsATransientNetworkFailureNotACancellation_AndTheClientRecovers()
    {
        _im.GetAnswers("t1", (200, Succeeded));
        var handler = new GivingUpOnceHandler();
        using var im = new ImServer(options => ImServer.Fill(options, _im.Server.Url!), services =>
            services.AddHttpClient(InstanceManagerServiceCollectionExtensions.HttpClientName).AddHttpMessageHandler(() => handler));

        var error = await Assert.ThrowsAsync<InstanceManagerException>(() => im.Clock.RunAsync(im.Client.GetAsync("t1").AsTask()));

        Assert.Equal("Get", error.Operation);
        Assert.Null(error.StatusCode);
        Assert.True(error.IsTransient);
        Assert.Contains("could not be reached or did not answer in time (TaskCanceledException)", error.Message, StringComparison.Ordinal);
        Assert.IsType<TaskCanceledException>(error.InnerException);
        var instance = await im.Clock.RunAsync(im.Client.GetAsync("t1").AsTask());
        Assert.Equal(InstanceStatus.CreationSucceeded, instance!.Status);
        Assert.Equal(2, handler.Calls);
    }

    /// <summary>A handler with a deadline of its own that passes on the first attempt (as <see cref="HttpClient.Timeout"/> does).</summary>
    private sealed class GivingUpOnceHandler : DelegatingHandler
    {
        public int Calls;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref Calls) == 1
                ? throw new TaskCanceledException("The handler's own deadline passed.", new TimeoutException())
                : base.SendAsync(request, cancellationToken);
    }

    [Fact]
    public async Task Secrets_NeverAppearInExceptionsOrLogs()
    {
        using var logs = new RecordingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(builder => builder.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        using var client = InstanceManagerClientFactory.Create(options => ImServer.Fill(options, _im.Server.Url!), loggerFactory, _im.Clock);
        var failedWithCredentials = InstanceJson.Node("t1", "CREATION_SUCCEEDED");
        failedWithCredentials["status"] = "CREATION_FAILED";
        failedWithCredentials["failed_message"] = "quota";
        var truncatedCredentials = $$"""{"tenant_id":"t1","status":"CREATION_SUCCEEDED","credentials":{"password":"{{InstanceJson.InstancePassword}}","port":""";
        var brokenAfterPassword = $$$"""{"tenant_id":"t1","status":"CREATION_SUCCEEDED","credentials":{"password":"{{{InstanceJson.InstancePassword}}}", x}}""";

        var errors = new List<Exception>();
        foreach (var (status, body) in new[] { (200, failedWithCredentials.ToJsonString()), (200, truncatedCredentials), (200, brokenAfterPassword), (401, """{"description":"Unauthorized"}"""), (500, "") })
        {
            _im.Server.ResetMappings();
            _im.Answer("POST", ImServer.TenantPath("t1"), 201);
            _im.Answer("DELETE", ImServer.TenantPath("t1"), 204);
            _im.GetAnswers("t1", (status, body));
            _im.Answer("GET", ImServer.BasePath, status, status == 200 ? "[" + body + "]" : body);
            errors.Add(await Assert.ThrowsAnyAsync<InstanceManagerException>(() => _im.Clock.RunAsync(client.CreateAsync("t1"))));
            errors.Add(await Assert.ThrowsAnyAsync<InstanceManagerException>(() => _im.Clock.RunAsync(client.DeleteAsync("t1"))));
            if (status != 200 || body != failedWithCredentials.ToJsonString())
            {
                errors.Add(await Assert.ThrowsAnyAsync<InstanceManagerException>(() => client.GetAllAsync()));
            }

            if (status != 200)
            {
                errors.Add(await Assert.ThrowsAnyAsync<InstanceManagerException>(async () => await client.GetAsync("t1")));
            }
        }

        _im.Server.ResetMappings();
        _im.GetAnswers("t1", (200, Succeeded));
        var instance = await client.GetAsync("t1");

        Assert.Equal(16, errors.Count);
        foreach (var text in errors.Select(error => error.ToString()).Append(instance!.ToString()).Concat(logs.Messages))
        {
            Assert.DoesNotContain(ImServer.Password, text, StringComparison.Ordinal);
            Assert.DoesNotContain(InstanceJson.InstancePassword, text, StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(ImServer.User + ":" + ImServer.Password)), text, StringComparison.Ordinal);
        }

        Assert.NotEmpty(logs.Messages);
    }

    private sealed class RecordingLoggerProvider : ILoggerProvider
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _messages = new();

        public IReadOnlyCollection<string> Messages => _messages;

        public ILogger CreateLogger(string categoryName) => new Recorder(_messages);

        public void Dispose()
        {
        }

        private sealed class Recorder(System.Collections.Concurrent.ConcurrentQueue<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                messages.Enqueue(formatter(state, exception) + " " + exception);
                if (state is IEnumerable<KeyValuePair<string, object?>> properties)
                {
                    messages.Enqueue(string.Join(";", properties.Select(property => property.Key + "=" + property.Value)));
                }
            }
        }
    }
}
