namespace InstanceManager.Redis.Tests.Infrastructure;

/// <summary>
/// Holds the first answer of the real server to a matching request until the test releases it: the request has
/// reached the server and been answered, but the client sees the answer only later. Other requests pass.
/// </summary>
public sealed class ResponseGate(Func<HttpRequestMessage, bool> matches) : DelegatingHandler
{
    private readonly TaskCompletionSource _answered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _held;

    /// <summary>A gate on the first GET of one tenant's instance.</summary>
    public static ResponseGate GetOf(string tenantId) =>
        new(request => request.Method == HttpMethod.Get && request.RequestUri!.AbsolutePath.EndsWith("/" + tenantId, StringComparison.Ordinal));

    /// <summary>Completes when the server answered the held request.</summary>
    public Task Answered => _answered.Task.WaitAsync(TimeSpan.FromSeconds(30));

    public void Release() => _released.TrySetResult();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (matches(request) && Interlocked.Exchange(ref _held, 1) == 0)
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            _answered.TrySetResult();
            await _released.Task.WaitAsync(cancellationToken);
        }

        return response;
    }
}
