namespace InstanceManager.Tests.ServiceManager;

/// <summary>Where the client polls the operation a 202 names in its <c>Location</c> header.</summary>
public sealed class OperationLocationTests
{
    [Fact]
    public async Task APathLocation_IsAppendedToSmUrl_KeepingAPathPrefixOfSmUrl()
    {
        using var sm = new SmServer(options => options.SmUrl += "/gateway/sm", catalog: false);
        sm.Answer("POST", "/gateway/sm/v1/service_instances", 202, location: "/v1/service_instances/inst-1/operations/op-1");
        sm.Answer("GET", "/gateway/sm/v1/service_instances/inst-1/operations/op-1", 200, SmServer.Operation("op-1", "succeeded", "inst-1", "service_instances"));

        var operation = await sm.Clock.RunAsync(sm.ServiceManager.Instances.CreateAsync("my-instance", SmServer.PlanId));

        Assert.True(operation.Succeeded);
        Assert.Equal(1, sm.Count("GET", "/gateway/sm/v1/service_instances/inst-1/operations/op-1"));
        Assert.Equal(0, sm.Count("GET", "/v1/service_instances/inst-1/operations/op-1"));
    }

    [Fact]
    public async Task ALocationOnAnotherServer_IsRefused_SoTheTokenIsNotSentThere()
    {
        using var sm = new SmServer(catalog: false);
        sm.Answer("POST", "/v1/service_instances", 202, location: "http://elsewhere.invalid/v1/service_instances/inst-1/operations/op-1");

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => sm.Clock.RunAsync(sm.ServiceManager.Instances.CreateAsync("my-instance", SmServer.PlanId)));

        Assert.Contains("another server", exception.Message, StringComparison.Ordinal);
        Assert.Equal(202, exception.StatusCode);
    }
}
