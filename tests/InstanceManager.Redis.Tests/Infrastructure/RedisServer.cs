using System.Net;
using System.Net.Sockets;

namespace InstanceManager.Redis.Tests.Infrastructure;

/// <summary>
/// A real Redis-protocol server on a free loopback port, started for one test: embedded Garnet (always available) or
/// the <c>redis-server</c> binary (when found). It can be stopped and started again on the same port, for real.
/// </summary>
public abstract class RedisServer : IAsyncDisposable
{
    /// <summary>Names the redis-server binary; CI sets it. Without it, <c>redis-server</c> is looked for on the PATH.</summary>
    public const string BinaryVariable = "INSTANCE_MANAGER_REDIS_SERVER";

    protected RedisServer(int port) => Port = port;

    public int Port { get; }

    /// <summary>The StackExchange.Redis configuration string of this server.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    /// <summary>The kinds of server available here: always Garnet, and redis-server (alone and as a one-node cluster) when found.</summary>
    public static TheoryData<string> Kinds
    {
        get
        {
            var kinds = new TheoryData<string> { GarnetTestServer.Kind };
            if (RedisServerProcess.FindBinary() is not null)
            {
                kinds.Add(RedisServerProcess.Kind);
                kinds.Add(RedisServerProcess.ClusterKind);
            }

            return kinds;
        }
    }

    public static async Task<RedisServer> StartAsync(string kind)
    {
        RedisServer server = kind switch
        {
            GarnetTestServer.Kind => new GarnetTestServer(FreePort()),
            RedisServerProcess.Kind => new RedisServerProcess(FreePort(), RedisServerProcess.FindBinary() ?? throw new InvalidOperationException("redis-server was not found.")),
            RedisServerProcess.ClusterKind => new RedisServerProcess(FreePort(), RedisServerProcess.FindBinary() ?? throw new InvalidOperationException("redis-server was not found."), cluster: true),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown server kind."),
        };
        await server.StartAsync();
        return server;
    }

    /// <summary>Starts the server (again, after <see cref="StopAsync"/>), on the same port.</summary>
    public abstract Task StartAsync();

    /// <summary>Stops the server for real: its port refuses connections until <see cref="StartAsync"/>.</summary>
    public abstract Task StopAsync();

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Disposed();
        GC.SuppressFinalize(this);
    }

    /// <summary>After the server stopped for good: removes what it left behind.</summary>
    protected virtual void Disposed()
    {
    }

    protected static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
