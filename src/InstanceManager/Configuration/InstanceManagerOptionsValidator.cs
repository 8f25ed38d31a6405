using InstanceManager.Resilience;
using Microsoft.Extensions.Options;

namespace InstanceManager.Configuration;

/// <summary>Validates <see cref="InstanceManagerOptions"/> with the official clients' rules; messages name the configuration key, never a secret value.</summary>
internal sealed class InstanceManagerOptionsValidator : IValidateOptions<InstanceManagerOptions>
{
    public const string TenantPlaceholder = "{tenant_id}";

    public ValidateOptionsResult Validate(string? name, InstanceManagerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>(options.BindingErrors);

        if (options.ServiceManager is { } serviceManager)
        {
            ServiceManagerOptionsValidator.Validate(serviceManager, failures);
        }

        // Without Service Manager credentials the Instance Manager keys are required; with them, any Instance Manager
        // key asks for migration mode, which needs all of them.
        if (options.ServiceManager is null || options.UsesInstanceManager)
        {
            RequireText(options.User, "user", nameof(options.User), failures);
            RequireText(options.Password, "password", nameof(options.Password), failures);
            RequireUrl(options.PostManagedInstanceUrl, "post_managed_instance_url", nameof(options.PostManagedInstanceUrl), perTenant: true, failures);
            RequireUrl(options.GetManagedInstanceUrl, "get_managed_instance_url", nameof(options.GetManagedInstanceUrl), perTenant: true, failures);
            RequireUrl(options.GetAllManagedInstancesUrl, "get_all_managed_instances_url", nameof(options.GetAllManagedInstancesUrl), perTenant: false, failures);
            RequireUrl(options.DeleteManagedInstanceUrl, "delete_managed_instance_url", nameof(options.DeleteManagedInstanceUrl), perTenant: true, failures);
        }

        if (options.PollingInterval < TimeSpan.Zero)
        {
            failures.Add($"'{InstanceManagerOptionsBinder.PollingIntervalKey}' ({nameof(options.PollingInterval)}) must be at least 0 ms (was {options.PollingInterval.TotalMilliseconds} ms).");
        }

        if (options.PollingTimeout < TimeSpan.FromSeconds(1))
        {
            failures.Add($"'{InstanceManagerOptionsBinder.PollingTimeoutKey}' ({nameof(options.PollingTimeout)}) must be at least 1 s (was {options.PollingTimeout.TotalSeconds} s).");
        }

        if (options.MaxPollingDelay < options.PollingInterval || options.MaxPollingDelay <= TimeSpan.Zero)
        {
            failures.Add($"'{InstanceManagerOptionsBinder.MaxPollingDelayKey}' ({nameof(options.MaxPollingDelay)}) must be positive and at least the polling interval (was {options.MaxPollingDelay.TotalMilliseconds} ms).");
        }

        if (!Enum.IsDefined(options.PollingStrategy))
        {
            failures.Add($"'{InstanceManagerOptionsBinder.PollingStrategyKey}' ({nameof(options.PollingStrategy)}) is not a known strategy (was {options.PollingStrategy}).");
        }

        if (options.CacheMaxItems < 1)
        {
            failures.Add($"'{InstanceManagerOptionsBinder.CacheMaxItemsKey}' ({nameof(options.CacheMaxItems)}) must be at least 1 (was {options.CacheMaxItems}).");
        }

        if (options.CacheItemExpiration < TimeSpan.FromSeconds(1))
        {
            failures.Add($"'{InstanceManagerOptionsBinder.CacheItemExpireKey}' ({nameof(options.CacheItemExpiration)}) must be at least 1 s (was {options.CacheItemExpiration.TotalSeconds} s).");
        }

        if (options.CaCertificatesPath is { } caPath && CustomCaTrust.Problem(caPath) is { } problem)
        {
            failures.Add($"'{InstanceManagerOptionsBinder.CaCertificatesPathKey}' ({nameof(options.CaCertificatesPath)}) {problem}");
        }

        ValidateResilience(options.Resilience, failures);

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateResilience(InstanceManagerResilienceOptions? resilience, List<string> failures)
    {
        const string Prefix = InstanceManagerOptionsBinder.ResilienceSection;
        if (resilience is null)
        {
            failures.Add($"'{Prefix}' may not be null.");
            return;
        }

        if (resilience.MaxRetryAttempts is < 0 or > 100)
        {
            failures.Add($"'{Prefix}:{nameof(resilience.MaxRetryAttempts)}' must be between 0 and 100 (was {resilience.MaxRetryAttempts}).");
        }

        if (resilience.RetryBaseDelay < TimeSpan.Zero || resilience.RetryBaseDelay > TimeSpan.FromDays(1))
        {
            failures.Add($"'{Prefix}:{nameof(resilience.RetryBaseDelay)}' must be between 0 and 1 day.");
        }

        if (resilience.AttemptTimeout < TimeSpan.FromMilliseconds(10) || resilience.AttemptTimeout > TimeSpan.FromDays(1))
        {
            failures.Add($"'{Prefix}:{nameof(resilience.AttemptTimeout)}' must be between 10 ms and 1 day.");
        }

        if (resilience.CircuitBreakerFailureRatio is <= 0 or > 1)
        {
            failures.Add($"'{Prefix}:{nameof(resilience.CircuitBreakerFailureRatio)}' must be greater than 0 and at most 1.");
        }

        if (resilience.CircuitBreakerMinimumThroughput < 2)
        {
            failures.Add($"'{Prefix}:{nameof(resilience.CircuitBreakerMinimumThroughput)}' must be at least 2.");
        }

        if (resilience.CircuitBreakerSamplingDuration < TimeSpan.FromMilliseconds(500) || resilience.CircuitBreakerSamplingDuration > TimeSpan.FromDays(1))
        {
            failures.Add($"'{Prefix}:{nameof(resilience.CircuitBreakerSamplingDuration)}' must be between 500 ms and 1 day.");
        }

        if (resilience.CircuitBreakerBreakDuration < TimeSpan.FromMilliseconds(500) || resilience.CircuitBreakerBreakDuration > TimeSpan.FromDays(1))
        {
            failures.Add($"'{Prefix}:{nameof(resilience.CircuitBreakerBreakDuration)}' must be between 500 ms and 1 day.");
        }
    }

    private static void RequireText(string? value, string key, string property, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            failures.Add($"'{key}' ({property}) is required and may not be empty.");
        }
    }

    private static void RequireUrl(string? value, string key, string property, bool perTenant, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            failures.Add($"'{key}' ({property}) is required and may not be empty.");
            return;
        }

        var probe = value.Replace(TenantPlaceholder, "tenant", StringComparison.Ordinal);
        if (!Uri.TryCreate(probe, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add($"'{key}' ({property}) must be an absolute http or https URL.");
            return;
        }

        var placeholders = CountPlaceholders(value);
        if (perTenant && placeholders != 1)
        {
            failures.Add($"'{key}' ({property}) must contain the placeholder '{TenantPlaceholder}' exactly once.");
        }
        else if (!perTenant && placeholders != 0)
        {
            failures.Add($"'{key}' ({property}) may not contain the placeholder '{TenantPlaceholder}'.");
        }
    }

    private static int CountPlaceholders(string value)
    {
        var count = 0;
        for (var index = value.IndexOf(TenantPlaceholder, StringComparison.Ordinal); index >= 0; index = value.IndexOf(TenantPlaceholder, index + TenantPlaceholder.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
