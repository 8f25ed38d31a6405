using System.Net;
using System.Net.Http.Headers;

namespace InstanceManager.Emulator.Tests;

public sealed class ServiceManagerTokenTests
{
    [Fact]
    public async Task Token_ClientInFormFields_BearerTokenWithUaaLifetime()
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        using var response = await ServiceManagerSession.RequestTokenAsync(emulator.Http, "sm-emulator-client", "sm-emulator-secret");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        var json = await EmulatorHarness.JsonAsync(response);
        Assert.Equal("bearer", (string?)json["token_type"]);
        Assert.Equal(43199, (int)json["expires_in"]!);
        Assert.False(string.IsNullOrEmpty((string?)json["access_token"]));
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
    }

    [Fact]
    public async Task Token_ClientAsHttpBasic_Accepted()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "oauth/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }),
        };
        request.Headers.Authorization = EmulatorHarness.Basic("sm-emulator-client", "sm-emulator-secret");

        using var response = await emulator.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var token = (string)(await EmulatorHarness.JsonAsync(response))["access_token"]!;
        using var sm = new HttpClient { BaseAddress = emulator.Emulator.BaseAddress };
        sm.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await sm.GetAsync("v1/service_offerings")).StatusCode);
    }

    [Theory]
    [InlineData("sm-emulator-client", "wrong")]
    [InlineData("someone", "sm-emulator-secret")]
    public async Task Token_WrongClient_401InUaaShape(string clientId, string clientSecret)
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        using var response = await ServiceManagerSession.RequestTokenAsync(emulator.Http, clientId, clientSecret);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var json = await EmulatorHarness.JsonAsync(response);
        Assert.Equal("unauthorized", (string?)json["error"]);
        Assert.Equal("Bad credentials", (string?)json["error_description"]);
        Assert.DoesNotContain("sm-emulator-secret", json.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_OtherGrantType_400UnsupportedGrantType()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = "sm-emulator-client",
            ["client_secret"] = "sm-emulator-secret",
        });

        using var plain = new HttpClient { BaseAddress = emulator.Emulator.BaseAddress };

        using var response = await plain.PostAsync("oauth/token", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("unsupported_grant_type", (string?)(await EmulatorHarness.JsonAsync(response))["error"]);
    }

    [Fact]
    public async Task ServiceManager_WithoutToken_401()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        emulator.Http.DefaultRequestHeaders.Authorization = null;

        using var response = await emulator.Http.GetAsync("v1/service_instances");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        var json = await EmulatorHarness.JsonAsync(response);
        Assert.Equal("Unauthorized", (string?)json["error"]);
        Assert.Contains("bearer token is required", (string?)json["description"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.AAAA")]
    public async Task ServiceManager_UnknownToken_401(string token)
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        emulator.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var response = await emulator.Http.GetAsync("v1/service_instances");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("The access token is not valid.", (string?)(await EmulatorHarness.JsonAsync(response))["description"]);
    }

    [Fact]
    public async Task ServiceManager_BasicInsteadOfBearer_401()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        emulator.Http.DefaultRequestHeaders.Authorization = EmulatorHarness.Basic("sm-emulator-client", "sm-emulator-secret");

        using var response = await emulator.Http.GetAsync("v1/service_offerings");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Token_ExpiresOnTheEmulatorsClock()
    {
        await using var emulator = await EmulatorHarness.StartAsync(options => options.ServiceManager.TokenLifetime = TimeSpan.FromMinutes(5));
        using var sm = await ServiceManagerSession.StartAsync(emulator);

        emulator.Clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromMilliseconds(1));
        Assert.Equal(HttpStatusCode.OK, (await sm.ListAsync("service_instances")).StatusCode);
        emulator.Clock.Advance(TimeSpan.FromMilliseconds(1));
        using var expired = await sm.ListAsync("service_instances");

        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Equal("The access token has expired.", (string?)(await EmulatorHarness.JsonAsync(expired))["description"]);
    }

    [Fact]
    public async Task TokenLifetime_IsTheExpiresIn()
    {
        await using var emulator = await EmulatorHarness.StartAsync(options => options.ServiceManager.TokenLifetime = TimeSpan.FromSeconds(90));

        using var response = await ServiceManagerSession.RequestTokenAsync(emulator.Http, "sm-emulator-client", "sm-emulator-secret");

        Assert.Equal(90, (int)(await EmulatorHarness.JsonAsync(response))["expires_in"]!);
    }

    [Fact]
    public async Task TokenRequests_LoggedWithoutTheSecret()
    {
        await using var emulator = await EmulatorHarness.StartAsync();

        (await ServiceManagerSession.RequestTokenAsync(emulator.Http, "sm-emulator-client", "wrong")).Dispose();
        (await ServiceManagerSession.RequestTokenAsync(emulator.Http, "sm-emulator-client", "sm-emulator-secret")).Dispose();

        Assert.Equal(["POST /oauth/token 401", "POST /oauth/token 200"], emulator.Emulator.RequestLog.Select(request => $"{request.Method} {request.Path} {request.StatusCode}"));
        Assert.All(emulator.Emulator.RequestLog, request => Assert.Null(request.TenantId));
    }
}
