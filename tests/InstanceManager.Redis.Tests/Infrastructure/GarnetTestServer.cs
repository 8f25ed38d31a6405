using System.Globalization;
using Garnet;

namespace InstanceManager.Redis.Tests.Infrastructure;

/// <summary>Microsoft Garnet embedded in the test process, listening on a loopback port.</summary>
public sealed class GarnetTestServer(int port) : RedisServer(port)
{
    public const string Kind = "garnet";

    private GarnetServer? _server;

    public override Task StartAsync()
    {
        var server = new GarnetServer(["--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--lua", "true"]);
        server.Start();
        _server = server;
        return Task.CompletedTask;
    }

    public override Task StopAsync()
    {
        _server?.Dispose();
        _server = null;
        return Task.CompletedTask;
    }

    public override string ToString() => Kind;
}
