using System.Text;
using InstanceManager.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace InstanceManager.Tests.Hardening;

/// <summary>Answers that start and never finish, or break off: each ends in a clear error, and the client goes on.</summary>
public sealed class SlowAndBrokenResponseTests
{
    [Fact]
    public async Task GetAsync_BodyDripsPastTheAttemptTimeout_ClearTimeoutError()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            if (context.Request.Path.Value!.EndsWith("/t2", StringComparison.Ordinal))
            {
                await WriteAsync(context, 200, InstanceJson.Instance("t2", "CREATION_SUCCEEDED"));
                return;
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"tenant_id\":\"t1\",\"sta");
            await context.Response.Body.FlushAsync();
            await release.Task;
        });
        // Without the resilience pipeline the only timer is the body deadline, which the clock then ends.
        using var im = new LoopbackClient(server.BaseUrl, options =>
        {
            options.Resilience.Enabled = false;
            options.Resilience.AttemptTimeout = TimeSpan.FromSeconds(5);
        });

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => im.Clock.RunAsync(im.Client.GetAsync("t1").AsTask()));
        release.SetResult();

        Assert.Contains("did not answer in time", exception.Message, StringComparison.Ordinal);
        Assert.Contains("tenant 't1'", exception.Message, StringComparison.Ordinal);
        Assert.True(exception.IsTransient);
        Assert.Equal([TimeSpan.FromSeconds(5)], im.Clock.Waits);
        Assert.NotNull(await im.Client.GetAsync("t2"));
    }

    [Fact]
    public async Task GetAsync_ConnectionResetMidBody_NetworkErrorAndClientStaysUsable()
    {
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            if (context.Request.Path.Value!.EndsWith("/t2", StringComparison.Ordinal))
            {
                await WriteAsync(context, 200, InstanceJson.Instance("t2", "CREATION_SUCCEEDED"));
                return;
            }

            context.Response.ContentType = "application/json";
            context.Response.ContentLength = 500;
            await context.Response.WriteAsync("{\"tenant_id\":\"t1\",");
            await context.Response.Body.FlushAsync();
            context.Abort();
        });
        using var im = new LoopbackClient(server.BaseUrl, options => options.Resilience.MaxRetryAttempts = 0);

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => im.Clock.RunAsync(im.Client.GetAsync("t1").AsTask()));

        Assert.Null(exception.StatusCode);
        Assert.Contains("Get of the instance for tenant 't1' failed", exception.Message, StringComparison.Ordinal);
        Assert.NotNull(await im.Clock.RunAsync(im.Client.GetAsync("t2").AsTask()));
    }

    [Fact]
    public async Task GetAsync_ConnectionResetBeforeAnswer_RetriedBecauseGetIsIdempotent()
    {
        var calls = 0;
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                context.Abort();
                return;
            }

            await WriteAsync(context, 200, InstanceJson.Instance("t1", "CREATION_SUCCEEDED"));
        });
        using var im = new LoopbackClient(server.BaseUrl);

        var instance = await im.Clock.RunAsync(im.Client.GetAsync("t1").AsTask());

        Assert.NotNull(instance);
        Assert.Equal(2, server.Requests);
    }

    private static async Task WriteAsync(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(body));
    }
}
