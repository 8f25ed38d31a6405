using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using InstanceManager.Emulator;
using InstanceManager.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MultitenantWebApi;

namespace InstanceManager.IntegrationTests;

/// <summary>The web sample's endpoints on Kestrel, with the client against the emulator's Instance Manager.</summary>
public sealed class InstanceManagerWebSampleTests : WebSampleTests
{
    protected override IConfiguration CredentialsOf(InstanceManagerEmulator emulator) => emulator.Configuration;
}

/// <summary>The web sample's endpoints on Kestrel, with the client against the emulator's Service Manager.</summary>
public sealed class ServiceManagerWebSampleTests : WebSampleTests
{
    protected override IConfiguration CredentialsOf(InstanceManagerEmulator emulator) => emulator.ServiceManagerConfiguration;
}

/// <summary>The web sample's endpoints on Kestrel, with the client against the emulator, all over loopback HTTP.</summary>
public abstract class WebSampleTests : IAsyncLifetime
{
    private readonly TestClock _clock = new() { IgnoreAtOrAbove = TimeSpan.FromSeconds(30) };
    private InstanceManagerEmulator _emulator = null!;
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    public async ValueTask InitializeAsync()
    {
        _emulator = await InstanceManagerEmulator.StartAsync(new InstanceManagerEmulatorOptions { TimeProvider = _clock });
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSingleton<TimeProvider>(_clock);
        builder.Services.AddProblemDetails();
        builder.Services.AddInstanceManager(CredentialsOf(_emulator));
        builder.Services.AddSubscriptionCallbacks();
        _app = builder.Build();
        _app.UseExceptionHandler();
        _app.UseStatusCodePages();
        _app.MapTenantEndpoints();
        _app.MapSubscriptionCallbacks();
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        _http = new HttpClient { BaseAddress = new Uri(address) };
    }

    /// <summary>The credentials the sample is started with.</summary>
    protected abstract IConfiguration CredentialsOf(InstanceManagerEmulator emulator);

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        _http.Dispose();
        await _app.DisposeAsync();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task OnboardQueryListOffboard_WithSecretsMasked()
    {
        using var created = await _clock.RunAsync(_http.PutAsync("/tenants/acme", null));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var view = await created.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("CreationSucceeded", (string?)view!["status"]);
        Assert.Equal("********", (string?)view["password"]);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/connection") { Headers = { { "X-Tenant-Id", "acme" } } };
        using var connection = await _http.SendAsync(request);
        var body = await connection.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, connection.StatusCode);
        Assert.Contains(EmulatedCredentials.For("acme")["schema"], body, StringComparison.Ordinal);
        Assert.DoesNotContain(EmulatedCredentials.For("acme")["password"], body, StringComparison.Ordinal);

        var list = await _http.GetFromJsonAsync<JsonArray>("/tenants");
        Assert.Equal("acme", (string?)Assert.Single(list!)!["tenantId"]);

        using var deleted = await _clock.RunAsync(_http.DeleteAsync("/tenants/acme"));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty((await _http.GetFromJsonAsync<JsonArray>("/tenants"))!);
    }

    [Fact]
    public async Task UnknownTenant_404ProblemDetails()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/connection") { Headers = { { "X-Tenant-Id", "nobody" } } };

        using var response = await _clock.RunAsync(_http.SendAsync(request));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await _clock.RunAsync(_http.DeleteAsync("/tenants/nobody"))).StatusCode);
    }

    [Fact]
    public async Task InvalidTenantId_400BeforeAnyServiceRequest()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/connection");

        using var missing = await _http.SendAsync(request);
        using var invalid = await _http.PutAsync("/tenants/a%20b", null);

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Empty(_emulator.RequestLog);
    }

    [Fact]
    public async Task OnboardingTwice_409()
    {
        (await _clock.RunAsync(_http.PutAsync("/tenants/twice", null))).Dispose();

        using var again = await _clock.RunAsync(_http.PutAsync("/tenants/twice", null));

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task SubscriptionCallback_AnswersAtOnce_TheStatusUrlReportsProgressAndOutcome_AndOffboardingTolerance()
    {
        using var accepted = await _http.PutAsync("/callback/v1.0/tenants/acme", null);

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var location = accepted.Headers.Location!.OriginalString;
        Assert.Equal("/callback/v1.0/operations/create%3Aacme", location);
        var progress = await _http.GetFromJsonAsync<JsonObject>(location);
        Assert.Equal("in progress", (string?)progress!["status"]);

        // The service finishes provisioning; the status URL (stateless: any replica, any time) reports the outcome.
        _clock.Advance(TimeSpan.FromSeconds(2));
        var outcome = await _clock.RunAsync(_http.GetFromJsonAsync<JsonObject>(location));
        Assert.Equal("succeeded", (string?)outcome!["status"]);
        Assert.Equal("acme", (string?)outcome["tenant"]!["tenantId"]);
        Assert.Equal("********", (string?)outcome["tenant"]!["password"]);
        Assert.DoesNotContain(EmulatedCredentials.For("acme")["password"], outcome.ToJsonString(), StringComparison.Ordinal);

        // A repeated callback is answered with the ready tenant; its create was refused (409), so one instance was created.
        using var repeated = await _clock.RunAsync(_http.PutAsync("/callback/v1.0/tenants/acme", null));
        Assert.Equal(HttpStatusCode.OK, repeated.StatusCode);
        Assert.Equal(1, _emulator.RequestLog.Count(request => request.Method == "POST" && request.StatusCode < 400 && (request.Path.StartsWith("/instance-manager/", StringComparison.Ordinal) || request.Path.StartsWith("/v1/service_instances", StringComparison.Ordinal))));

        using var offboarded = await _clock.RunAsync(_http.DeleteAsync("/callback/v1.0/tenants/acme"));
        Assert.Equal(HttpStatusCode.OK, offboarded.StatusCode);
        Assert.True((bool)(await offboarded.Content.ReadFromJsonAsync<JsonObject>())!["deleted"]!);
        using var again = await _clock.RunAsync(_http.DeleteAsync("/callback/v1.0/tenants/acme"));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.False((bool)(await again.Content.ReadFromJsonAsync<JsonObject>())!["deleted"]!);
    }

    [Fact]
    public async Task SubscriptionCallback_AFailedOnboarding_IsReportedByTheStatusUrl()
    {
        _emulator.Failures = new EmulatorFailures { CreationFailurePattern = "^doomed" };
        using var accepted = await _http.PutAsync("/callback/v1.0/tenants/doomed", null);
        _clock.Advance(TimeSpan.FromSeconds(2));

        var outcome = await _clock.RunAsync(_http.GetFromJsonAsync<JsonObject>(accepted.Headers.Location!.OriginalString));

        Assert.Equal("failed", (string?)outcome!["status"]);
        Assert.Contains("doomed", (string?)outcome["error"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubscriptionCallback_StatusOfSomethingThatIsNoOperation_400()
    {
        using var response = await _http.GetAsync("/callback/v1.0/operations/acme");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(_emulator.RequestLog);
    }
}
