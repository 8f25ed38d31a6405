using System.Net;
using System.Net.Sockets;

namespace InstanceManager.Benchmarks;

/// <summary>What the commands share: their <c>--name value</c> arguments and free loopback ports.</summary>
internal static class CommandArguments
{
    public static int Read(string[] args, string name, int fallback) =>
        int.TryParse(ReadText(args, name, string.Empty), out var value) ? value : fallback;

    public static string ReadText(string[] args, string name, string fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
