using InstanceManager.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace InstanceManager.Tests;

public sealed class TenantIdTests : IDisposable
{
    private readonly ImServer _im = new();

    public void Dispose() => _im.Dispose();

    public static TheoryData<string?> InvalidIds => new() { null!, string.Empty, " ", "   ", "\t", "\r\n", " \t \n " };

    [Theory]
    [MemberData(nameof(InvalidIds))]
    public async Task EveryOperation_RejectsMissingTenantIdWithoutAnyRequest(string? tenantId)
    {
        var id = tenantId!;

        var get = await Assert.ThrowsAnyAsync<ArgumentException>(async () => await _im.Client.GetAsync(id));
        var create = await Assert.ThrowsAnyAsync<ArgumentException>(() => _im.Client.CreateAsync(id));
        var delete = await Assert.ThrowsAnyAsync<ArgumentException>(() => _im.Client.DeleteAsync(id));

        foreach (var error in new[] { get, create, delete })
        {
            Assert.Equal("tenantId", error.ParamName);
            if (tenantId is null)
            {
                Assert.IsType<ArgumentNullException>(error);
            }
            else
            {
                Assert.Contains("empty or white space", error.Message, StringComparison.Ordinal);
            }
        }

        Assert.Empty(_im.Server.LogEntries);
    }

    public static TheoryData<string, string> RejectedIds => new()
    {
        { "..", "'.' or '..'" },
        { ".", "'.' or '..'" },
        { " .. ", "'.' or '..'" },
        { "a\u0001b", "control characters" },
        { "a\tb\r\nc", "control characters" },
        { "a\u007Fb", "control characters" },
        { "a\uD800b", "unpaired surrogate" },
        { "a\uDC00", "unpaired surrogate" },
        { "\U0001F600\uDC00", "unpaired surrogate" },
        { "\uDE00\uD83D", "unpaired surrogate" },
    };

    [Theory]
    [MemberData(nameof(RejectedIds))]
    public async Task EveryOperation_RejectsIdsNoTenantCanHave_WithoutAnyRequest(string tenantId, string reason)
    {
        var get = await Assert.ThrowsAsync<ArgumentException>(async () => await _im.Client.GetAsync(tenantId));
        var create = await Assert.ThrowsAsync<ArgumentException>(() => _im.Client.CreateAsync(tenantId));
        var delete = await Assert.ThrowsAsync<ArgumentException>(() => _im.Client.DeleteAsync(tenantId));

        Assert.All(new[] { get, create, delete }, error =>
        {
            Assert.Equal("tenantId", error.ParamName);
            Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        });
        Assert.Empty(_im.Server.LogEntries);
    }

    [Theory]
    [InlineData("  t1  ")]
    [InlineData("\tt1\n")]
    [InlineData("t1 ")]
    public async Task TenantIds_AreTrimmed(string tenantId)
    {
        _im.GetAnswers("t1", (200, InstanceJson.Instance("t1", "CREATION_SUCCEEDED")));

        var instance = await _im.Client.GetAsync(tenantId);
        var again = await _im.Client.GetAsync("t1");

        Assert.Equal("t1", instance!.TenantId);
        Assert.Same(instance, again);
        Assert.Equal(1, _im.Count("GET", "t1"));
        Assert.Single(_im.Server.LogEntries);
    }

    [Fact]
    public async Task TrimmedTenantId_IsUsedForCreateAndDelete()
    {
        _im.Answer("POST", ImServer.TenantPath("t1"), 201);
        _im.Answer("DELETE", ImServer.TenantPath("t1"), 204);
        _im.GetAnswers("t1", (200, InstanceJson.Instance("t1", "CREATION_SUCCEEDED")));

        await _im.Clock.RunAsync(_im.Client.CreateAsync(" t1 "));

        Assert.Equal(1, _im.Count("POST", "t1"));
        _im.Server.ResetMappings();
        _im.Answer("DELETE", ImServer.TenantPath("t1"), 204);
        _im.GetAnswers("t1", (404, ""));
        await _im.Clock.RunAsync(_im.Client.DeleteAsync("\tt1"));
        Assert.Equal(1, _im.Count("DELETE", "t1"));
    }

    public static TheoryData<string, string> HostileIds => new()
    {
        { "a/../b", "a%2F..%2Fb" },
        { "x?y#z", "x%3Fy%23z" },
        { "a b", "a%20b" },
        { "ü名", "%C3%BC%E5%90%8D" },
        { "\U0001F600", "%F0%9F%98%80" },
        { "team-\U0001F680-\U0001F30D", "team-%F0%9F%9A%80-%F0%9F%8C%8D" },
        { "...", "..." },
        { "%2F", "%252F" },
        { "'", "%27" },
        { "\"", "%22" },
        { "a\\b", "a%5Cb" },
        { "a;b=c&d+e", "a%3Bb%3Dc%26d%2Be" },
        { "{tenant_id}", "%7Btenant_id%7D" },
        { "Az09-._~", "Az09-._~" },
        { "/", "%2F" },
    };

    [Theory]
    [MemberData(nameof(HostileIds))]
    public async Task HostileTenantIds_StayInsideOnePathSegment(string tenantId, string encoded)
    {
        var lines = await SendAllOperationsAsync(tenantId);

        Assert.Equal(
            [$"POST {ImServer.BasePath}/{encoded} HTTP/1.1", $"GET {ImServer.BasePath}/{encoded} HTTP/1.1", $"DELETE {ImServer.BasePath}/{encoded} HTTP/1.1"],
            lines);
    }

    [Fact]
    public async Task A10KilobyteTenantId_IsEncodedWhole()
    {
        var tenantId = string.Concat(Enumerable.Repeat("a/", 5 * 1024));

        var lines = await SendAllOperationsAsync(tenantId);

        var expected = $"GET {ImServer.BasePath}/{string.Concat(Enumerable.Repeat("a%2F", 5 * 1024))} HTTP/1.1";
        Assert.Equal(expected, lines[1]);
        Assert.Equal(3, lines.Count);
    }

    [Fact]
    public async Task TenantPlaceholderInTheMiddleOfTheUrl_KeepsTheRestOfTheUrl()
    {
        using var recorder = new RawRequestRecorder();
        using var provider = ClientFor(recorder.Url, options => options.GetManagedInstanceUrl = recorder.Url + "/tenants/{tenant_id}/instance?x=1");

        await provider.GetRequiredService<IInstanceManagerClient>().GetAsync("a/b?c");

        Assert.Equal(["GET /tenants/a%2Fb%3Fc/instance?x=1 HTTP/1.1"], recorder.RequestLines);
    }

    [Fact]
    public async Task TheUrlAroundThePlaceholder_IsSentAsTheBindingSpellsIt()
    {
        using var recorder = new RawRequestRecorder();
        using var provider = ClientFor(recorder.Url, options => options.GetManagedInstanceUrl = recorder.Url + "/managed/svc%7E1/./{tenant_id}");

        await provider.GetRequiredService<IInstanceManagerClient>().GetAsync("t1");

        Assert.Equal(["GET /managed/svc%7E1/./t1 HTTP/1.1"], recorder.RequestLines);
    }

    private static async Task<IReadOnlyList<string>> SendAllOperationsAsync(string tenantId)
    {
        using var recorder = new RawRequestRecorder();
        using var provider = ClientFor(recorder.Url);
        var client = provider.GetRequiredService<IInstanceManagerClient>();

        // The recorder answers 404 to everything: create and delete fail at once, get returns null.
        var create = await Assert.ThrowsAsync<InstanceManagerException>(() => client.CreateAsync(tenantId));
        Assert.Equal(404, create.StatusCode);
        Assert.Null(await client.GetAsync(tenantId));
        var delete = await Assert.ThrowsAsync<InstanceManagerException>(() => client.DeleteAsync(tenantId));
        Assert.Equal(404, delete.StatusCode);
        return recorder.RequestLines;
    }

    private static ServiceProvider ClientFor(string baseUrl, Action<InstanceManagerOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddInstanceManager(options =>
        {
            ImServer.Fill(options, baseUrl);
            configure?.Invoke(options);
        });
        return services.BuildServiceProvider();
    }
}
