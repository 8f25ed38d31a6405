using InstanceManager.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace InstanceManager.Tests.Configuration;

/// <summary>Every bound of the <c>resilience</c> section, from both sides: the value on the bound starts, one step past it fails naming the key.</summary>
public sealed class ResilienceOptionsTests
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    private static OptionsValidationException? Validate(Action<InstanceManagerResilienceOptions> change) =>
        StartupValidation.Run(options => change(options.Resilience));

    public static TheoryData<string, string> Invalid => new()
    {
        { "MaxRetryAttempts=-1", "'resilience:MaxRetryAttempts' must be between 0 and 100 (was -1)." },
        { "MaxRetryAttempts=101", "'resilience:MaxRetryAttempts' must be between 0 and 100 (was 101)." },
        { "RetryBaseDelay=-tick", "'resilience:RetryBaseDelay' must be between 0 and 1 day." },
        { "RetryBaseDelay=day+tick", "'resilience:RetryBaseDelay' must be between 0 and 1 day." },
        { "AttemptTimeout=10ms-tick", "'resilience:AttemptTimeout' must be between 10 ms and 1 day." },
        { "AttemptTimeout=day+tick", "'resilience:AttemptTimeout' must be between 10 ms and 1 day." },
        { "CircuitBreakerFailureRatio=0", "'resilience:CircuitBreakerFailureRatio' must be greater than 0 and at most 1." },
        { "CircuitBreakerFailureRatio=-0.5", "'resilience:CircuitBreakerFailureRatio' must be greater than 0 and at most 1." },
        { "CircuitBreakerFailureRatio=1.000001", "'resilience:CircuitBreakerFailureRatio' must be greater than 0 and at most 1." },
        { "CircuitBreakerMinimumThroughput=1", "'resilience:CircuitBreakerMinimumThroughput' must be at least 2." },
        { "CircuitBreakerSamplingDuration=500ms-tick", "'resilience:CircuitBreakerSamplingDuration' must be between 500 ms and 1 day." },
        { "CircuitBreakerSamplingDuration=day+tick", "'resilience:CircuitBreakerSamplingDuration' must be between 500 ms and 1 day." },
        { "CircuitBreakerBreakDuration=500ms-tick", "'resilience:CircuitBreakerBreakDuration' must be between 500 ms and 1 day." },
        { "CircuitBreakerBreakDuration=day+tick", "'resilience:CircuitBreakerBreakDuration' must be between 500 ms and 1 day." },
    };

    public static TheoryData<string> OnTheBound => new()
    {
        "MaxRetryAttempts=0",
        "MaxRetryAttempts=100",
        "RetryBaseDelay=0",
        "RetryBaseDelay=day",
        "AttemptTimeout=10ms",
        "AttemptTimeout=day",
        "CircuitBreakerFailureRatio=0.000001",
        "CircuitBreakerFailureRatio=1",
        "CircuitBreakerMinimumThroughput=2",
        "CircuitBreakerSamplingDuration=500ms",
        "CircuitBreakerSamplingDuration=day",
        "CircuitBreakerBreakDuration=500ms",
        "CircuitBreakerBreakDuration=day",
    };

    private static void Apply(string change, InstanceManagerResilienceOptions options)
    {
        var (name, value) = (change[..change.IndexOf('=', StringComparison.Ordinal)], change[(change.IndexOf('=', StringComparison.Ordinal) + 1)..]);
        var span = value switch
        {
            "0" => TimeSpan.Zero,
            "-tick" => -Tick,
            "day" => Day,
            "day+tick" => Day + Tick,
            "10ms" => TimeSpan.FromMilliseconds(10),
            "10ms-tick" => TimeSpan.FromMilliseconds(10) - Tick,
            "500ms" => TimeSpan.FromMilliseconds(500),
            "500ms-tick" => TimeSpan.FromMilliseconds(500) - Tick,
            _ => TimeSpan.MinValue,
        };
        switch (name)
        {
            case nameof(options.MaxRetryAttempts): options.MaxRetryAttempts = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case nameof(options.RetryBaseDelay): options.RetryBaseDelay = span; break;
            case nameof(options.AttemptTimeout): options.AttemptTimeout = span; break;
            case nameof(options.CircuitBreakerFailureRatio): options.CircuitBreakerFailureRatio = double.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case nameof(options.CircuitBreakerMinimumThroughput): options.CircuitBreakerMinimumThroughput = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case nameof(options.CircuitBreakerSamplingDuration): options.CircuitBreakerSamplingDuration = span; break;
            case nameof(options.CircuitBreakerBreakDuration): options.CircuitBreakerBreakDuration = span; break;
            default: throw new ArgumentOutOfRangeException(nameof(change), change, "unknown option");
        }
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void AValuePastABound_FailsAtStartUpWithTheKeyAndTheRule(string change, string expected)
    {
        var error = Validate(options => Apply(change, options));

        Assert.NotNull(error);
        Assert.Equal(expected, Assert.Single(error.Failures));
    }

    [Theory]
    [MemberData(nameof(OnTheBound))]
    public void AValueOnABound_Starts(string change)
    {
        Assert.Null(Validate(options => Apply(change, options)));
    }

    [Fact]
    public void NoResilienceSection_FailsAtStartUp()
    {
        var error = StartupValidation.Run(options => options.Resilience = null!);

        Assert.NotNull(error);
        Assert.Equal("'resilience' may not be null.", Assert.Single(error.Failures));
    }

    [Fact]
    public void EveryResilienceProblem_IsReportedTogether_ForAKeyedClientWithItsName()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddKeyedInstanceManager("tenants-eu", options =>
        {
            ImServer.Fill(options, "https://im.example");
            options.Resilience.MaxRetryAttempts = -1;
            options.Resilience.RetryBaseDelay = -Tick;
            options.Resilience.AttemptTimeout = TimeSpan.Zero;
            options.Resilience.CircuitBreakerFailureRatio = 2;
            options.Resilience.CircuitBreakerMinimumThroughput = 0;
            options.Resilience.CircuitBreakerSamplingDuration = TimeSpan.Zero;
            options.Resilience.CircuitBreakerBreakDuration = TimeSpan.Zero;
        });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(7, error.Failures.Count());
        Assert.All(error.Failures, failure => Assert.StartsWith("Instance Manager client 'tenants-eu': 'resilience:", failure, StringComparison.Ordinal));
    }
}
