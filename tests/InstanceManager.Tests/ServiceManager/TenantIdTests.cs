using InstanceManager.Backends.ServiceManagerApi;
using Microsoft.Extensions.DependencyInjection;

namespace InstanceManager.Tests.ServiceManager;

/// <summary>Tenant ids the Service Manager's query grammar cannot carry unchanged are refused before any request.</summary>
public sealed class TenantIdTests
{
    [Theory]
    [InlineData("a\\b", "may not contain a backslash")]
    [InlineData("'t1", "may not start or end with a single quote")]
    [InlineData("t1'", "may not start or end with a single quote")]
    public async Task AnIdTheServiceManagerCannotQuery_IsRefusedByEveryOperation_BeforeAnyRequest(string tenantId, string reason)
    {
        using var sm = new SmServer(token: false, catalog: false);

        var errors = new[]
        {
            await Assert.ThrowsAsync<ArgumentException>(async () => await sm.Client.GetAsync(tenantId)),
            await Assert.ThrowsAsync<ArgumentException>(() => sm.Client.CreateAsync(tenantId)),
            await Assert.ThrowsAsync<ArgumentException>(() => sm.Client.DeleteAsync(tenantId)),
            await Assert.ThrowsAsync<ArgumentException>(() => sm.Client.StartCreateAsync(tenantId)),
            await Assert.ThrowsAsync<ArgumentException>(() => sm.Client.StartDeleteAsync(tenantId)),
            await Assert.ThrowsAsync<ArgumentException>(() => sm.Client.InvalidateAsync(tenantId)),
        };

        Assert.All(errors, error =>
        {
            Assert.Equal("tenantId", error.ParamName);
            Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        });
        Assert.Empty(sm.Server.LogEntries);
    }

    [Fact]
    public void WithoutServiceManagerCredentials_TheServiceManagerBackendAndWhatItNeedsCannotBeBuilt()
    {
        using var im = new InstanceManager.Tests.Infrastructure.ImServer();

        var error = Assert.Throws<InvalidOperationException>(() => ActivatorUtilities.CreateInstance<ServiceManagerBackend>(im.Services));

        Assert.Equal("The Service Manager credentials are not configured.", error.Message);
    }

    [Fact]
    public async Task AQuoteInsideTheId_IsAccepted()
    {
        using var sm = new SmServer();
        sm.Answer("GET", "/v1/service_bindings", 200, SmServer.Page([]));
        sm.Answer("GET", "/v1/service_instances", 200, SmServer.Page([]));

        Assert.Null(await sm.Client.GetAsync("o'brien"));
        Assert.Equal(1, sm.Count("GET", "/v1/service_bindings"));
    }
}
