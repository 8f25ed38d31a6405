using System.Net;

namespace InstanceManager.Emulator.Tests;

/// <summary><c>X-Correlation-ID</c> (and the Instance Manager's <c>X-Vcap-Request-Id</c>) on every answer and in the request log.</summary>
public sealed class CorrelationIdTests
{
    [Fact]
    public async Task InstanceManager_EchoesTheRequestsCorrelationId_OnSuccess()
    {
        await using var im = await EmulatorHarness.StartAsync();
        im.Http.DefaultRequestHeaders.Add("X-Correlation-ID", "caller-chosen-7");

        using var response = await im.PostAsync("t1");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(["caller-chosen-7"], response.Headers.GetValues("X-Correlation-ID"));
        Assert.Equal(["caller-chosen-7"], response.Headers.GetValues("X-Vcap-Request-Id"));
        Assert.Equal("caller-chosen-7", Assert.Single(im.Emulator.RequestLog).CorrelationId);
    }

    [Fact]
    public async Task InstanceManager_GeneratesANewIdPerAnswer_OnErrorsAnd429s()
    {
        await using var im = await EmulatorHarness.StartAsync(options => options.Failures = new EmulatorFailures { RequestLimit = 1 });

        using var notFound = await im.GetAsync("t1");
        using var limited = await im.GetAsync("t1");

        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        var first = Assert.Single(notFound.Headers.GetValues("X-Correlation-ID"));
        var second = Assert.Single(limited.Headers.GetValues("X-Correlation-ID"));
        Assert.True(Guid.TryParse(first, out _), first);
        Assert.True(Guid.TryParse(second, out _), second);
        Assert.NotEqual(first, second);
        Assert.Equal([first], notFound.Headers.GetValues("X-Vcap-Request-Id"));
        Assert.Equal([second], limited.Headers.GetValues("X-Vcap-Request-Id"));
        Assert.Equal([first, second], im.Emulator.RequestLog.Select(request => request.CorrelationId));
    }

    [Fact]
    public async Task InstanceManager_Unauthorized_CarriesTheEchoedId()
    {
        await using var im = await EmulatorHarness.StartAsync();
        im.Http.DefaultRequestHeaders.Authorization = EmulatorHarness.Basic("emulator", "wrong");
        im.Http.DefaultRequestHeaders.Add("X-Correlation-ID", "trace-401");

        using var response = await im.GetAsync("t1");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(["trace-401"], response.Headers.GetValues("X-Correlation-ID"));
        Assert.Equal(["trace-401"], response.Headers.GetValues("X-Vcap-Request-Id"));
    }

    [Fact]
    public async Task ServiceManager_EchoesOrGenerates_OnSuccessAndInjectedErrors_AndLogsIt()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var sm = await ServiceManagerSession.StartAsync(emulator);
        emulator.Emulator.ClearRequestLog();

        using var echoedRequest = new HttpRequestMessage(HttpMethod.Get, "v1/service_plans");
        echoedRequest.Headers.Add("X-Correlation-ID", "sm-trace-1");
        using var echoed = await sm.Http.SendAsync(echoedRequest);
        emulator.Emulator.Failures = new EmulatorFailures { ErrorRate = 1, ErrorStatusCode = 503 };
        using var failed = await sm.ListAsync("service_instances");

        Assert.Equal(HttpStatusCode.OK, echoed.StatusCode);
        Assert.Equal(["sm-trace-1"], echoed.Headers.GetValues("X-Correlation-ID"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        var generated = Assert.Single(failed.Headers.GetValues("X-Correlation-ID"));
        Assert.True(Guid.TryParse(generated, out _), generated);
        Assert.Equal(["sm-trace-1", generated], emulator.Emulator.RequestLog.Select(request => request.CorrelationId));
    }

    [Fact]
    public async Task ServiceManager_MissingToken_401CarriesAnId()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var http = new HttpClient { BaseAddress = emulator.Emulator.BaseAddress };

        using var response = await http.GetAsync("v1/service_instances");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var id = Assert.Single(response.Headers.GetValues("X-Correlation-ID"));
        Assert.Equal(id, Assert.Single(emulator.Emulator.RequestLog).CorrelationId);
    }

    [Fact]
    public async Task TokenEndpoint_CarriesAnId_OnSuccessAndError()
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        using var issued = await ServiceManagerSession.RequestTokenAsync(emulator.Http, "sm-emulator-client", "sm-emulator-secret");
        using var refused = await ServiceManagerSession.RequestTokenAsync(emulator.Http, "sm-emulator-client", "wrong");

        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        var ids = new[] { Assert.Single(issued.Headers.GetValues("X-Correlation-ID")), Assert.Single(refused.Headers.GetValues("X-Correlation-ID")) };
        Assert.All(ids, id => Assert.True(Guid.TryParse(id, out _), id));
        Assert.Equal(ids, emulator.Emulator.RequestLog.Select(request => request.CorrelationId));
    }

    [Fact]
    public async Task Broker_RequestsAreLoggedWithoutACorrelationId()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var broker = new OpenServiceBrokerClient(emulator.Emulator);

        using var catalog = await broker.Http.GetAsync("v2/catalog");

        Assert.Equal(HttpStatusCode.OK, catalog.StatusCode);
        Assert.Null(Assert.Single(emulator.Emulator.RequestLog).CorrelationId);
    }
}
