using InstanceManager.Emulator;
using InstanceManager.Reconciliation;
using InstanceManager.Redis.Coordination;
using InstanceManager.Redis.Reconciliation;
using InstanceManager.Redis.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace InstanceManager.Redis.Tests;

/// <summary>One replica at a time holds the reconciliation lease, through the real Redis.</summary>
public sealed class ReconciliationLeaseTests
{
    [Theory]
    [MemberData(nameof(RedisServer.Kinds), MemberType = typeof(RedisServer))]
    public async Task A_second_replica_cannot_take_the_lease_while_the_first_holds_it_and_can_once_it_is_released(string kind)
    {
        await using var redis = await RedisServer.StartAsync(kind);
        await using var emulator = await Emulators.StartAsync();
        await using var first = await LeaseHolder.StartAsync(emulator, redis);
        await using var second = await LeaseHolder.StartAsync(emulator, redis);
        Assert.IsType<RedisReconciliationLease>(first.Lease);

        var held = await first.Lease.TryAcquireAsync(CancellationToken.None);
        Assert.NotNull(held);
        Assert.Null(await second.Lease.TryAcquireAsync(CancellationToken.None));
        Assert.Null(await first.Lease.TryAcquireAsync(CancellationToken.None));

        await held.DisposeAsync();
        var taken = await second.Lease.TryAcquireAsync(CancellationToken.None);
        Assert.NotNull(taken);
        Assert.Null(await first.Lease.TryAcquireAsync(CancellationToken.None));
        await taken.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(RedisServer.Kinds), MemberType = typeof(RedisServer))]
    public async Task A_held_lease_is_renewed_on_the_clock_until_it_is_released(string kind)
    {
        await using var redis = await RedisServer.StartAsync(kind);
        await using var emulator = await Emulators.StartAsync();
        var clock = new FakeTimeProvider();
        await using var holder = await LeaseHolder.StartAsync(emulator, redis, clock: clock);
        var lease = (RedisReconciliationLease)holder.Lease;
        var database = holder.Services.GetRequiredService<RedisConnection>().Database!;

        await using var held = await lease.TryAcquireAsync(CancellationToken.None);
        Assert.NotNull(held);

        // Shortened behind its back: only a renewal brings its lifetime back to the lock timeout (30 s).
        await database.KeyExpireAsync(lease.Key, TimeSpan.FromSeconds(2));
        var renewed = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        lease.Renewed += extended => renewed.TrySetResult(extended);
        clock.Advance(TimeSpan.FromSeconds(10));

        Assert.True(await renewed.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(await database.KeyTimeToLiveAsync(lease.Key) > TimeSpan.FromSeconds(20));

        await held.DisposeAsync();
        Assert.False(await database.KeyExistsAsync(lease.Key));
    }

    [Theory]
    [MemberData(nameof(RedisServer.Kinds), MemberType = typeof(RedisServer))]
    public async Task Applications_with_other_prefixes_or_bindings_do_not_share_the_lease(string kind)
    {
        await using var redis = await RedisServer.StartAsync(kind);
        await using var emulator = await Emulators.StartAsync();
        await using var otherService = await Emulators.StartAsync();
        await using var application = await LeaseHolder.StartAsync(emulator, redis, prefix: "app-a:");
        await using var otherApplication = await LeaseHolder.StartAsync(emulator, redis, prefix: "app-b:");
        await using var otherBinding = await LeaseHolder.StartAsync(otherService, redis, prefix: "app-a:");

        await using var held = await application.Lease.TryAcquireAsync(CancellationToken.None);
        await using var heldByOtherApplication = await otherApplication.Lease.TryAcquireAsync(CancellationToken.None);
        await using var heldByOtherBinding = await otherBinding.Lease.TryAcquireAsync(CancellationToken.None);

        Assert.NotNull(held);
        Assert.NotNull(heldByOtherApplication);
        Assert.NotNull(heldByOtherBinding);
    }

    [Theory]
    [MemberData(nameof(RedisServer.Kinds), MemberType = typeof(RedisServer))]
    public async Task With_Redis_stopped_the_lease_is_granted_to_every_replica(string kind)
    {
        await using var redis = await RedisServer.StartAsync(kind);
        await using var emulator = await Emulators.StartAsync();
        var log = new RecordingLoggerProvider();
        await using var first = await LeaseHolder.StartAsync(emulator, redis);
        await using var second = await LeaseHolder.StartAsync(emulator, redis, logger: log);
        await using var held = await first.Lease.TryAcquireAsync(CancellationToken.None);
        Assert.NotNull(held);
        Assert.DoesNotContain(log.Events, logged => logged.Id == 108);

        await redis.StopAsync();

        await using var grantedWithoutRedis = await second.Lease.TryAcquireAsync(CancellationToken.None);
        Assert.NotNull(grantedWithoutRedis);
        Assert.Contains(log.Events, logged => logged.Id == 108);
    }

    /// <summary>A replica's container, reduced to what the lease needs, connected to Redis.</summary>
    private sealed class LeaseHolder : IAsyncDisposable
    {
        private LeaseHolder(ServiceProvider services) => Services = services;

        public ServiceProvider Services { get; }

        public IReconciliationLease Lease => Services.GetRequiredService<IReconciliationLease>();

        public static async Task<LeaseHolder> StartAsync(InstanceManagerEmulator emulator, RedisServer redis, string? prefix = null, TimeProvider? clock = null, ILoggerProvider? logger = null)
        {
            var services = new ServiceCollection();
            services.AddLogging(logging =>
            {
                if (logger is not null)
                {
                    logging.AddProvider(logger);
                }
            });
            if (clock is not null)
            {
                services.AddSingleton(clock);
            }

            services.AddInstanceManager(emulator.Configuration).AddRedis(options =>
            {
                options.Configuration = redis.Configuration;
                options.KeyPrefix = prefix;
                options.OperationTimeout = TimeSpan.FromSeconds(5);
            });
            var holder = new LeaseHolder(services.BuildServiceProvider());
            var multiplexer = await holder.Services.GetRequiredService<RedisConnection>().Connecting;
            Assert.True(multiplexer.IsConnected);
            return holder;
        }

        public ValueTask DisposeAsync() => Services.DisposeAsync();
    }
}
