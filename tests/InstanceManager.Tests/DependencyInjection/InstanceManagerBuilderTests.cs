using InstanceManager.Tests.Bindings;
using InstanceManager.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace InstanceManager.Tests.DependencyInjection;

/// <summary>What every AddInstanceManager… method returns.</summary>
public sealed class InstanceManagerBuilderTests : IDisposable
{
    private readonly ImServer _im = new();
    private readonly BindingEnvironment _env = new();

    public void Dispose()
    {
        _im.Dispose();
        _env.Dispose();
    }

    private sealed class CountingHandler : DelegatingHandler
    {
        public int Count;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Count);
            return base.SendAsync(request, cancellationToken);
        }
    }

    [Fact]
    public void AddInstanceManager_ReturnsTheBuilderOfTheClientWithoutAKey()
    {
        var services = new ServiceCollection();

        var builder = services.AddInstanceManager(options => ImServer.Fill(options, _im.Server.Url!));

        Assert.Same(services, builder.Services);
        Assert.Null(builder.ServiceKey);
        Assert.Equal(InstanceManagerServiceCollectionExtensions.HttpClientName, builder.HttpClientBuilder.Name);
    }

    [Fact]
    public async Task AHandlerAddedToTheBuildersHttpClient_SeesTheClientsRequests()
    {
        _im.GetAnswers("t1", (200, InstanceJson.Instance("t1", "CREATION_SUCCEEDED")));
        var counting = new CountingHandler();
        var services = new ServiceCollection();
        services.AddInstanceManager(options => ImServer.Fill(options, _im.Server.Url!)).HttpClientBuilder.AddHttpMessageHandler(() => counting);
        using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IInstanceManagerClient>().GetAsync("t1");

        Assert.Equal(1, counting.Count);
        Assert.Equal(1, _im.Count("GET"));
    }

    [Fact]
    public void AddInstanceManagerFromBinding_ReturnsTheBuilderOfTheClientWithoutAKey()
    {
        _env.Set("VCAP_SERVICES", VcapJson.Document(VcapJson.Binding("tenant-containers", "managed-hana", "hdi-shared", [], VcapJson.ImCredentials("vcap-user"))));
        var services = new ServiceCollection();

        var builder = services.AddInstanceManagerFromBinding(query: null, fallback: null, _env.Reader, _env.LegacyRoot);

        Assert.Same(services, builder.Services);
        Assert.Null(builder.ServiceKey);
        Assert.Equal(InstanceManagerServiceCollectionExtensions.HttpClientName, builder.HttpClientBuilder.Name);
    }

    [Fact]
    public void AddCacheWarmUp_ReturnsTheSameBuilder()
    {
        var builder = new ServiceCollection().AddInstanceManager(options => ImServer.Fill(options, _im.Server.Url!));

        Assert.Same(builder, builder.AddCacheWarmUp());
    }
}
