using WireMock.RequestBuilders;

namespace InstanceManager.Tests.ServiceManager;

/// <summary>
/// An instance POST whose outcome is unknown (the gateway answered 503) is never replayed blindly: the tenant's
/// instance is looked for first, as in the Instance Manager backend.
/// </summary>
public sealed class SafeCreateTests : IDisposable
{
    private readonly SmServer _sm = new();

    public void Dispose() => _sm.Dispose();

    /// <summary>The instance POSTs answer these in turn (the last repeats); a 202 names operation op-1 of inst-1, which has succeeded.</summary>
    private void InstancePosts(params int[] statuses)
    {
        var scenario = "posts " + Guid.NewGuid();
        for (var index = 0; index < statuses.Length; index++)
        {
            var mapping = _sm.Server.Given(Request.Create().WithPath("/v1/service_instances").UsingPost()).AtPriority(1).InScenario(scenario);
            if (index > 0)
            {
                mapping = mapping.WhenStateIs("step" + index);
            }

            mapping = mapping.WillSetStateTo("step" + Math.Min(index + 1, statuses.Length - 1));
            mapping.RespondWith(statuses[index] == 202
                ? SmServer.Respond(202, "", "/v1/service_instances/inst-1/operations/op-1")
                : SmServer.Respond(statuses[index], $$"""{"error":"E{{statuses[index]}}","description":"answer {{statuses[index]}}"}""", location: null));
        }

        _sm.Answer("GET", "/v1/service_instances/inst-1/operations/op-1", 200, SmServer.Operation("op-1", "succeeded", "inst-1", "service_instances"));
    }

    private void BindingCreated()
    {
        _sm.AsyncOperation("POST", "/v1/service_bindings", "service_bindings", "bind-1", "op-2", "succeeded");
        _sm.Answer("GET", "/v1/service_bindings/bind-1", 200, SmServer.Binding("bind-1", "t1", "inst-1").ToJsonString());
    }

    private void TenantHasNoBinding() => _sm.Answer("GET", "/v1/service_bindings", 200, SmServer.Page([]));

    [Fact]
    public async Task UnknownOutcome_InstanceFoundWithoutBinding_IsBound_WithoutASecondPost()
    {
        InstancePosts(503);
        _sm.Answer("GET", "/v1/service_instances", 200, SmServer.Page([SmServer.Instance("inst-1", "t1", ready: true)]));
        TenantHasNoBinding();
        BindingCreated();

        var instance = await _sm.Clock.RunAsync(_sm.Client.CreateAsync("t1"));

        Assert.Equal("SCHEMA_bind-1", instance.GetCredential("schema"));
        Assert.Equal(1, _sm.Count("POST", "/v1/service_instances"));
        Assert.Equal(1, _sm.Count("POST", "/v1/service_bindings"));
        Assert.Contains("Create for tenant 't1': the outcome of the request is unknown", Assert.Single(_sm.Logs.Entries, entry => entry.EventId.Id == 12).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownOutcome_NoInstance_IsPostedOnceMore()
    {
        InstancePosts(503, 202);
        _sm.Answer("GET", "/v1/service_instances", 200, SmServer.Page([]));
        BindingCreated();

        var instance = await _sm.Clock.RunAsync(_sm.Client.CreateAsync("t1"));

        Assert.Equal(InstanceStatus.CreationSucceeded, instance.Status);
        Assert.Equal(2, _sm.Count("POST", "/v1/service_instances"));
    }

    [Fact]
    public async Task UnknownOutcome_NoInstance_SecondPost409_MeansTheFirstArrived_AndThatInstanceIsBound()
    {
        InstancePosts(503, 409);
        _sm.Answers("GET", "/v1/service_instances", (200, SmServer.Page([])), (200, SmServer.Page([SmServer.Instance("inst-1", "t1", ready: true)])));
        BindingCreated();

        var instance = await _sm.Clock.RunAsync(_sm.Client.CreateAsync("t1"));

        Assert.Equal("SCHEMA_bind-1", instance.GetCredential("schema"));
        Assert.Equal(2, _sm.Count("POST", "/v1/service_instances"));
        Assert.Equal(1, _sm.Count("POST", "/v1/service_bindings"));
    }

    [Fact]
    public async Task UnknownOutcome_InstanceThatAlreadyHasABinding_Is409_WithoutANewBinding()
    {
        InstancePosts(503);
        _sm.Answer("GET", "/v1/service_instances", 200, SmServer.Page([SmServer.Instance("inst-1", "t1", ready: true)]));
        _sm.Answer("GET", "/v1/service_bindings", 200, SmServer.Page([SmServer.Binding("old", "t1", "inst-1")]));

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => _sm.Clock.RunAsync(_sm.Client.CreateAsync("t1")));

        Assert.Equal(409, exception.StatusCode);
        Assert.EndsWith("failed: the tenant already has an instance (name-of-inst-1) with a binding.", exception.Message, StringComparison.Ordinal);
        Assert.Equal("Instance already exists", exception.ServerDescription);
        Assert.Equal(0, _sm.Count("POST", "/v1/service_bindings"));
    }

    [Fact]
    public async Task UnknownOutcome_InstanceThatVanishesWhileBeingCreated_EndsTheWaitWith404()
    {
        InstancePosts(503);
        _sm.Answer("GET", "/v1/service_instances", 200, SmServer.Page([SmServer.Instance("inst-1", "t1", ready: false)]));
        TenantHasNoBinding();
        _sm.Answer("GET", "/v1/service_instances/inst-1", 404, """{"error":"NotFound","description":"no such instance"}""");

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => _sm.Clock.RunAsync(_sm.Client.CreateAsync("t1")));

        Assert.Equal(404, exception.StatusCode);
        Assert.EndsWith("the instance being created (inst-1) is gone.", exception.Message, StringComparison.Ordinal);
        Assert.Equal(0, _sm.Count("POST", "/v1/service_bindings"));
    }

    [Fact]
    public async Task ABindingThatIsNotThereOnceCreated_Is404NamingIt()
    {
        InstancePosts(202);
        _sm.AsyncOperation("POST", "/v1/service_bindings", "service_bindings", "bind-1", "op-2", "succeeded");
        _sm.Answer("GET", "/v1/service_bindings/bind-1", 404, """{"error":"NotFound","description":"no such binding"}""");
        _sm.AsyncOperation("DELETE", "/v1/service_instances/inst-1", "service_instances", "inst-1", "op-3", "succeeded");
        TenantHasNoBinding();

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => _sm.Clock.RunAsync(_sm.Client.CreateAsync("t1")));

        Assert.Contains("the binding the Service Manager created (bind-1) is not there (404).", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownOutcome_InstanceStillBeingCreated_IsWaitedForUntilReady()
    {
        InstancePosts(503);
        _sm.Answer("GET", "/v1/service_instances", 200, SmServer.Page([SmServer.Instance("inst-1", "t1", ready: false)]));
        TenantHasNoBinding();
        _sm.Answers("GET", "/v1/service_instances/inst-1", (200, SmServer.Instance("inst-1", "t1", ready: false).ToJsonString()), (200, SmServer.Instance("inst-1", "t1", ready: true).ToJsonString()));
        BindingCreated();

        var instance = await _sm.Clock.RunAsync(_sm.Client.CreateAsync("t1"));

        Assert.Equal(InstanceStatus.CreationSucceeded, instance.Status);
        Assert.Equal(2, _sm.Count("GET", "/v1/service_instances/inst-1"));
        Assert.Equal(1, _sm.Count("POST", "/v1/service_instances"));
    }

    [Fact]
    public async Task UnknownOutcome_InstanceWhoseCreationFailed_EndsTheWait()
    {
        InstancePosts(503);
        _sm.Answer("GET", "/v1/service_instances", 200, SmServer.Page([SmServer.Instance("inst-1", "t1", ready: false)]));
        TenantHasNoBinding();
        var failed = SmServer.Instance("inst-1", "t1", ready: false);
        failed["last_operation"] = new System.Text.Json.Nodes.JsonObject { ["type"] = "create", ["state"] = "failed" };
        _sm.Answer("GET", "/v1/service_instances/inst-1", 200, failed.ToJsonString());

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => _sm.Clock.RunAsync(_sm.Client.CreateAsync("t1")));

        Assert.Contains("create operation on the instance failed", exception.Message, StringComparison.Ordinal);
        Assert.Equal(0, _sm.Count("POST", "/v1/service_bindings"));
    }

    [Fact]
    public async Task ADefinite400_IsNeitherLookedUpNorRepeated()
    {
        InstancePosts(400);

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => _sm.Clock.RunAsync(_sm.Client.CreateAsync("t1")));

        Assert.Equal(400, exception.StatusCode);
        Assert.Equal(1, _sm.Count("POST", "/v1/service_instances"));
        Assert.Equal(0, _sm.Count("GET", "/v1/service_instances"));
    }
}
