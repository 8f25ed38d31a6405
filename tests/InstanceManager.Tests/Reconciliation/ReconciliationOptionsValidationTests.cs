using InstanceManager.Reconciliation;

namespace InstanceManager.Tests.Reconciliation;

/// <summary>Every bound of the reconciliation options, from both sides: the value on the bound passes, one step past it is named.</summary>
public sealed class ReconciliationOptionsValidationTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    public static TheoryData<Action<TenantReconcilerOptions>, string?> Bounds() => new()
    {
        { options => options.MaxDeletions = 0, null },
        { options => options.MaxDeletions = 10_000, null },
        { options => options.MaxDeletions = -1, "MaxDeletions must be between 0 and 10000 (was -1)." },
        { options => options.MaxDeletions = 10_001, "MaxDeletions must be between 0 and 10000 (was 10001)." },
        { options => options.MaxConcurrency = 1, null },
        { options => options.MaxConcurrency = 256, null },
        { options => options.MaxConcurrency = 257, "MaxConcurrency must be between 1 and 256 (was 257)." },
        { options => options.MaxCreateAttempts = 100, null },
        { options => options.MaxCreateAttempts = 101, "MaxCreateAttempts must be between 1 and 100 (was 101)." },
        { options => options.RetryDelay = TimeSpan.Zero, null },
        { options => options.RetryDelay = TimeSpan.FromHours(1), null },
        { options => options.RetryDelay = -Tick, "RetryDelay must be between 00:00:00 and 01:00:00 (was -00:00:00.0000001)." },
        { options => options.RetryDelay = TimeSpan.FromHours(1) + Tick, "RetryDelay must be between 00:00:00 and 01:00:00 (was 01:00:00.0000001)." },
        { options => options.Interval = TimeSpan.FromMinutes(1), null },
        { options => options.Interval = TimeSpan.FromDays(7), null },
        { options => options.Interval = TimeSpan.FromMinutes(1) - Tick, "Interval must be between 00:01:00 and 7.00:00:00 (was 00:00:59.9999999)." },
        { options => options.Interval = TimeSpan.FromDays(7) + Tick, "Interval must be between 00:01:00 and 7.00:00:00 (was 7.00:00:00.0000001)." },
        { options => options.FirstRunDelay = TimeSpan.Zero, null },
        { options => options.FirstRunDelay = TimeSpan.FromDays(1), null },
        { options => options.FirstRunDelay = -Tick, "FirstRunDelay must be between 00:00:00 and 1.00:00:00 (was -00:00:00.0000001)." },
        { options => options.FirstRunDelay = TimeSpan.FromDays(1) + Tick, "FirstRunDelay must be between 00:00:00 and 1.00:00:00 (was 1.00:00:00.0000001)." },
    };

    [Theory]
    [MemberData(nameof(Bounds))]
    public void EachBound(Action<TenantReconcilerOptions> apply, string? problem)
    {
        var options = new TenantReconcilerOptions();
        apply(options);

        Assert.Equal(problem is null ? [] : [problem], ReconciliationOptionsValidation.Problems(options));
    }

    [Fact]
    public void TheDefaults_AreValid()
    {
        Assert.Empty(ReconciliationOptionsValidation.Problems(new ReconciliationOptions()));
        Assert.Empty(ReconciliationOptionsValidation.Problems(new TenantReconcilerOptions()));
    }
}
