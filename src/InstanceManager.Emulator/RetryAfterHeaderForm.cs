using System.Text.Json.Serialization;

namespace InstanceManager.Emulator;

/// <summary>
/// How the emulator announces the wait with a rate-limited or injected error answer
/// (<see cref="EmulatorFailures.RetryAfterHeader"/>): the header forms the Service Manager and the Cloud Foundry
/// router are seen to send. Seconds are rounded up; dates are taken on the emulator's clock, rounded up to the second.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<RetryAfterHeaderForm>))]
public enum RetryAfterHeaderForm
{
    /// <summary>No header. The rate limit of <see cref="EmulatorFailures.RequestLimit"/> then uses <see cref="RetryAfterSeconds"/>.</summary>
    None,

    /// <summary><c>Retry-After: 5</c>: the wait in delta-seconds.</summary>
    RetryAfterSeconds,

    /// <summary><c>Retry-After: Mon, 11 Nov 2024 14:59:33 GMT</c>: the instant as an RFC 1123 HTTP-date.</summary>
    RetryAfterDate,

    /// <summary><c>X-RateLimit-Retry-After: 5</c>: the wait in seconds.</summary>
    RateLimitSeconds,

    /// <summary><c>X-RateLimit-Retry-After: 1731337173</c>: the instant in Unix seconds.</summary>
    RateLimitUnixTime,

    /// <summary><c>X-RateLimit-Retry-After: 2024-11-11 14:59:33 +0000 UTC</c>: the instant in UTC, in Go's default time format.</summary>
    RateLimitDate,
}
