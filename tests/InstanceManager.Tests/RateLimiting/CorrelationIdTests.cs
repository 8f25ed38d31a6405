using InstanceManager.Tests.Infrastructure;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace InstanceManager.Tests.RateLimiting;

public sealed class CorrelationIdTests
{
    [Theory]
    [InlineData("X-Correlation-ID")]
    [InlineData("X-Vcap-Request-Id")]
    public async Task AnError_NamesTheCorrelationIdOfTheAnswer(string header)
    {
        using var im = new ImServer(options => options.Resilience.MaxRetryAttempts = 0);
        im.Server.Given(Request.Create().WithPath(ImServer.TenantPath("t1")).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(500).WithHeader(header, "4f1c-corr-77").WithBody("""{"description":"database unavailable"}"""));

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => im.Clock.RunAsync(im.Client.GetAsync("t1").AsTask()));

        Assert.Equal("4f1c-corr-77", exception.CorrelationId);
        Assert.Equal("Get of the instance for tenant 't1' failed: the service answered 500 (InternalServerError): database unavailable. Correlation id: 4f1c-corr-77.", exception.Message);
    }

    [Fact]
    public async Task AnErrorWithoutADescription_NamesTheCorrelationIdAfterItsFullStop()
    {
        using var im = new ImServer(options => options.Resilience.MaxRetryAttempts = 0);
        im.Server.Given(Request.Create().WithPath(ImServer.TenantPath("t1")).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(500).WithHeader("X-Correlation-ID", "4f1c-corr-78"));

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => im.Clock.RunAsync(im.Client.GetAsync("t1").AsTask()));

        Assert.Equal("Get of the instance for tenant 't1' failed: the service answered 500 (InternalServerError). Correlation id: 4f1c-corr-78.", exception.Message);
    }

    [Fact]
    public async Task AFailedInstance_NamesTheCorrelationIdOfTheLastPoll()
    {
        using var im = new ImServer();
        im.Answer("POST", ImServer.TenantPath("t1"), 201);
        im.Server.Given(Request.Create().WithPath(ImServer.TenantPath("t1")).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("X-Correlation-ID", "poll-1").WithHeader("Content-Type", "application/json").WithBody(InstanceJson.Instance("t1", "CREATION_FAILED")));

        var exception = await Assert.ThrowsAsync<InstanceOperationFailedException>(() => im.Clock.RunAsync(im.Client.CreateAsync("t1")));

        Assert.Equal("poll-1", exception.CorrelationId);
        Assert.EndsWith("Correlation id: poll-1.", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutACorrelationId_TheMessageSaysNothingOfIt()
    {
        using var im = new ImServer(options => options.Resilience.MaxRetryAttempts = 0);
        im.Answer("GET", ImServer.TenantPath("t1"), 500, """{"description":"boom"}""");

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => im.Clock.RunAsync(im.Client.GetAsync("t1").AsTask()));

        Assert.Null(exception.CorrelationId);
        Assert.DoesNotContain("Correlation", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("corr-1", "corr-1")]
    [InlineData("   ", "vcap-2")]
    public async Task WithBothHeaders_TheCorrelationIdIsPreferredUnlessItIsBlank(string correlationId, string expected)
    {
        using var im = new ImServer(options => options.Resilience.MaxRetryAttempts = 0);
        im.Server.Given(Request.Create().WithPath(ImServer.TenantPath("t1")).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(500).WithHeader("X-Vcap-Request-Id", "vcap-2").WithHeader("X-Correlation-ID", correlationId));

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => im.Clock.RunAsync(im.Client.GetAsync("t1").AsTask()));

        Assert.Equal(expected, exception.CorrelationId);
    }

    [Fact]
    public async Task AnOverlongCorrelationId_IsCut()
    {
        using var im = new ImServer(options => options.Resilience.MaxRetryAttempts = 0);
        im.Server.Given(Request.Create().WithPath(ImServer.TenantPath("t1")).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(500).WithHeader("X-Correlation-ID", new string('x', 5000)));

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => im.Clock.RunAsync(im.Client.GetAsync("t1").AsTask()));

        Assert.Equal(128, exception.CorrelationId!.Length);
    }
}
