using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace InstanceManager.Emulator.Tests;

public sealed class AuthAndAdminTests
{
    [Theory]
    [InlineData("emulator", "wrong")]
    [InlineData("someone", "emulator-password")]
    public async Task WrongCredentials_401WithJsonDescription(string user, string password)
    {
        await using var im = await EmulatorHarness.StartAsync();
        im.Http.DefaultRequestHeaders.Authorization = EmulatorHarness.Basic(user, password);

        using var response = await im.GetAsync("t1");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Basic", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        Assert.Equal("Invalid credentials", (string?)(await EmulatorHarness.JsonAsync(response))["description"]);
    }

    [Fact]
    public async Task MissingCredentials_401()
    {
        await using var im = await EmulatorHarness.StartAsync();
        im.Http.DefaultRequestHeaders.Authorization = null;

        using var response = await im.Http.GetAsync(EmulatorHarness.Base);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task UnknownManagedService_404()
    {
        await using var im = await EmulatorHarness.StartAsync();

        using var response = await im.Http.GetAsync("instance-manager/managed/managed_instances/other-service");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task CreationFailurePattern_EndsInCreationFailedWithMessage()
    {
        await using var im = await EmulatorHarness.StartAsync(options => options.Failures = new EmulatorFailures { CreationFailurePattern = "^bad-" });
        (await im.PostAsync("bad-1")).Dispose();
        (await im.PostAsync("good-1")).Dispose();
        im.Clock.Advance(TimeSpan.FromSeconds(1));

        var failed = await EmulatorHarness.JsonAsync(await im.GetAsync("bad-1"));

        Assert.Equal("CREATION_FAILED", (string?)failed["status"]);
        Assert.Contains("bad-1", (string?)failed["failed_message"], StringComparison.Ordinal);
        Assert.Null(failed["credentials"]);
        Assert.Equal("CREATION_SUCCEEDED", await im.StatusAsync("good-1"));
    }

    [Fact]
    public async Task DeletionFailurePattern_EndsInDeletionFailed()
    {
        await using var im = await EmulatorHarness.StartAsync(options => options.Failures = new EmulatorFailures { DeletionFailurePattern = "sticky" });
        (await im.PostAsync("sticky")).Dispose();
        im.Clock.Advance(TimeSpan.FromSeconds(1));
        (await im.DeleteAsync("sticky")).Dispose();
        im.Clock.Advance(TimeSpan.FromSeconds(1));

        var failed = await EmulatorHarness.JsonAsync(await im.GetAsync("sticky"));

        Assert.Equal("DELETION_FAILED", (string?)failed["status"]);
        Assert.NotNull(failed["failed_message"]);
    }

    [Fact]
    public async Task ErrorRateOne_EveryRequestAnswersTheErrorStatus()
    {
        await using var im = await EmulatorHarness.StartAsync(options => options.Failures = new EmulatorFailures { ErrorRate = 1, ErrorStatusCode = 503 });

        using var response = await im.GetAsync("t1");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull((await EmulatorHarness.JsonAsync(response))["description"]);
        Assert.Equal(503, Assert.Single(im.Emulator.RequestLog).StatusCode);
    }

    [Fact]
    public async Task ErrorRateWithSeed_FailsTheSameRequestsEachRun()
    {
        async Task<string> PatternAsync()
        {
            await using var im = await EmulatorHarness.StartAsync(options => options.Failures = new EmulatorFailures { ErrorRate = 0.3, Seed = 42 });
            var codes = new StringBuilder();
            for (var index = 0; index < 40; index++)
            {
                codes.Append((await im.GetAsync("t1")).StatusCode == HttpStatusCode.ServiceUnavailable ? 'x' : '.');
            }

            return codes.ToString();
        }

        var first = await PatternAsync();

        Assert.Equal(first, await PatternAsync());
        Assert.InRange(first.Count(code => code == 'x'), 4, 24);
    }

    [Fact]
    public async Task Latency_RequestWaitsForTheClock()
    {
        await using var im = await EmulatorHarness.StartAsync(options => options.Failures = new EmulatorFailures { Latency = TimeSpan.FromSeconds(5) });

        var pending = im.GetAsync("t1");
        await im.Clock.WaitStartedAsync();
        Assert.False(pending.IsCompleted);

        Assert.Equal(TimeSpan.FromSeconds(5), await im.Clock.EndNextWaitAsync());

        Assert.Equal(HttpStatusCode.NotFound, (await pending).StatusCode);
    }

    [Fact]
    public async Task FailuresApi_ChangesBehaviourWhileRunning_AndRejectsInvalidSettings()
    {
        await using var im = await EmulatorHarness.StartAsync();

        using var put = await im.Http.PutAsync("emulator/failures", new StringContent("""{"errorRate":1,"errorStatusCode":500}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, (await im.GetAsync("t1")).StatusCode);
        Assert.Equal(1.0, im.Emulator.Failures.ErrorRate);

        using var invalid = await im.Http.PutAsync("emulator/failures", new StringContent("""{"errorRate":3}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("ErrorRate", (string?)(await EmulatorHarness.JsonAsync(invalid))["description"], StringComparison.Ordinal);

        (await im.Http.PutAsync("emulator/failures", new StringContent("{}", Encoding.UTF8, "application/json"))).Dispose();
        var current = await im.Http.GetFromJsonAsync<JsonObject>("emulator/failures");
        Assert.Equal(0.0, (double)current!["errorRate"]!);
        Assert.Equal(HttpStatusCode.NotFound, (await im.GetAsync("t1")).StatusCode);
    }

    [Fact]
    public async Task InstancesApi_ListsAndResets()
    {
        await using var im = await EmulatorHarness.StartAsync();
        (await im.PostAsync("t1")).Dispose();

        var listed = await im.Http.GetFromJsonAsync<JsonArray>("emulator/instances");
        Assert.Equal("t1", (string?)Assert.Single(listed!)!["tenant_id"]);
        Assert.Equal(HttpStatusCode.NoContent, (await im.Http.DeleteAsync("emulator/instances")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await im.GetAsync("t1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await im.Http.GetAsync("emulator/health")).StatusCode);
    }

    [Fact]
    public async Task VcapServices_HasAManagedHanaBindingPointingAtTheEmulator()
    {
        await using var im = await EmulatorHarness.StartAsync();

        var document = await im.Http.GetFromJsonAsync<JsonObject>("emulator/vcap-services");

        var binding = Assert.Single(document!["managed-hana"]!.AsArray())!;
        Assert.Equal("managed-hana", (string?)binding["label"]);
        var credentials = binding["credentials"]!;
        Assert.Equal("emulator", (string?)credentials["user"]);
        Assert.Equal(im.Emulator.BaseAddress + EmulatorHarness.Base + "/{tenant_id}", (string?)credentials["post_managed_instance_url"]);
        Assert.Equal(im.Emulator.BaseAddress + EmulatorHarness.Base, (string?)credentials["get_all_managed_instances_url"]);
        Assert.Equal(im.Emulator.Credentials["password"], (string?)credentials["password"]);
        Assert.Equal(im.Emulator.Credentials["get_managed_instance_url"], im.Emulator.Configuration["get_managed_instance_url"]);
    }
}
