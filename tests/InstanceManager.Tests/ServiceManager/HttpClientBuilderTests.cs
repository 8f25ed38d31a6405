using Microsoft.Extensions.DependencyInjection;

namespace InstanceManager.Tests.ServiceManager;

public sealed class HttpClientBuilderTests
{
    /// <summary>Counts the requests that pass through it.</summary>
    private sealed class CountingHandler : DelegatingHandler
    {
        public List<string> Seen { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (Seen)
            {
                Seen.Add(request.Method.Method + " " + request.RequestUri!.AbsolutePath);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }

    [Fact]
    public async Task AHandlerAddedToTheReturnedBuilder_SeesTheTokenAndServiceManagerRequests()
    {
        var counting = new CountingHandler();
        using var sm = new SmServer(configureServices: services =>
        {
            // The builder AddInstanceManager returned is the one of the client named "InstanceManager".
            services.AddHttpClient(InstanceManagerServiceCollectionExtensions.HttpClientName).AddHttpMessageHandler(() => counting);
        });
        sm.Answer("GET", "/v1/service_bindings", 200, SmServer.Page([SmServer.Binding("b1", "t1", "inst-1")]));

        await sm.Client.GetAsync("t1");

        Assert.Contains("POST " + SmServer.TokenPath, counting.Seen);
        Assert.Contains("GET /v1/service_offerings", counting.Seen);
        Assert.Contains("GET /v1/service_bindings", counting.Seen);
        Assert.Equal(sm.Server.LogEntries.Count, counting.Seen.Count);
    }
}
