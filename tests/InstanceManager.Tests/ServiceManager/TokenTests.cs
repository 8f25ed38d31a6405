using InstanceManager.Backends.ServiceManagerApi;
using Microsoft.Extensions.DependencyInjection;

namespace InstanceManager.Tests.ServiceManager;

public sealed class TokenTests : IDisposable
{
    private readonly SmServer _sm = new(options => options.AllowBinding = false);

    public void Dispose() => _sm.Dispose();

    [Fact]
    public async Task TokenRequest_IsTheClientCredentialsGrantOnTheOAuthHostsAbsolutePath()
    {
        _sm.Answer("GET", "/v1/service_bindings", 200, SmServer.Page([]));

        await _sm.Client.GetAllAsync();

        var request = Assert.Single(_sm.Requests("POST", SmServer.TokenPath)).RequestMessage;
        Assert.StartsWith("application/x-www-form-urlencoded", request.Headers!["Content-Type"][0], StringComparison.Ordinal);
        Assert.Equal("grant_type=client_credentials&client_id=sb-sm-client%21b1&client_secret=Sm-Client-Secret-Pa55%21", request.Body);
        var list = Assert.Single(_sm.Requests("GET", "/v1/service_bindings")).RequestMessage;
        Assert.Equal("Bearer " + SmServer.Token, list.Headers!["Authorization"][0]);
    }

    [Fact]
    public async Task Token_IsReusedUntil30SecondsBeforeExpiry_ThenRenewed()
    {
        _sm.Answers("POST", SmServer.TokenPath, (200, SmServer.TokenBody("token-a", 3600)), (200, SmServer.TokenBody("token-b", 3600)));
        _sm.Answer("GET", "/v1/service_bindings", 200, SmServer.Page([]));

        for (var call = 0; call < 5; call++)
        {
            await _sm.Client.GetAllAsync();
        }

        Assert.Equal(1, _sm.Count("POST", SmServer.TokenPath));

        _sm.Clock.Advance(TimeSpan.FromSeconds(3600 - 30) - TimeSpan.FromMilliseconds(1));
        await _sm.Client.GetAllAsync();
        Assert.Equal(1, _sm.Count("POST", SmServer.TokenPath));

        _sm.Clock.Advance(TimeSpan.FromMilliseconds(1));
        await _sm.Client.GetAllAsync();
        Assert.Equal(2, _sm.Count("POST", SmServer.TokenPath));
        var last = _sm.Requests("GET", "/v1/service_bindings").OrderBy(entry => entry.RequestMessage.DateTime).Last().RequestMessage;
        Assert.Equal("Bearer token-b", last.Headers!["Authorization"][0]);
    }

    [Fact]
    public async Task ThousandConcurrentCallers_CauseOneTokenRequest()
    {
        var tokens = _sm.Services.GetRequiredService<ServiceManagerTokenProvider>();

        var results = await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => Task.Run(() => tokens.GetTokenAsync(CancellationToken.None).AsTask())));

        Assert.All(results, token => Assert.Equal(SmServer.Token, token));
        Assert.Equal(1, _sm.Count("POST", SmServer.TokenPath));
    }

    [Fact]
    public async Task Unauthorized_IsRetriedOnceWithAFreshToken()
    {
        _sm.Answers("POST", SmServer.TokenPath, (200, SmServer.TokenBody("revoked", 3600)), (200, SmServer.TokenBody("fresh", 3600)));
        _sm.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath("/v1/service_bindings").UsingGet().WithHeader("Authorization", "Bearer revoked"))
            .AtPriority(1).RespondWith(SmServer.Respond(401, """{"error":"Unauthorized","description":"token revoked"}""", null));
        _sm.Answer("GET", "/v1/service_bindings", 200, SmServer.Page([]));

        var all = await _sm.Client.GetAllAsync();

        Assert.Empty(all);
        Assert.Equal(2, _sm.Count("POST", SmServer.TokenPath));
        Assert.Equal(2, _sm.Count("GET", "/v1/service_bindings"));
    }

    [Fact]
    public async Task Unauthorized_TwiceInARow_FailsWith401AfterOneRetry()
    {
        _sm.Answer("GET", "/v1/service_bindings", 401, """{"error":"Unauthorized","description":"not allowed"}""");

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => _sm.Client.GetAllAsync());

        Assert.Equal(401, exception.StatusCode);
        Assert.Equal(2, _sm.Count("GET", "/v1/service_bindings"));
        Assert.Equal(2, _sm.Count("POST", SmServer.TokenPath));
    }

    [Fact]
    public async Task TokenFailure_NamesTheOperationStatusAndDescription_NeverTheSecret()
    {
        _sm.Server.ResetMappings();
        _sm.Answer("POST", SmServer.TokenPath, 401, """{"error":"unauthorized","error_description":"Bad credentials"}""");

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => _sm.Client.GetAllAsync());

        Assert.Equal("Token", exception.Operation);
        Assert.Equal(401, exception.StatusCode);
        Assert.Contains("401", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Bad credentials", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(SmServer.ClientSecret, exception.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, _sm.Count("GET", "/v1/service_offerings"));
    }

    [Fact]
    public async Task SecretsAndTokens_NeverReachLogsOrMessages()
    {
        _sm.Answer("GET", "/v1/service_bindings", 500, """{"error":"InternalError","description":"boom"}""");

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => _sm.Client.GetAllAsync());

        var everything = string.Join("\n", _sm.Logs.Entries.Select(entry => entry.Text)) + exception + _sm.Options;
        Assert.Contains("boom", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(SmServer.ClientSecret, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(SmServer.Token, everything, StringComparison.Ordinal);
    }
}
