using System.Net;
using InstanceManager.RateLimiting;

namespace InstanceManager.Tests.RateLimiting;

public sealed class RetryAfterHeadersTests
{
    private static readonly DateTimeOffset Now = new(2024, 11, 11, 14, 59, 3, TimeSpan.Zero);

    [Theory]
    [InlineData("Retry-After", "5", 5)]
    [InlineData("Retry-After", "Mon, 11 Nov 2024 14:59:33 GMT", 30)]
    [InlineData("X-RateLimit-Retry-After", "7", 7)]
    [InlineData("X-RateLimit-Retry-After", "1731337173", 30)]
    [InlineData("X-RateLimit-Retry-After", "1731337173000", 30)]
    [InlineData("X-RateLimit-Retry-After", "2024-11-11 14:59:33 +0000 UTC", 30)]
    [InlineData("X-RateLimit-Retry-After", "2024-11-11 15:59:33 +0100 CET", 30)]
    [InlineData("X-RateLimit-Retry-After", "2024-11-11 14:59:32.25 +0000 UTC", 30)]
    [InlineData("X-RateLimit-Retry-After", "2024-11-11T14:59:13Z", 10)]
    [InlineData("X-RateLimit-Retry-After", "2.5", 2.5)]
    public void Wait_ReadsEachHeaderForm(string header, string value, double expectedSeconds)
    {
        using var response = RateLimited(HttpStatusCode.TooManyRequests, header, value);

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), RetryAfterHeaders.RateLimitWait(response, Now));
    }

    [Theory]
    [InlineData("Retry-After", "Mon, 11 Nov 2024 14:00:00 GMT")]
    [InlineData("X-RateLimit-Retry-After", "1731337000")]
    [InlineData("X-RateLimit-Retry-After", "2024-11-11 14:00:00 +0000 UTC")]
    public void Wait_InThePast_IsZero(string header, string value)
    {
        using var response = RateLimited(HttpStatusCode.TooManyRequests, header, value);

        Assert.Equal(TimeSpan.Zero, RetryAfterHeaders.RateLimitWait(response, Now));
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("-5")]
    [InlineData("")]
    [InlineData("999999999999")]
    public void Wait_Unreadable_IsNone(string value)
    {
        using var response = RateLimited(HttpStatusCode.TooManyRequests, "X-RateLimit-Retry-After", value);

        Assert.Null(RetryAfterHeaders.RateLimitWait(response, Now));
    }

    [Fact]
    public void Parse_TellsSecondsFromUnixTimesFromUnixMilliseconds_AtTheThresholds()
    {
        // Below 10^9 a number of seconds; from 10^9 (2001-09-09) a Unix time in seconds; from 10^12 one in milliseconds.
        // A Unix time past the year 9999 cannot be represented and is unreadable.
        Assert.Equal(TimeSpan.FromSeconds(999_999_999), RetryAfterHeaders.Parse("999999999", Now));
        Assert.Equal(TimeSpan.Zero, RetryAfterHeaders.Parse("1000000000", Now));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(253_402_300_799) - Now, RetryAfterHeaders.Parse("253402300799", Now));
        Assert.Null(RetryAfterHeaders.Parse("253402300800", Now));
        Assert.Null(RetryAfterHeaders.Parse("999999999999", Now));
        Assert.Equal(TimeSpan.Zero, RetryAfterHeaders.Parse("1000000000000", Now));
        Assert.Equal(TimeSpan.FromSeconds(999_999_999.5), RetryAfterHeaders.Parse("999999999.5", Now));
        Assert.Null(RetryAfterHeaders.Parse("1000000000.0", Now));
    }

    [Fact]
    public void Parse_OfTheLastRepresentableMillisecond_IsAWait_OneMoreIsUnreadable()
    {
        var last = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(last) - Now, RetryAfterHeaders.Parse(last.ToString(System.Globalization.CultureInfo.InvariantCulture), Now));
        Assert.Null(RetryAfterHeaders.Parse((last + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), Now));
    }

    [Fact]
    public void RateLimitWait_OnlyFor429And503()
    {
        using var serviceUnavailable = RateLimited(HttpStatusCode.ServiceUnavailable, "Retry-After", "3");
        using var badGateway = RateLimited(HttpStatusCode.BadGateway, "Retry-After", "3");
        using var plain429 = new HttpResponseMessage(HttpStatusCode.TooManyRequests);

        Assert.Equal(TimeSpan.FromSeconds(3), RetryAfterHeaders.RateLimitWait(serviceUnavailable, Now));
        Assert.Null(RetryAfterHeaders.RateLimitWait(badGateway, Now));
        Assert.Null(RetryAfterHeaders.RateLimitWait(plain429, Now));
    }

    [Fact]
    public void Wait_RetryAfterWinsOverTheRateLimitHeader()
    {
        using var response = RateLimited(HttpStatusCode.TooManyRequests, "Retry-After", "4");
        response.Headers.TryAddWithoutValidation("X-RateLimit-Retry-After", "40");

        Assert.Equal(TimeSpan.FromSeconds(4), RetryAfterHeaders.RateLimitWait(response, Now));
    }

    private static HttpResponseMessage RateLimited(HttpStatusCode status, string header, string value)
    {
        var response = new HttpResponseMessage(status);
        response.Headers.TryAddWithoutValidation(header, value);
        return response;
    }
}
