using System.Net;
using System.Net.Sockets;
using System.Text;

namespace InstanceManager.Tests.Infrastructure;

/// <summary>
/// A loopback HTTP/1.1 endpoint that records each request line exactly as it arrived on the socket and answers 404.
/// WireMock.Net (through Kestrel) hands tests a decoded path, in which <c>a%2Fb</c> and <c>a/b</c> or <c>%2E%2E</c>
/// and <c>..</c> can no longer be told apart; this recorder shows the bytes the client really sent.
/// </summary>
public sealed class RawRequestRecorder : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _requestLines = [];
    private readonly Lock _gate = new();

    public RawRequestRecorder()
    {
        _listener.Start();
        _ = AcceptAsync();
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>The request lines received, e.g. <c>GET /path HTTP/1.1</c>.</summary>
    public IReadOnlyList<string> RequestLines
    {
        get
        {
            lock (_gate)
            {
                return [.. _requestLines];
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var socket = await _listener.AcceptTcpClientAsync(_stop.Token);
                _ = ServeAsync(socket);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var buffer = new List<byte>();
                var chunk = new byte[8192];
                while (!EndsWithBlankLine(buffer))
                {
                    var read = await stream.ReadAsync(chunk, _stop.Token);
                    if (read == 0)
                    {
                        return;
                    }

                    buffer.AddRange(chunk.AsSpan(0, read));
                }

                var head = Encoding.Latin1.GetString([.. buffer]);
                lock (_gate)
                {
                    _requestLines.Add(head[..head.IndexOf("\r\n", StringComparison.Ordinal)]);
                }

                await stream.WriteAsync("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), _stop.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or IOException or ObjectDisposedException)
            {
            }
        }
    }

    private static bool EndsWithBlankLine(List<byte> buffer) =>
        buffer.Count >= 4 && buffer[^4] == '\r' && buffer[^3] == '\n' && buffer[^2] == '\r' && buffer[^1] == '\n';
}
