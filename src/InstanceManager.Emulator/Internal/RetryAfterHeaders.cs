using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace InstanceManager.Emulator.Internal;

/// <summary>Writes the wait before a retry in one of the <see cref="RetryAfterHeaderForm"/>s.</summary>
internal static class RetryAfterHeaders
{
    public const string RateLimitRetryAfter = "X-RateLimit-Retry-After";

    public static void Write(HttpResponse response, RetryAfterHeaderForm form, TimeSpan wait, DateTimeOffset now)
    {
        if (form == RetryAfterHeaderForm.None)
        {
            return;
        }

        var seconds = (long)Math.Ceiling(Math.Max(wait.TotalSeconds, 0));

        // A date is the retry instant rounded up to the second: one rounded down would invite a retry that comes too early.
        var unixSeconds = (long)Math.Ceiling((now + wait).ToUnixTimeMilliseconds() / 1000.0);
        var instant = DateTimeOffset.FromUnixTimeSeconds(unixSeconds);
        switch (form)
        {
            case RetryAfterHeaderForm.RetryAfterSeconds:
                response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                break;
            case RetryAfterHeaderForm.RetryAfterDate:
                response.Headers.RetryAfter = instant.ToString("r", CultureInfo.InvariantCulture);
                break;
            case RetryAfterHeaderForm.RateLimitSeconds:
                response.Headers[RateLimitRetryAfter] = seconds.ToString(CultureInfo.InvariantCulture);
                break;
            case RetryAfterHeaderForm.RateLimitUnixTime:
                response.Headers[RateLimitRetryAfter] = unixSeconds.ToString(CultureInfo.InvariantCulture);
                break;
            case RetryAfterHeaderForm.RateLimitDate:
                response.Headers[RateLimitRetryAfter] = instant.UtcDateTime.ToString("yyyy'-'MM'-'dd HH':'mm':'ss '+0000 UTC'", CultureInfo.InvariantCulture);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(form), form, "Not a Retry-After header form.");
        }
    }
}
