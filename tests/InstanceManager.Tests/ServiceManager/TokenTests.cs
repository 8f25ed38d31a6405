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

    [Fact]
    public async Task TheTokenRequest_AsksForJson()
    {
        _sm.Answer("GET", "/v1/service_bindings", 200, SmServer.Page([]));

        await _sm.Client.GetAllAsync();

        var request = Assert.Single(_sm.Requests("POST", SmServer.TokenPath)).RequestMessage;
        Assert.Equal("application/json", request.Headers!["Accept"][0]);
    }

    [Fact]
    public async Task WithAClientSecret_TheTokenComesFromUrl_EvenWhenTheBindingAlsoHasACertUrl()
    {
        // Bindings list both: certurl is for the certificate flow only.
        using var sm = new SmServer(options =>
        {
            options.AllowBinding = false;
            options.CertUrl = "http://127.0.0.1:9/cert-flow-only";
        });
        sm.Answer("GET", "/v1/service_bindings", 200, SmServer.Page([]));

        Assert.Empty(await sm.Client.GetAllAsync());

        Assert.Equal(1, sm.Count("POST", SmServer.TokenPath));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData(null)]
    public async Task ATokenWithoutALifetime_ServesOneRequestOnly(string? expiresIn)
    {
        ResetMappingsButTheCatalog();
        _sm.Answer("POST", SmServer.TokenPath, 200, expiresIn is null ? $$"""{"access_token":"{{SmServer.Token}}","token_type":"bearer"}""" : $$"""{"access_token":"{{SmServer.Token}}","expires_in":{{expiresIn}}}""");
        _sm.Answer("GET", "/v1/service_bindings", 200, SmServer.Page([]));

        await _sm.Client.GetAllAsync();
        await _sm.Client.GetAllAsync();

        // One token per request to the Service Manager.
        var serviceManagerRequests = _sm.Server.LogEntries.Count(entry => entry.RequestMessage.Path != SmServer.TokenPath);
        Assert.True(serviceManagerRequests >= 2, $"{serviceManagerRequests}");
        Assert.Equal(serviceManagerRequests, _sm.Count("POST", SmServer.TokenPath));
    }

    [Fact]
    public async Task ATokenLifetimeOverAYear_IsCutToAYear()
    {
        ResetMappingsButTheCatalog();
        _sm.Answer("POST", SmServer.TokenPath, 200, SmServer.TokenBody(SmServer.Token, 10 * 365 * 24 * 3600));
        _sm.Answer("GET", "/v1/service_bindings", 200, SmServer.Page([]));

        await _sm.Client.GetAllAsync();
        _sm.Clock.Advance(TimeSpan.FromDays(365) - TimeSpan.FromSeconds(31));
        await _sm.Client.GetAllAsync();
        Assert.Equal(1, _sm.Count("POST", SmServer.TokenPath));

        _sm.Clock.Advance(TimeSpan.FromSeconds(1));
        await _sm.Client.GetAllAsync();
        Assert.Equal(2, _sm.Count("POST", SmServer.TokenPath));
    }

    [Fact]
    public async Task AnAnswerWithoutAnAccessToken_IsAnUnreadableTokenAnswer_AndTheNextCallTriesAgain()
    {
        ResetMappingsButTheCatalog();
        _sm.Answers("POST", SmServer.TokenPath, (200, """{"token_type":"bearer","expires_in":3600}"""), (200, SmServer.TokenBody(SmServer.Token, 3600)));
        _sm.Answer("GET", "/v1/service_bindings", 200, SmServer.Page([]));

        var error = await Assert.ThrowsAsync<InstanceManagerException>(() => _sm.Client.GetAllAsync());

        Assert.Equal("Token", error.Operation);
        Assert.Equal(200, error.StatusCode);
        Assert.StartsWith("Token request to the OAuth server", error.Message, StringComparison.Ordinal);
        Assert.Contains("no access token", error.Message, StringComparison.Ordinal);
        Assert.Empty(await _sm.Client.GetAllAsync());
        Assert.Equal(2, _sm.Count("POST", SmServer.TokenPath));
    }

    [Fact]
    public async Task AnOAuthServerThatEchoesTheSecret_DoesNotGetItIntoTheMessage()
    {
        ResetMappingsButTheCatalog();
        _sm.Answer("POST", SmServer.TokenPath, 401, $$"""{"error":"unauthorized","error_description":"secret '{{SmServer.ClientSecret}}' is not valid"}""");

        var error = await Assert.ThrowsAsync<InstanceManagerException>(() => _sm.Client.GetAllAsync());

        Assert.Contains("secret '***' is not valid", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(SmServer.ClientSecret, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(SmServer.ClientSecret, error.ServerDescription ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidatingATokenThatIsNotTheCurrentOne_KeepsTheCurrent_AndInvalidatingNothingIsHarmless()
    {
        var tokens = _sm.Services.GetRequiredService<ServiceManagerTokenProvider>();
        tokens.Invalidate("never-issued");

        Assert.Equal(SmServer.Token, await tokens.GetTokenAsync(CancellationToken.None));
        tokens.Invalidate("an-older-token");
        Assert.Equal(SmServer.Token, await tokens.GetTokenAsync(CancellationToken.None));
        Assert.Equal(1, _sm.Count("POST", SmServer.TokenPath));

        tokens.Invalidate(SmServer.Token);
        Assert.Equal(SmServer.Token, await tokens.GetTokenAsync(CancellationToken.None));
        Assert.Equal(2, _sm.Count("POST", SmServer.TokenPath));
    }

    [Theory]
    [InlineData("http://oauth.example/uaa", null, "oauth.example")]
    [InlineData(null, "http://sm.example", "sm.example")]
    [InlineData(null, null, null)]
    public void PlainHttpToAnotherMachine_IsWarnedOf_ButNotToLoopback(string? url, string? smUrl, string? warnedHost)
    {
        using var sm = new SmServer(options =>
        {
            options.Url = url ?? options.Url;
            options.SmUrl = smUrl ?? options.SmUrl;
        });

        sm.Services.GetRequiredService<ServiceManagerTokenProvider>();

        var warnings = sm.Logs.Entries.Where(entry => entry.EventId.Id == 18).Select(entry => entry.Text).ToList();
        if (warnedHost is null)
        {
            Assert.Empty(warnings);
        }
        else
        {
            Assert.Contains($"plain http to {warnedHost}:", Assert.Single(warnings), StringComparison.Ordinal);
        }
    }

    private void ResetMappingsButTheCatalog()
    {
        _sm.Server.ResetMappings();
        _sm.Answer("GET", "/v1/service_offerings", 200, SmServer.Page([SmServer.Offering(SmServer.OfferingId, "hana")]));
        _sm.Answer("GET", "/v1/service_plans", 200, SmServer.Page([SmServer.Plan(SmServer.PlanId, "hdi-shared", SmServer.OfferingId)]));
    }
}
