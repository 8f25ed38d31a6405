using Microsoft.AspNetCore.Http;

namespace InstanceManager.Emulator.Internal;

/// <summary>
/// A request the emulator answers with an error before serving it: over <see cref="EmulatorFailures.RequestLimit"/>
/// (<paramref name="RateLimited"/>) or one of the <see cref="EmulatorFailures.ErrorRate"/> injected errors.
/// </summary>
/// <param name="Status">429 for the rate limit, else <see cref="EmulatorFailures.ErrorStatusCode"/>.</param>
/// <param name="RateLimited">Whether the request is over the rate limit.</param>
/// <param name="Description">The error description of the answer's body.</param>
/// <param name="HeaderForm">How the wait is announced.</param>
/// <param name="Wait">The wait announced.</param>
/// <param name="Now">The emulator's clock when the request was rejected.</param>
internal sealed record Rejection(int Status, bool RateLimited, string Description, RetryAfterHeaderForm HeaderForm, TimeSpan Wait, DateTimeOffset Now)
{
    public const string TooManyRequests = "TooManyRequests";

    public const string InjectedDescription = "The emulator was told to fail this request.";

    public static string LimitDescription(int limit) => $"The allowed request limit of {limit} requests has been reached";

    public void WriteRetryAfter(HttpResponse response) => RetryAfterHeaders.Write(response, HeaderForm, Wait, Now);
}
