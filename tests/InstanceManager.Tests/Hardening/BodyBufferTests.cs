using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using InstanceManager.Http;
using InstanceManager.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace InstanceManager.Tests.Hardening;

/// <summary>
/// Bodies are read into rented buffers: every buffer goes back to its pool exactly once, and only after its last use
/// (the pool here overwrites what it gets back, so a buffer given back too early spoils the parse) — after a body read
/// whole, grown while it arrived, cut off, or too large.
/// </summary>
public sealed class BodyBufferTests
{
    private static readonly string LongValue = new('v', 40 * 1024);

    private readonly CheckingPool _pool = new();

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(false, true)]
    public async Task AnInstance_IsReadIntoBuffersThatAllGoBackOnceAfterTheParse(bool declared, bool gzip)
    {
        var json = Encoding.UTF8.GetBytes(InstanceJson.Instance("t1", "CREATION_SUCCEEDED").Replace("\"host\"", $"\"long\":\"{LongValue}\",\"host\"", StringComparison.Ordinal));
        await using var server = await BodyServer.ServeAsync(json, declared, gzip);
        using var im = Client(server);

        var instance = await im.Clock.RunAsync(im.Client.GetAsync("t1").AsTask());

        Assert.Equal(LongValue, instance!.GetCredential("long"));
        Assert.Empty(_pool.Violations);
        Assert.Equal(0, _pool.Outstanding);

        // Declared: one buffer of that size. Otherwise 16 KiB first, doubled twice for the 40 KiB body.
        Assert.Equal(declared ? 1 : 3, _pool.Rented);
    }

    [Theory]
    [InlineData(true, 0)]
    [InlineData(false, 3)]
    public async Task AList_IsKeptInAnArrayOfItsOwn_RentingOnlyWhileItsLengthIsUnknown(bool declared, int rented)
    {
        var json = Encoding.UTF8.GetBytes($"[{InstanceJson.Node("t1", "CREATION_SUCCEEDED").ToJsonString().Replace("\"host\"", $"\"long\":\"{LongValue}\",\"host\"", StringComparison.Ordinal)}]");
        await using var server = await BodyServer.ServeAsync(json, declared, gzip: false);
        using var im = Client(server);

        var instances = await im.Clock.RunAsync(im.Client.GetAllAsync());

        Assert.Equal(LongValue, Assert.Single(instances).GetCredential("long"));
        Assert.Empty(_pool.Violations);
        Assert.Equal(0, _pool.Outstanding);
        Assert.Equal(rented, _pool.Rented);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ABodyCutOff_GivesItsBufferBackAndIsANetworkError(bool declared)
    {
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            context.Response.ContentType = "application/json";
            if (declared)
            {
                context.Response.ContentLength = 50_000;
            }

            await context.Response.Body.WriteAsync(new byte[20_000].AsMemory());
            await context.Response.Body.FlushAsync();

            // Cut off once the client reads the body (it rents its buffer first); earlier, the reset could overtake the headers.
            await _pool.FirstRent.WaitAsync(TimeSpan.FromSeconds(30));
            context.Abort();
        });
        using var im = Client(server, retries: 0);

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => im.Clock.RunAsync(im.Client.GetAsync("t1").AsTask()));

        Assert.Contains("could not be reached or did not answer in time", exception.Message, StringComparison.Ordinal);
        Assert.True(exception.IsTransient, exception.Message);
        Assert.Empty(_pool.Violations);
        Assert.Equal(0, _pool.Outstanding);
        Assert.True(_pool.Rented >= 1, $"rented {_pool.Rented}");
    }

    [Fact]
    public async Task ABodyThatGrowsPastTheLimit_GivesItsBuffersBack()
    {
        await using var server = await BodyServer.ServeAsync(new byte[1024 * 1024 + 1], declared: false, gzip: false);
        using var im = Client(server, retries: 0);

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => im.Clock.RunAsync(im.Client.GetAsync("t1").AsTask()));

        Assert.Contains("within the 1024 KiB limit", exception.Message, StringComparison.Ordinal);
        Assert.Empty(_pool.Violations);
        Assert.Equal(0, _pool.Outstanding);
    }

    private LoopbackClient Client(LoopbackServer server, int? retries = null) =>
        new(server.BaseUrl, options =>
        {
            if (retries is { } count)
            {
                options.Resilience.MaxRetryAttempts = count;
            }
        }, services => services.AddSingleton(new BodyBufferPool(_pool)));

    /// <summary>Hands out new arrays, and records what comes back: twice, never rented, or (overwritten) used after.</summary>
    private sealed class CheckingPool : ArrayPool<byte>
    {
        private readonly ConcurrentDictionary<byte[], bool> _rented = new(ReferenceEqualityComparer.Instance);
        private readonly TaskCompletionSource _firstRent = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _count;

        public Task FirstRent => _firstRent.Task;

        public ConcurrentQueue<string> Violations { get; } = new();

        public int Rented => Volatile.Read(ref _count);

        public int Outstanding => _rented.Count;

        public override byte[] Rent(int minimumLength)
        {
            var array = new byte[minimumLength];
            _rented[array] = true;
            Interlocked.Increment(ref _count);
            _firstRent.TrySetResult();
            return array;
        }

        public override void Return(byte[] array, bool clearArray = false)
        {
            if (!_rented.TryRemove(array, out _))
            {
                Violations.Enqueue($"an array of {array.Length} bytes came back that was not out");
                return;
            }

            array.AsSpan().Fill((byte)'X');
        }
    }
}
