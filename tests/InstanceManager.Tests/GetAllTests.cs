using InstanceManager.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace InstanceManager.Tests;

public sealed class GetAllTests : IDisposable
{
    private readonly ImServer _im = new();

    public void Dispose() => _im.Dispose();

    private void AnswerList(string body) => _im.Answer("GET", ImServer.BasePath, 200, body);

    [Fact]
    public async Task GetAllAsync_ReturnsEveryInstanceWhateverItsStatus_WithOneRequest()
    {
        AnswerList(InstanceJson.List(
            InstanceJson.Node("a", "CREATION_SUCCEEDED"),
            InstanceJson.Node("b", "CREATION_IN_PROGRESS"),
            InstanceJson.Node("c", "CREATION_FAILED", failedMessage: "boom"),
            InstanceJson.Node("d", "DELETION_IN_PROGRESS"),
            InstanceJson.Node("e", "DELETION_FAILED", failedMessage: "stuck"),
            InstanceJson.Node("f", "SOMETHING_NEW")));

        var instances = await _im.Client.GetAllAsync();

        Assert.Equal(["a", "b", "c", "d", "e", "f"], instances.Select(instance => instance.TenantId));
        Assert.Equal(
            [InstanceStatus.CreationSucceeded, InstanceStatus.CreationInProgress, InstanceStatus.CreationFailed, InstanceStatus.DeletionInProgress, InstanceStatus.DeletionFailed, InstanceStatus.Unknown],
            instances.Select(instance => instance.Status));
        Assert.Equal("boom", instances[2].FailedMessage);
        Assert.Equal(1, _im.Count("GET"));
        Assert.Equal(ImServer.BasePath, Assert.Single(_im.Requests("GET")).RequestMessage.Path);
        Assert.Empty(_im.Clock.Waits);
    }

    [Fact]
    public async Task GetAllAsync_EmptyList_ReturnsEmpty()
    {
        AnswerList("[]");

        Assert.Empty(await _im.Client.GetAllAsync());
    }

    [Fact]
    public async Task GetAllAsync_FillsTheCacheWithTheSucceededInstancesOnly()
    {
        AnswerList(InstanceJson.List(InstanceJson.Node("a", "CREATION_SUCCEEDED"), InstanceJson.Node("b", "CREATION_FAILED")));
        _im.GetAnswers("a", (200, InstanceJson.Instance("a", "CREATION_SUCCEEDED")));
        _im.GetAnswers("b", (200, InstanceJson.Instance("b", "CREATION_FAILED")));

        var instances = await _im.Client.GetAllAsync();
        var a = await _im.Client.GetAsync("a");
        await _im.Client.GetAsync("b");

        // The cache keeps a copy that owns its JSON, so it does not keep the whole list's document alive.
        Assert.True(instances[0].SharesDocument);
        Assert.False(a!.SharesDocument);
        Assert.Equal(instances[0].ToString(), a.ToString());
        Assert.Equal(instances[0].GetCredential("schema"), a.GetCredential("schema"));
        Assert.Equal(0, _im.Count("GET", "a"));
        Assert.Equal(1, _im.Count("GET", "b"));
    }

    [Fact]
    public async Task GetAllAsync_WhenTheCacheKeepsMostOfTheList_SharesTheListsInstances()
    {
        AnswerList(InstanceJson.List(
            InstanceJson.Node("a", "CREATION_SUCCEEDED"),
            InstanceJson.Node("b", "CREATION_SUCCEEDED"),
            InstanceJson.Node("c", "CREATION_FAILED")));

        var instances = await _im.Client.GetAllAsync();

        // Two of three: holding the list's document costs less than a copy of each of them.
        Assert.Same(instances[0], await _im.Client.GetAsync("a"));
        Assert.Same(instances[1], await _im.Client.GetAsync("b"));
        Assert.Equal(1, _im.Count("GET"));
    }

    [Fact]
    public async Task GetAllAsync_WhenTheCacheKeepsLittleOfTheList_CachesCopies()
    {
        using var im = new ImServer(options => options.CacheMaxItems = 1);
        im.Answer("GET", ImServer.BasePath, 200, InstanceJson.List(
            InstanceJson.Node("a", "CREATION_SUCCEEDED"),
            InstanceJson.Node("b", "CREATION_SUCCEEDED"),
            InstanceJson.Node("c", "CREATION_SUCCEEDED")));

        var instances = await im.Client.GetAllAsync();
        var c = await im.Client.GetAsync("c");

        Assert.NotSame(instances[2], c);
        Assert.False(c!.SharesDocument);
        Assert.Equal(instances[2].ToString(), c.ToString());
        Assert.Equal(instances[2].GetCredential("schema"), c.GetCredential("schema"));
        Assert.Equal(1, im.Count("GET"));
    }

    [Fact]
    public async Task GetAllAsync_ReplacesTheCacheContent()
    {
        _im.GetAnswers("old", (200, InstanceJson.Instance("old", "CREATION_SUCCEEDED")));
        await _im.Client.GetAsync("old");
        await _im.Client.GetAsync("old");
        Assert.Equal(1, _im.Count("GET", "old"));
        AnswerList(InstanceJson.List(InstanceJson.Node("a", "CREATION_SUCCEEDED")));

        await _im.Client.GetAllAsync();
        var old = await _im.Client.GetAsync("old");

        Assert.NotNull(old);
        Assert.Equal(2, _im.Count("GET", "old"));
    }

    [Fact]
    public async Task GetAllAsync_WhenItFails_KeepsTheCache()
    {
        _im.GetAnswers("old", (200, InstanceJson.Instance("old", "CREATION_SUCCEEDED")));
        await _im.Client.GetAsync("old");
        _im.Answer("GET", ImServer.BasePath, 500, """{"description":"database down"}""");

        var error = await Assert.ThrowsAsync<InstanceManagerException>(() => _im.Client.GetAllAsync());
        await _im.Client.GetAsync("old");

        Assert.Equal(500, error.StatusCode);
        Assert.Equal("GetAll", error.Operation);
        Assert.Null(error.TenantId);
        Assert.Contains("database down", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, _im.Count("GET", "old"));
    }

    [Fact]
    public async Task EnumerateAllAsync_StreamsEveryInstanceInOrderWithOneRequest()
    {
        AnswerList(InstanceJson.List(
            InstanceJson.Node("a", "CREATION_SUCCEEDED"),
            InstanceJson.Node("b", "CREATION_FAILED", failedMessage: "x"),
            InstanceJson.Node("c", "DELETION_IN_PROGRESS")));

        var seen = new List<ManagedInstance>();
        await foreach (var instance in _im.Client.EnumerateAllAsync())
        {
            seen.Add(instance);
        }

        Assert.Equal(["a", "b", "c"], seen.Select(instance => instance.TenantId));
        Assert.Equal([InstanceStatus.CreationSucceeded, InstanceStatus.CreationFailed, InstanceStatus.DeletionInProgress], seen.Select(instance => instance.Status));
        Assert.Equal("SCHEMA_A", seen[0].GetCredential("schema"));
        Assert.Equal(1, _im.Count("GET"));
    }

    [Fact]
    public async Task EnumerateAllAsync_WhenTheBodyCannotBeOpened_ThrowsATransientNetworkFailure_AndTheNextEnumerationWorks()
    {
        AnswerList(InstanceJson.List(InstanceJson.Node("a", "CREATION_SUCCEEDED")));
        var handler = new UnopenableBodyOnceHandler();
        using var im = new ImServer(options => ImServer.Fill(options, _im.Server.Url!), services =>
            services.AddHttpClient(InstanceManagerServiceCollectionExtensions.HttpClientName).AddHttpMessageHandler(() => handler));

        var error = await Assert.ThrowsAsync<InstanceManagerException>(async () =>
        {
            await foreach (var _ in im.Client.EnumerateAllAsync())
            {
            }
        });

        Assert.Equal("GetAll", error.Operation);
        Assert.True(error.IsTransient);
        Assert.Contains("could not be reached or did not answer in time (IOException)", error.Message, StringComparison.Ordinal);
        var seen = new List<string>();
        await foreach (var instance in im.Client.EnumerateAllAsync())
        {
            seen.Add(instance.TenantId);
        }

        Assert.Equal(["a"], seen);
        Assert.Equal(2, _im.Count("GET"));
    }

    /// <summary>Passes the first answer on with a body whose stream cannot be opened (its connection went away).</summary>
    private sealed class UnopenableBodyOnceHandler : DelegatingHandler
    {
        private int _calls;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (Interlocked.Increment(ref _calls) == 1)
            {
                response.Content.Dispose();
                response.Content = new UnopenableContent();
            }

            return response;
        }
    }

    private sealed class UnopenableContent : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) =>
            throw new IOException("The connection was reset.");

        protected override Task<Stream> CreateContentReadStreamAsync() => throw new IOException("The connection was reset.");

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    [Fact]
    public async Task EnumerateAllAsync_DoesNotTouchTheCache()
    {
        _im.GetAnswers("old", (200, InstanceJson.Instance("old", "CREATION_SUCCEEDED")));
        _im.GetAnswers("a", (200, InstanceJson.Instance("a", "CREATION_SUCCEEDED")));
        await _im.Client.GetAsync("old");
        AnswerList(InstanceJson.List(InstanceJson.Node("a", "CREATION_SUCCEEDED")));

        await foreach (var _ in _im.Client.EnumerateAllAsync())
        {
        }

        await _im.Client.GetAsync("old");
        await _im.Client.GetAsync("a");
        Assert.Equal(1, _im.Count("GET", "old"));
        Assert.Equal(1, _im.Count("GET", "a"));
    }

    [Fact]
    public async Task EnumerateAllAsync_SendsNoRequestUntilEnumerated()
    {
        AnswerList("[]");

        var sequence = _im.Client.EnumerateAllAsync();
        Assert.Equal(0, _im.Count("GET"));
        await foreach (var _ in sequence)
        {
        }

        Assert.Equal(1, _im.Count("GET"));
    }

    [Theory]
    [InlineData("{}", "a JSON Object instead of a list")]
    [InlineData("\"instances\"", "a JSON String instead of a list")]
    [InlineData("[null]", "a list containing null")]
    public async Task GetAllAsync_OfABodyThatIsNotAListOfInstances_FailsSayingWhatCame(string body, string what)
    {
        AnswerList(body);

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => _im.Client.GetAllAsync());

        Assert.Contains(what, exception.Message, StringComparison.Ordinal);
        Assert.Equal(("GetAll", 200), (exception.Operation, exception.StatusCode));
    }

    [Theory]
    [InlineData("[null]", "a list containing null")]
    [InlineData("[{\"tenant_id\":\"a\",\"status\":", "a body that is not the expected JSON")]
    public async Task EnumerateAllAsync_OfABodyThatIsNotAListOfInstances_FailsSayingWhatCame(string body, string what)
    {
        AnswerList(body);

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => _im.Client.EnumerateAllAsync().ToListAsync().AsTask());

        Assert.Contains(what, exception.Message, StringComparison.Ordinal);
        Assert.Equal(("GetAll", 200), (exception.Operation, exception.StatusCode));
    }

    [Fact]
    public async Task TheInstanceManager_HasNoBindingToRepair()
    {
        var backend = _im.Services.GetRequiredService<InstanceManager.Backends.IInstanceBackend>();

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => backend.RepairBindingAsync(InstanceManager.Calls.CallContext.ForTenant("Reconcile", "t1", _im.Clock), CancellationToken.None));

        Assert.Equal("The Instance Manager's instances carry their credentials: there is no binding to repair.", exception.Message);
        Assert.Empty(_im.Server.LogEntries);
    }
}
