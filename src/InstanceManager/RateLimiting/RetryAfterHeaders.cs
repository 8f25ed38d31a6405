using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace InstanceManager.RateLimiting;

/// <summary>
/// Reads the wait a service asks for: <c>Retry-After</c> (delta-seconds or an HTTP-date) or the Service Manager's
/// <c>X-RateLimit-Retry-After</c> (seconds, a Unix time, or a date such as <c>2024-11-11 14:59:33 +0000 UTC</c>).
/// </summary>
internal static partial class RetryAfterHeaders
{
    public const string RateLimitRetryAfter = "X-RateLimit-Retry-After";

    // Below this, an integer is a number of seconds to wait; from it on, a Unix time (2001-09-09 and later).
    private const long UnixTimeThreshold = 1_000_000_000;

    // From this on, a Unix time in milliseconds.
    private const long UnixMillisecondsThreshold = 1_000_000_000_000;

    /// <summary>The wait a rate-limiting answer (429, or 503 with a wait) asks for, or <see langword="null"/> for any other answer.</summary>
    public static TimeSpan? RateLimitWait(HttpResponseMessage response, DateTimeOffset now) =>
        response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable ? Wait(response.Headers, now) : null;

    /// <summary>The wait the headers ask for (never negative), or <see langword="null"/> when they ask for none or cannot be read.</summary>
    public static TimeSpan? Wait(HttpResponseHeaders headers, DateTimeOffset now)
    {
        if (headers.RetryAfter is { } retryAfter)
        {
            if (retryAfter.Delta is { } delta)
            {
                return NotNegative(delta);
            }

            if (retryAfter.Date is { } date)
            {
                return NotNegative(date - now);
            }
        }

        return headers.TryGetValues(RateLimitRetryAfter, out var values) && values.FirstOrDefault() is { } text
            ? Parse(text, now)
            : null;
    }

    /// <summary>Reads one <c>X-RateLimit-Retry-After</c> value.</summary>
    public static TimeSpan? Parse(string text, DateTimeOffset now)
    {
        text = text.Trim();
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number switch
            {
                < UnixTimeThreshold => TimeSpan.FromSeconds(number),
                // Past year 9999 a time cannot be represented: unreadable, not a reason to fail the request.
                < UnixMillisecondsThreshold => number <= DateTimeOffset.MaxValue.ToUnixTimeSeconds() ? NotNegative(DateTimeOffset.FromUnixTimeSeconds(number) - now) : null,
                _ => number <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds() ? NotNegative(DateTimeOffset.FromUnixTimeMilliseconds(number) - now) : null,
            };
        }

        if (double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) && seconds < UnixTimeThreshold)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        // Go's time.Time.String(): "2006-01-02 15:04:05.999999999 -0700 MST"; a fraction of a second rounds up.
        if (GoDate().Match(text) is { Success: true } match
            && DateTimeOffset.TryParse($"{match.Groups["time"].Value}{match.Groups["hours"].Value}:{match.Groups["minutes"].Value}", CultureInfo.InvariantCulture, DateTimeStyles.None, out var goDate))
        {
            return NotNegative(goDate - now + (match.Groups["fraction"].Success ? TimeSpan.FromSeconds(1) : TimeSpan.Zero));
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? NotNegative(date - now)
            : null;
    }

    private static TimeSpan NotNegative(TimeSpan wait) => wait < TimeSpan.Zero ? TimeSpan.Zero : wait;

    [GeneratedRegex(@"^(?<time>\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})(?<fraction>\.\d{1,9})? (?<hours>[+-]\d{2})(?<minutes>\d{2})( [A-Za-z]+)?$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex GoDate();
}
