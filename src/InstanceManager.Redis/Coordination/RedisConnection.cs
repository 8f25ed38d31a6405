using InstanceManager.Redis.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace InstanceManager.Redis.Coordination;

/// <summary>
/// The StackExchange.Redis connection of one client: its own (from <see cref="InstanceManagerRedisOptions.Configuration"/>,
/// connected in the background so that an unreachable Redis never delays start-up) or the application's
/// <see cref="IConnectionMultiplexer"/>. Tracks whether Redis answers, for logs and the health check.
/// </summary>
internal sealed class RedisConnection : IAsyncDisposable, IDisposable
{
    private readonly ILogger<RedisConnection> _logger;
    private readonly Task<IConnectionMultiplexer> _connecting;
    private readonly bool _owned;
    private IConnectionMultiplexer? _multiplexer;
    private int _unavailable;

    public RedisConnection(IOptions<InstanceManagerRedisOptions> options, IServiceProvider services, ILogger<RedisConnection> logger)
    {
        _logger = logger;
        var value = options.Value;
        if (value.UsesConnectionFromServices)
        {
            var multiplexer = services.GetService<IConnectionMultiplexer>()
                ?? throw new InvalidOperationException("InstanceManager.Redis was registered to use the IConnectionMultiplexer of the services, but none is registered (for example with AddRedisClient, or services.AddSingleton<IConnectionMultiplexer>(…)).");
            _connecting = Task.FromResult(multiplexer);
            Attach(multiplexer);
        }
        else
        {
            _owned = true;
            _connecting = ConnectAsync(value);
        }
    }

    /// <summary>Raised when a connection to Redis is restored after a failure (messages may have been missed meanwhile).</summary>
    public event Action? Restored;

    /// <summary>Whether the last thing Redis did was fail (a command, a connection).</summary>
    public bool IsFailing => Volatile.Read(ref _unavailable) != 0;

    /// <summary>The multiplexer once connected; <see langword="null"/> while connecting (never waits).</summary>
    public IConnectionMultiplexer? Multiplexer => Volatile.Read(ref _multiplexer);

    /// <summary>The database, when Redis is connected; else <see langword="null"/>, and the caller goes to the service.</summary>
    public IDatabase? Database => Multiplexer is { IsConnected: true } multiplexer ? multiplexer.GetDatabase() : null;

    /// <summary>Completes when the multiplexer exists (connected or still trying).</summary>
    public Task<IConnectionMultiplexer> Connecting => _connecting;

    public void ReportFailure(string reason)
    {
        if (Interlocked.Exchange(ref _unavailable, 1) == 0)
        {
            RedisLog.Unavailable(_logger, reason);
        }
    }

    public void ReportSuccess() => Volatile.Write(ref _unavailable, 0);

    public async ValueTask DisposeAsync()
    {
        if (!_owned)
        {
            return;
        }

        try
        {
            var multiplexer = await _connecting.ConfigureAwait(false);
            await multiplexer.DisposeAsync().ConfigureAwait(false);
        }
        catch (RedisException)
        {
            // Never connected: nothing to release.
        }
    }

    /// <summary>For containers disposed synchronously: a multiplexer still connecting is disposed when it is done.</summary>
    public void Dispose()
    {
        if (_owned)
        {
            _ = _connecting.ContinueWith(static connecting => connecting.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
        }
    }

    private async Task<IConnectionMultiplexer> ConnectAsync(InstanceManagerRedisOptions options)
    {
        var configuration = ConfigurationOptions.Parse(options.Configuration!);

        // Redis is an optimization here: never fail for it, never queue commands while it is away (the call goes to
        // the service instead), give up on a command after the configured timeout, and reconnect every second.
        configuration.AbortOnConnectFail = false;
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        configuration.AsyncTimeout = (int)options.OperationTimeout.TotalMilliseconds;
        configuration.SyncTimeout = (int)options.OperationTimeout.TotalMilliseconds;
        configuration.ReconnectRetryPolicy = new LinearRetry(1000);
        configuration.ClientName ??= "InstanceManager";

        // Off the caller's thread: the first connection attempt may take ConnectTimeout.
        await Task.Yield();
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(configuration).ConfigureAwait(false);
        Attach(multiplexer);
        if (!multiplexer.IsConnected)
        {
            ReportFailure("the first connection failed; retrying in the background");
        }

        return multiplexer;
    }

    private void Attach(IConnectionMultiplexer multiplexer)
    {
        multiplexer.ConnectionFailed += (_, failure) => ReportFailure($"{failure.ConnectionType} connection: {failure.FailureType}");
        multiplexer.ConnectionRestored += (_, restored) =>
        {
            ReportSuccess();
            RedisLog.Restored(_logger, restored.ConnectionType);
            Restored?.Invoke();
        };
        Volatile.Write(ref _multiplexer, multiplexer);
    }
}
