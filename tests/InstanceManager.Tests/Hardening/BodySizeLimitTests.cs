using System.Text;
using InstanceManager.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace InstanceManager.Tests.Hardening;

/// <summary>The 1 MiB limit on one instance's body, exactly on it and one byte past it, declared and chunked.</summary>
public sealed class BodySizeLimitTests
{
    private const int Limit = 1024 * 1024;

    /// <summary>An instance of <paramref name="tenantId"/> padded to exactly <paramref name="size"/> bytes of JSON.</summary>
    private static byte[] InstanceOfSize(string tenantId, int size)
    {
        var head = $"{{\"tenant_id\":\"{tenantId}\",\"status\":\"CREATION_SUCCEEDED\",\"padding\":\"";
        const string Tail = "\"}";
        var body = Encoding.UTF8.GetBytes(head + new string('x', size - head.Length - Tail.Length) + Tail);
        Assert.Equal(size, body.Length);
        return body;
    }

    private static Task<LoopbackServer> ServeAsync(int size, bool declared) =>
        LoopbackServer.StartAsync(async context =>
        {
            var body = InstanceOfSize("t1", size);
            context.Response.ContentType = "application/json";
            if (declared)
            {
                context.Response.ContentLength = body.Length;
                await context.Response.Body.WriteAsync(body, context.RequestAborted);
                return;
            }

            // Without a Content-Length the body arrives chunked; the limit is then found while buffering.
            for (var offset = 0; offset < body.Length; offset += 64 * 1024)
            {
                await context.Response.Body.WriteAsync(body.AsMemory(offset, Math.Min(64 * 1024, body.Length - offset)), context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        });

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ABodyOfExactlyTheLimit_IsRead(bool declared)
    {
        await using var server = await ServeAsync(Limit, declared);
        using var im = new LoopbackClient(server.BaseUrl, options => options.Resilience.MaxRetryAttempts = 0);

        var instance = await im.Clock.RunAsync(im.Client.GetAsync("t1").AsTask());

        Assert.Equal(InstanceStatus.CreationSucceeded, instance!.Status);
        Assert.Equal(1, server.Requests);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ABodyOneBytePastTheLimit_IsRejectedNamingTheLimit(bool declared)
    {
        await using var server = await ServeAsync(Limit + 1, declared);
        using var im = new LoopbackClient(server.BaseUrl, options => options.Resilience.MaxRetryAttempts = 0);

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => im.Clock.RunAsync(im.Client.GetAsync("t1").AsTask()));

        Assert.Equal(200, exception.StatusCode);
        Assert.Contains("within the 1024 KiB limit", exception.Message, StringComparison.Ordinal);
        Assert.Equal(1, server.Requests);
    }
}
