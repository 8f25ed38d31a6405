using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;

namespace InstanceManager.Emulator.Tests;

/// <summary>The request limit and the wait announced with 429s and injected errors, on the fake clock (which starts at 2026-11-24 10:00:00 UTC).</summary>
public sealed class RateLimitTests
{
    [Theory]
    [InlineData(RetryAfterHeaderForm.RetryAfterSeconds, "Retry-After", "5")]
    [InlineData(RetryAfterHeaderForm.RetryAfterDate, "Retry-After", "Tue, 24 Nov 2026 10:00:05 GMT")]
    [InlineData(RetryAfterHeaderForm.RateLimitSeconds, "X-RateLimit-Retry-After", "5")]
    [InlineData(RetryAfterHeaderForm.RateLimitUnixTime, "X-RateLimit-Retry-After", "1795514405")]
    [InlineData(RetryAfterHeaderForm.RateLimitDate, "X-RateLimit-Retry-After", "2026-11-24 10:00:05 +0000 UTC")]
    public async Task InjectedError_AnnouncesRetryAfterInTheChosenForm_RoundedUp(RetryAfterHeaderForm form, string header, string expected)
    {
        await using var im = await EmulatorHarness.StartAsync(options => options.Failures = new EmulatorFailures
        {
            ErrorRate = 1,
            ErrorStatusCode = 429,
            RetryAfterHeader = form,
            RetryAfter = TimeSpan.FromSeconds(4.2),
        });
        im.Clock.Advance(TimeSpan.FromSeconds(0.5));   // 10:00:00.5 + 4.2 s = 10:00:04.7, announced as 10:00:05

        using var response = await im.GetAsync("t1");

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal([expected], response.Headers.GetValues(header));
        Assert.False(response.Headers.Contains(header == "Retry-After" ? "X-RateLimit-Retry-After" : "Retry-After"));
        Assert.Equal(429, Assert.Single(im.Emulator.RequestLog).StatusCode);
    }

    [Fact]
    public async Task InjectedError_WithoutAHeaderForm_AnnouncesNoWait()
    {
        await using var im = await EmulatorHarness.StartAsync(options => options.Failures = new EmulatorFailures { ErrorRate = 1, ErrorStatusCode = 503 });

        using var response = await im.GetAsync("t1");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.False(response.Headers.Contains("Retry-After"));
        Assert.False(response.Headers.Contains("X-RateLimit-Retry-After"));
    }

    [Fact]
    public async Task InjectedServiceManagerAndBrokerErrors_AnnounceTheWaitToo()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var sm = await ServiceManagerSession.StartAsync(emulator);
        using var broker = new OpenServiceBrokerClient(emulator.Emulator);
        emulator.Emulator.Failures = new EmulatorFailures { ErrorRate = 1, ErrorStatusCode = 503, RetryAfterHeader = RetryAfterHeaderForm.RateLimitSeconds, RetryAfter = TimeSpan.FromSeconds(30) };

        using var list = await sm.ListAsync("service_instances");
        using var catalog = await broker.Http.GetAsync("v2/catalog");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, list.StatusCode);
        Assert.Equal(["30"], list.Headers.GetValues("X-RateLimit-Retry-After"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, catalog.StatusCode);
        Assert.Equal(["30"], catalog.Headers.GetValues("X-RateLimit-Retry-After"));
    }

    [Fact]
    public async Task RequestLimit_ServesNRequestsPerWindow_ThenAnswers429WithTheWaitUntilItResets()
    {
        await using var im = await EmulatorHarness.StartAsync(options => options.Failures = new EmulatorFailures { RequestLimit = 3, RequestLimitWindow = TimeSpan.FromSeconds(10) });

        for (var index = 0; index < 3; index++)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await im.GetAsync("t1")).StatusCode);
        }

        im.Clock.Advance(TimeSpan.FromSeconds(4));
        using var limited = await im.GetAsync("t1");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(["6"], limited.Headers.GetValues("Retry-After"));   // no form chosen: a real service always says, in seconds
        Assert.False(limited.Headers.Contains("X-RateLimit-Retry-After"));
        var body = await EmulatorHarness.JsonAsync(limited);
        Assert.Equal("TooManyRequests", (string?)body["error"]);
        Assert.Equal("The allowed request limit of 3 requests has been reached", (string?)body["description"]);

        im.Clock.Advance(TimeSpan.FromSeconds(5.5));
        using var stillLimited = await im.GetAsync("t1");
        Assert.Equal(HttpStatusCode.TooManyRequests, stillLimited.StatusCode);
        Assert.Equal(["1"], stillLimited.Headers.GetValues("Retry-After"));   // 0.5 s, rounded up

        im.Clock.Advance(TimeSpan.FromSeconds(0.5));
        for (var index = 0; index < 3; index++)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await im.GetAsync("t1")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await im.GetAsync("t1")).StatusCode);
        Assert.Equal([404, 404, 404, 429, 429, 404, 404, 404, 429], im.Emulator.RequestLog.Select(request => request.StatusCode));
    }

    [Fact]
    public async Task RequestLimit_ConcurrentRequests_ExactlyTheLimitIsServed()
    {
        await using var im = await EmulatorHarness.StartAsync(options => options.Failures = new EmulatorFailures { RequestLimit = 4 });

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(index => im.GetAsync($"t{index}")));

        Assert.Equal(4, responses.Count(response => response.StatusCode == HttpStatusCode.NotFound));
        Assert.Equal(16, responses.Count(response => response.StatusCode == HttpStatusCode.TooManyRequests));
        Assert.Equal(16, im.Emulator.RequestLog.Count(request => request.StatusCode == 429));
        Assert.All(responses, response => response.Dispose());
    }

    [Fact]
    public async Task RequestLimit_ServiceManager_AnswersItsOwnBody_InTheChosenHeaderForm_AndNeverLimitsTokens()
    {
        await using var emulator = await EmulatorHarness.StartAsync(options => options.Failures = new EmulatorFailures
        {
            RequestLimit = 1,
            RequestLimitWindow = TimeSpan.FromMinutes(1),
            RetryAfterHeader = RetryAfterHeaderForm.RateLimitUnixTime,
        });
        using var sm = await ServiceManagerSession.StartAsync(emulator);

        using var served = await sm.ListAsync("service_instances");
        using var limited = await sm.ListAsync("service_instances");
        var token = await ServiceManagerSession.TokenAsync(emulator.Http, "sm-emulator-client", "sm-emulator-secret");

        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(["1795514460"], limited.Headers.GetValues("X-RateLimit-Retry-After"));   // 10:01:00
        Assert.False(limited.Headers.Contains("Retry-After"));
        Assert.Equal(
            """{"error":"TooManyRequests","description":"The allowed request limit of 1 requests has been reached"}""",
            await limited.Content.ReadAsStringAsync());
        Assert.NotEmpty(token);
        Assert.Equal(
            ["POST /oauth/token 200", "GET 200", "GET 429", "POST /oauth/token 200"],
            emulator.Emulator.RequestLog.Select(request => request.Path == "/oauth/token" ? $"{request.Method} {request.Path} {request.StatusCode}" : $"{request.Method} {request.StatusCode}"));
    }

    [Fact]
    public async Task RequestLimit_CountsInstanceManagerServiceManagerAndBrokerRequestsInOneWindow()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var sm = await ServiceManagerSession.StartAsync(emulator);
        using var broker = new OpenServiceBrokerClient(emulator.Emulator);
        emulator.Emulator.Failures = new EmulatorFailures { RequestLimit = 2, RetryAfterHeader = RetryAfterHeaderForm.RateLimitDate };

        using var instanceManager = await emulator.GetAsync("t1");
        using var serviceManager = await sm.ListAsync("service_plans");
        using var catalog = await broker.Http.GetAsync("v2/catalog");

        Assert.Equal(HttpStatusCode.NotFound, instanceManager.StatusCode);
        Assert.Equal(HttpStatusCode.OK, serviceManager.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, catalog.StatusCode);
        Assert.Equal(["2026-11-24 10:00:01 +0000 UTC"], catalog.Headers.GetValues("X-RateLimit-Retry-After"));
        Assert.Equal("TooManyRequests", (string?)(await EmulatorHarness.JsonAsync(catalog))["error"]);
    }

    [Fact]
    public async Task RequestLimit_InstanceManagerAnswersItsErrorBody()
    {
        await using var im = await EmulatorHarness.StartAsync(options => options.Failures = new EmulatorFailures { RequestLimit = 1, RetryAfterHeader = RetryAfterHeaderForm.RetryAfterDate });

        (await im.PostAsync("t1")).Dispose();
        using var limited = await im.GetAsync("t1");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(["Tue, 24 Nov 2026 10:00:01 GMT"], limited.Headers.GetValues("Retry-After"));
        var body = await EmulatorHarness.JsonAsync(limited);
        Assert.Equal("TooManyRequests", (string?)body["error"]);
        Assert.Equal("The allowed request limit of 1 requests has been reached", (string?)body["description"]);
        Assert.Equal(["POST 201", "GET 429"], im.Emulator.RequestLog.Select(request => $"{request.Method} {request.StatusCode}"));
    }

    [Fact]
    public async Task FailuresApi_RoundTripsTheRateLimitSettings_AndNewSettingsOpenANewWindow()
    {
        await using var im = await EmulatorHarness.StartAsync();
        const string Settings = """{"retryAfterHeader":"RateLimitDate","retryAfter":"00:00:03","requestLimit":1,"requestLimitWindow":"00:00:30"}""";

        using var put = await im.Http.PutAsync("emulator/failures", new StringContent(Settings, Encoding.UTF8, "application/json"));
        var current = await im.Http.GetFromJsonAsync<JsonObject>("emulator/failures");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("RateLimitDate", (string?)current!["retryAfterHeader"]);
        Assert.Equal("00:00:03", (string?)current["retryAfter"]);
        Assert.Equal(1, (int?)current["requestLimit"]);
        Assert.Equal("00:00:30", (string?)current["requestLimitWindow"]);
        Assert.Equal(RetryAfterHeaderForm.RateLimitDate, im.Emulator.Failures.RetryAfterHeader);
        Assert.Equal(HttpStatusCode.NotFound, (await im.GetAsync("t1")).StatusCode);
        using var limited = await im.GetAsync("t1");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(["2026-11-24 10:00:30 +0000 UTC"], limited.Headers.GetValues("X-RateLimit-Retry-After"));

        (await im.Http.PutAsync("emulator/failures", new StringContent(Settings, Encoding.UTF8, "application/json"))).Dispose();
        Assert.Equal(HttpStatusCode.NotFound, (await im.GetAsync("t1")).StatusCode);

        (await im.Http.PutAsync("emulator/failures", new StringContent("{}", Encoding.UTF8, "application/json"))).Dispose();
        var defaults = await im.Http.GetFromJsonAsync<JsonObject>("emulator/failures");
        Assert.Equal("None", (string?)defaults!["retryAfterHeader"]);
        Assert.Equal("00:00:01", (string?)defaults["retryAfter"]);
        Assert.Null(defaults["requestLimit"]);
        Assert.Equal("00:00:01", (string?)defaults["requestLimitWindow"]);
    }

    [Theory]
    [InlineData("""{"requestLimit":0}""", "RequestLimit")]
    [InlineData("""{"requestLimitWindow":"00:00:00"}""", "RequestLimitWindow")]
    [InlineData("""{"retryAfter":"-00:00:01"}""", "RetryAfter")]
    [InlineData("""{"retryAfterHeader":42}""", "RetryAfterHeader")]
    [InlineData("""{"retryAfterHeader":"Sometimes"}""", "retryAfterHeader")]
    public async Task FailuresApi_RejectsInvalidRateLimitSettings_NamingTheProperty(string settings, string property)
    {
        await using var im = await EmulatorHarness.StartAsync();

        using var response = await im.Http.PutAsync("emulator/failures", new StringContent(settings, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(property, (string?)(await EmulatorHarness.JsonAsync(response))["description"], StringComparison.Ordinal);
        Assert.Null(im.Emulator.Failures.RequestLimit);
    }

    [Fact]
    public async Task StartAsync_RejectsAnInvalidRequestLimit_NamingIt()
    {
        var exception = await Assert.ThrowsAsync<ArgumentException>(() => InstanceManagerEmulator.StartAsync(new InstanceManagerEmulatorOptions
        {
            Failures = new EmulatorFailures { RequestLimit = -1 },
        }));

        Assert.Contains("RequestLimit", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Configuration_BindsTheRateLimitSettings_AsTheStandAloneEmulatorReadsThem()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Emulator:Failures:RetryAfterHeader"] = "RateLimitUnixTime",
            ["Emulator:Failures:RetryAfter"] = "00:00:07",
            ["Emulator:Failures:RequestLimit"] = "100",
            ["Emulator:Failures:RequestLimitWindow"] = "00:01:00",
        }).Build();
        var options = new InstanceManagerEmulatorOptions();

        configuration.GetSection("Emulator").Bind(options);

        Assert.Equal(RetryAfterHeaderForm.RateLimitUnixTime, options.Failures.RetryAfterHeader);
        Assert.Equal(TimeSpan.FromSeconds(7), options.Failures.RetryAfter);
        Assert.Equal(100, options.Failures.RequestLimit);
        Assert.Equal(TimeSpan.FromMinutes(1), options.Failures.RequestLimitWindow);
    }
}
