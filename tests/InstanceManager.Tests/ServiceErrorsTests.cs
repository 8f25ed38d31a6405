using System.Net;
using InstanceManager.Calls;
using Microsoft.Extensions.Time.Testing;

namespace InstanceManager.Tests;

/// <summary>The messages and properties of the library's exceptions, built in one place for every backend.</summary>
public sealed class ServiceErrorsTests
{
    private readonly FakeTimeProvider _clock = new();

    private CallContext Get() => CallContext.ForTenant("Get", "t1", _clock);

    [Theory]
    [InlineData(HttpStatusCode.RequestTimeout, true)]
    [InlineData(HttpStatusCode.TooManyRequests, true)]
    [InlineData(HttpStatusCode.BadGateway, true)]
    [InlineData(HttpStatusCode.ServiceUnavailable, true)]
    [InlineData(HttpStatusCode.GatewayTimeout, true)]
    [InlineData(HttpStatusCode.InternalServerError, false)]
    [InlineData(HttpStatusCode.NotFound, false)]
    [InlineData(HttpStatusCode.Conflict, false)]
    public void OnlyStatusesThatMayPass_AreTransient(HttpStatusCode status, bool transient)
    {
        Assert.Equal(transient, ServiceErrors.IsTransientStatus(status));
    }

    [Fact]
    public void AnOpenCircuit_SaysTheRequestWasNotSent_AndThatItIsTriedAgain()
    {
        var error = ServiceErrors.CircuitOpen(Get(), new InvalidOperationException("open"));

        Assert.Equal("Get of the instance for tenant 't1' failed at once: the service failed repeatedly, so requests are not sent for a while (circuit breaker open); it is tried again automatically.", error.Message);
        Assert.Null(error.StatusCode);
    }

    [Fact]
    public void AFailedInstanceWithoutAReason_SaysNoneWasGiven()
    {
        var error = ServiceErrors.InstanceFailed(CallContext.ForTenant("Create", "t1", _clock), new ManagedInstance { TenantId = "t1", Status = InstanceStatus.CreationFailed });

        Assert.Equal("Create of the instance for tenant 't1' failed: status of instance for tenant 't1' is CREATION_FAILED. Reason: none given.", error.Message);
    }

    [Fact]
    public void ABodyOverTheLimit_NamesTheLimitInKiB()
    {
        var error = ServiceErrors.TooLarge(Get(), HttpStatusCode.OK, 1024 * 1024);

        Assert.Equal("Get of the instance for tenant 't1' failed: the service answered 200 (OK) with a body that could not be read completely within the 1024 KiB limit.", error.Message);
        Assert.Equal(200, error.StatusCode);
    }

    [Fact]
    public void ATimeout_OfAResumableOperation_SaysHowToResumeIt_AndOfAnyOtherCallOnlyThatItTimedOut()
    {
        var create = ServiceErrors.Timeout(CallContext.ForTenant("Create", "t1", _clock), TimeSpan.FromSeconds(90.5), null);
        var get = ServiceErrors.Timeout(Get(), TimeSpan.FromSeconds(90.5), null);

        Assert.Equal("Create of the instance for tenant 't1' did not complete within the polling timeout of 90.5 s; it goes on in the service: resume it with ResumeOperation(\"create:t1\") rather than starting it again.", create.Message);
        Assert.Equal("create:t1", create.OperationId);
        Assert.Equal("Get of the instance for tenant 't1' did not complete within the polling timeout of 90.5 s.", get.Message);
        Assert.Null(get.OperationId);
        Assert.Equal(TimeSpan.FromSeconds(90.5), get.Timeout);
    }

    [Fact]
    public void ARepeatThatFailedAgain_IsTheFirstFailure_Transient_WithTheRepeatAsItsCause()
    {
        var call = Get();
        var first = ServiceErrors.Failed(call, "the service answered 503 (ServiceUnavailable).", 503, "busy");
        var again = ServiceErrors.Failed(call, "the service answered 502 (BadGateway).", 502);

        var error = ServiceErrors.FailedAgain(call, first, again);

        Assert.Equal((first.Message, 503, "busy", true), (error.Message, error.StatusCode, error.ServerDescription, error.IsTransient));
        Assert.Same(again, error.InnerException);
    }

    [Fact]
    public void TwoFailures_CarryTheFirstsDescription_ElseTheSeconds()
    {
        var call = Get();
        var described = ServiceErrors.Failed(call, "one.", 500, "first description");
        var second = ServiceErrors.Failed(call, "two.", 403, "second description");
        var bare = ServiceErrors.Failed(call, "three.", 500);

        Assert.Equal("first description", ServiceErrors.Both(call, "both failed.", described, second, 500).ServerDescription);
        Assert.Equal("second description", ServiceErrors.Both(call, "both failed.", bare, second, 500).ServerDescription);
    }
}
