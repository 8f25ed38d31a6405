using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Types;
using WireMock.Util;

namespace InstanceManager.Tests.Infrastructure;

/// <summary>
/// An answer the server holds back until the test releases it, so that concurrent callers provably overlap with the
/// request in flight without any sleep.
/// </summary>
public sealed class ServerGate
{
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _requests;

    /// <summary>Answers <paramref name="method"/> on <paramref name="path"/> with the given response once released.</summary>
    public ServerGate(ImServer im, string method, string path, int status, string body = "")
    {
        im.Server.Given(Request.Create().WithPath(path).UsingMethod(method)).RespondWith(Response.Create().WithCallback(async _ =>
        {
            Interlocked.Increment(ref _requests);
            _entered.TrySetResult();
            await _release.Task.WaitAsync(TimeSpan.FromSeconds(30));
            var response = new ResponseMessage { StatusCode = status };
            if (body.Length > 0)
            {
                response.BodyData = new BodyData { BodyAsString = body, DetectedBodyType = BodyType.String, Encoding = System.Text.Encoding.UTF8 };
                response.AddHeader("Content-Type", "application/json");
            }

            return (IResponseMessage)response;
        }));
    }

    /// <summary>How many requests reached the gate.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Completes when the first request reached the server.</summary>
    public Task Entered => _entered.Task.WaitAsync(TimeSpan.FromSeconds(30));

    public void Release() => _release.TrySetResult();
}
