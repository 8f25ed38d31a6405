using InstanceManager.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace InstanceManager.Tests;

/// <summary>
/// <see cref="HttpClient.Timeout"/> is set on purpose: its 100 s default would cut long calls short, retries
/// included, whatever the attempt timeout and polling budget say.
/// </summary>
public sealed class HttpClientTimeoutTests
{
    [Fact]
    public void WithResilience_TheHttpClientAddsNoLimitOfItsOwn()
    {
        using var im = new ImServer(options => options.Resilience.AttemptTimeout = TimeSpan.FromMinutes(3));

        var httpClient = im.Services.GetRequiredService<IHttpClientFactory>().CreateClient(InstanceManagerServiceCollectionExtensions.HttpClientName);

        Assert.Equal(Timeout.InfiniteTimeSpan, httpClient.Timeout);
    }

    [Fact]
    public void WithoutResilience_OneRequestMayTakeTheAttemptTimeout()
    {
        using var im = new ImServer(options =>
        {
            options.Resilience.Enabled = false;
            options.Resilience.AttemptTimeout = TimeSpan.FromMinutes(3);
        });

        var httpClient = im.Services.GetRequiredService<IHttpClientFactory>().CreateClient(InstanceManagerServiceCollectionExtensions.HttpClientName);

        Assert.Equal(TimeSpan.FromMinutes(3), httpClient.Timeout);
    }
}
