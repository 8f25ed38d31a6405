using System.Net;

namespace InstanceManager.Emulator.Tests;

public sealed class ServiceManagerFailureTests
{
    [Fact]
    public async Task CreationFailurePattern_OperationFailsWithErrors_InstanceStaysNotReadyAndDeletable()
    {
        await using var emulator = await EmulatorHarness.StartAsync(options => options.Failures = new EmulatorFailures { CreationFailurePattern = "^bad-" });
        using var sm = await ServiceManagerSession.StartAsync(emulator);

        using var created = await sm.CreateInstanceAsync("inst-bad", "bad-1");
        using var good = await sm.CreateInstanceAsync("inst-good", "good-1");
        emulator.Clock.Advance(TimeSpan.FromSeconds(1));

        var failed = await sm.OperationAsync(created);
        Assert.Equal("failed", (string?)failed["state"]);
        Assert.Equal("BrokerError", (string?)failed["errors"]!["error"]);
        Assert.Contains("bad-1", (string?)failed["errors"]!["description"], StringComparison.Ordinal);
        var instance = await sm.JsonAsync($"v1/service_instances/{ServiceManagerSession.ResourceIdOf(created)}");
        Assert.False((bool)instance["ready"]!);
        Assert.Equal("failed", (string?)instance["last_operation"]!["state"]);
        Assert.Equal("succeeded", (string?)(await sm.OperationAsync(good))["state"]);
        using var bind = await sm.CreateBindingAsync(ServiceManagerSession.ResourceIdOf(created), "bad-1");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bind.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await sm.Http.DeleteAsync($"v1/service_instances/{instance["id"]}?async=true")).StatusCode);
    }

    [Fact]
    public async Task CreationFailurePattern_WithoutTenantLabel_MatchesTheName()
    {
        await using var emulator = await EmulatorHarness.StartAsync(options => options.Failures = new EmulatorFailures { CreationFailurePattern = "^doomed$" });
        using var sm = await ServiceManagerSession.StartAsync(emulator);

        using var created = await sm.CreateInstanceAsync("doomed");
        emulator.Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("failed", (string?)(await sm.OperationAsync(created))["state"]);
    }

    [Fact]
    public async Task BindingFailurePattern_OperationFails_AndTheBindingIsGone()
    {
        await using var emulator = await EmulatorHarness.StartAsync(options => options.Failures = new EmulatorFailures { BindingFailurePattern = "unbindable" });
        using var sm = await ServiceManagerSession.StartAsync(emulator);
        var instanceId = await sm.ReadyInstanceAsync("unbindable");

        using var created = await sm.CreateBindingAsync(instanceId, "unbindable");
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        Assert.Equal(1, (int)(await sm.PageAsync("service_bindings"))["num_items"]!);
        emulator.Clock.Advance(TimeSpan.FromSeconds(0.5));

        var failed = await sm.OperationAsync(created);
        Assert.Equal("failed", (string?)failed["state"]);
        Assert.Contains("binding failure pattern", (string?)failed["errors"]!["description"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await sm.Http.GetAsync($"v1/service_bindings/{ServiceManagerSession.ResourceIdOf(created)}")).StatusCode);
        Assert.Equal(0, (int)(await sm.PageAsync("service_bindings"))["num_items"]!);
        Assert.Equal(HttpStatusCode.Accepted, (await sm.Http.DeleteAsync($"v1/service_instances/{instanceId}?async=true")).StatusCode);
    }

    [Fact]
    public async Task DeletionFailurePattern_OperationFails_InstanceStaysReady_BindingsStillDeleted()
    {
        await using var emulator = await EmulatorHarness.StartAsync(options => options.Failures = new EmulatorFailures { DeletionFailurePattern = "sticky" });
        using var sm = await ServiceManagerSession.StartAsync(emulator);
        var bindingId = await sm.ReadyBindingAsync("sticky");
        var instanceId = (string)(await sm.JsonAsync($"v1/service_bindings/{bindingId}"))["service_instance_id"]!;

        using var unbound = await sm.Http.DeleteAsync($"v1/service_bindings/{bindingId}?async=true");
        emulator.Clock.Advance(TimeSpan.FromSeconds(0.5));
        Assert.Equal("succeeded", (string?)(await sm.OperationAsync(unbound))["state"]);
        using var deleted = await sm.Http.DeleteAsync($"v1/service_instances/{instanceId}?async=true");
        emulator.Clock.Advance(TimeSpan.FromSeconds(0.5));

        var failed = await sm.OperationAsync(deleted);
        Assert.Equal("failed", (string?)failed["state"]);
        Assert.Equal("delete", (string?)failed["type"]);
        Assert.Contains("deletion failure pattern", (string?)failed["errors"]!["description"], StringComparison.Ordinal);
        Assert.True((bool)(await sm.JsonAsync($"v1/service_instances/{instanceId}"))["ready"]!);
    }

    [Fact]
    public async Task SynchronousCreateThatFails_502WithTheError()
    {
        await using var emulator = await EmulatorHarness.StartAsync(options => options.Failures = new EmulatorFailures { CreationFailurePattern = "t1" });
        using var sm = await ServiceManagerSession.StartAsync(emulator);

        using var response = await sm.CreateInstanceAsync("sync", "t1", async: false);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("BrokerError", (string?)(await EmulatorHarness.JsonAsync(response))["error"]);
    }

    [Fact]
    public async Task ErrorRateOne_EveryServiceManagerRequestFails_TokensStillIssued()
    {
        await using var emulator = await EmulatorHarness.StartAsync(options => options.Failures = new EmulatorFailures { ErrorRate = 1, ErrorStatusCode = 503 });
        using var sm = await ServiceManagerSession.StartAsync(emulator);

        using var list = await sm.ListAsync("service_instances");
        using var created = await sm.CreateInstanceAsync("x", "t1", planId: "any");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, list.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, created.StatusCode);
        Assert.NotNull((await EmulatorHarness.JsonAsync(list))["description"]);
        Assert.Equal([200, 503, 503], emulator.Emulator.RequestLog.Select(request => request.StatusCode));
    }

    [Fact]
    public async Task ErrorRateWithSeed_SameRequestsFailEachRun()
    {
        async Task<string> PatternAsync()
        {
            await using var emulator = await EmulatorHarness.StartAsync(options => options.Failures = new EmulatorFailures { ErrorRate = 0.3, Seed = 7 });
            using var sm = await ServiceManagerSession.StartAsync(emulator);
            var codes = new System.Text.StringBuilder();
            for (var index = 0; index < 30; index++)
            {
                codes.Append((await sm.ListAsync("service_plans")).StatusCode == HttpStatusCode.ServiceUnavailable ? 'x' : '.');
            }

            return codes.ToString();
        }

        var first = await PatternAsync();

        Assert.Equal(first, await PatternAsync());
        Assert.InRange(first.Count(code => code == 'x'), 3, 18);
    }

    [Fact]
    public async Task Latency_ServiceManagerRequestWaitsForTheClock()
    {
        await using var emulator = await EmulatorHarness.StartAsync(options => options.Failures = new EmulatorFailures { Latency = TimeSpan.FromSeconds(2) });
        using var sm = await ServiceManagerSession.StartAsync(emulator);

        var pending = sm.ListAsync("service_plans");
        await emulator.Clock.WaitStartedAsync();
        Assert.False(pending.IsCompleted);

        Assert.Equal(TimeSpan.FromSeconds(2), await emulator.Clock.EndNextWaitAsync());
        Assert.Equal(HttpStatusCode.OK, (await pending).StatusCode);
    }

    [Fact]
    public async Task RequestLog_NamesTheTenantFromLabelsAndQueries()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var sm = await ServiceManagerSession.StartAsync(emulator);
        var planId = await sm.PlanIdAsync();
        emulator.Emulator.ClearRequestLog();

        using var created = await sm.CreateInstanceAsync("inst", "t1", planId);
        (await sm.OperationAsync(created)).ToString();
        (await sm.ListAsync("service_bindings", labelQuery: "tenant_id eq 't1'")).Dispose();
        (await sm.ListAsync("service_plans")).Dispose();

        Assert.Equal(
            ["POST t1 202", "GET t1 200", "GET t1 200", "GET - 200"],
            emulator.Emulator.RequestLog.Select(request => $"{request.Method} {request.TenantId ?? "-"} {request.StatusCode}"));
        Assert.StartsWith("/v1/service_instances?async=true", emulator.Emulator.RequestLog[0].Path, StringComparison.Ordinal);
    }
}
