using System.Text;
using System.Text.Json.Nodes;
using InstanceManager.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace InstanceManager.Tests.Hardening;

/// <summary>
/// Bodies read whole before they are parsed: with and without a declared length, compressed, after a UTF-8 byte
/// order mark; and a read the caller cancels leaves the next reads unharmed.
/// </summary>
public sealed class BodyReadingTests
{
    private static readonly byte[] ByteOrderMark = [0xEF, 0xBB, 0xBF];

    private static byte[] ListOf(int count) =>
        Encoding.UTF8.GetBytes(new JsonArray([.. Enumerable.Range(0, count).Select(index => (JsonNode)InstanceJson.Node($"t{index}", "CREATION_SUCCEEDED"))]).ToJsonString());

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    [InlineData(false, true)]
    public async Task AList_IsReadWhole_WithOrWithoutDeclaredLength_PlainOrCompressed(bool declared, bool gzip)
    {
        await using var server = await BodyServer.ServeAsync(ListOf(500), declared, gzip);
        using var im = new LoopbackClient(server.BaseUrl);

        var instances = await im.Clock.RunAsync(im.Client.GetAllAsync());

        Assert.Equal(500, instances.Count);
        Assert.Equal("t0", instances[0].TenantId);
        Assert.Equal("t499", instances[^1].TenantId);
        Assert.Equal(InstanceJson.InstancePassword, instances[^1].GetCredential("password"));
        Assert.Equal(1, server.Requests);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AnInstanceAfterAByteOrderMark_IsRead(bool declared)
    {
        await using var server = await BodyServer.ServeAsync([.. ByteOrderMark, .. Encoding.UTF8.GetBytes(InstanceJson.Instance("t1", "CREATION_SUCCEEDED"))], declared);
        using var im = new LoopbackClient(server.BaseUrl);

        var instance = await im.Clock.RunAsync(im.Client.GetAsync("t1").AsTask());

        Assert.Equal("t1", instance!.TenantId);
        Assert.Equal(InstanceStatus.CreationSucceeded, instance.Status);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task AListAfterAByteOrderMark_IsRead()
    {
        await using var server = await BodyServer.ServeAsync([.. ByteOrderMark, .. ListOf(3)], declared: true);
        using var im = new LoopbackClient(server.BaseUrl);

        var instances = await im.Clock.RunAsync(im.Client.GetAllAsync());

        Assert.Equal(["t0", "t1", "t2"], instances.Select(instance => instance.TenantId));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AnEmptyBody_IsAClearError(bool declared)
    {
        await using var server = await BodyServer.ServeAsync([], declared);
        using var im = new LoopbackClient(server.BaseUrl, options => options.Resilience.MaxRetryAttempts = 0);

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => im.Clock.RunAsync(im.Client.GetAsync("t1").AsTask()));

        Assert.Contains("a body that is not the expected JSON", exception.Message, StringComparison.Ordinal);
        Assert.Equal(200, exception.StatusCode);
    }

    /// <summary>
    /// On the system clock the body deadlines' token sources are reused: one cancelled by its caller must not be, or
    /// every later read would be cancelled at once.
    /// </summary>
    [Fact]
    public async Task ACallerCancellingWhileItsBodyArrives_LeavesLaterReadsUnharmed()
    {
        var bodyStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            var tenant = context.Request.Path.Value![(context.Request.Path.Value!.LastIndexOf('/') + 1)..];
            context.Response.ContentType = "application/json";
            if (tenant != "slow")
            {
                await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(InstanceJson.Instance(tenant, "CREATION_SUCCEEDED")));
                return;
            }

            await context.Response.WriteAsync("{\"tenant_id\":\"slow\",");
            await context.Response.Body.FlushAsync();
            bodyStarted.TrySetResult();
            var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var registration = context.RequestAborted.Register(() => aborted.TrySetResult());
            await aborted.Task;
        });
        using var client = InstanceManagerClientFactory.Create(options => ImServer.Fill(options, server.BaseUrl));
        using var cancellation = new CancellationTokenSource();

        var slow = client.GetAsync("slow", cancellation.Token).AsTask();
        await bodyStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => slow);

        for (var index = 0; index < 20; index++)
        {
            var instance = await client.GetAsync($"t{index}").AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal($"t{index}", instance!.TenantId);
        }

        Assert.Equal(21, server.Requests);
    }
}
