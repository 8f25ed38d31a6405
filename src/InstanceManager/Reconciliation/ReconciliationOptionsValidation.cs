using System.Globalization;

namespace InstanceManager.Reconciliation;

/// <summary>The ranges of <see cref="ReconciliationOptions"/> and <see cref="TenantReconcilerOptions"/>; each problem names its key.</summary>
internal static class ReconciliationOptionsValidation
{
    public static List<string> Problems(ReconciliationOptions options)
    {
        var problems = new List<string>();
        Range(problems, nameof(options.MaxDeletions), options.MaxDeletions, 0, 10_000);
        Range(problems, nameof(options.MaxConcurrency), options.MaxConcurrency, 1, 256);
        Range(problems, nameof(options.MaxCreateAttempts), options.MaxCreateAttempts, 1, 100);
        Range(problems, nameof(options.RetryDelay), options.RetryDelay, TimeSpan.Zero, TimeSpan.FromHours(1));
        if (options is TenantReconcilerOptions periodic)
        {
            Range(problems, nameof(periodic.Interval), periodic.Interval, TimeSpan.FromMinutes(1), TimeSpan.FromDays(7));
            Range(problems, nameof(periodic.FirstRunDelay), periodic.FirstRunDelay, TimeSpan.Zero, TimeSpan.FromDays(1));
        }

        return problems;
    }

    private static void Range(List<string> problems, string key, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{key} must be between {min} and {max} (was {value})."));
        }
    }

    private static void Range(List<string> problems, string key, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{key} must be between {min:c} and {max:c} (was {value:c})."));
        }
    }
}
