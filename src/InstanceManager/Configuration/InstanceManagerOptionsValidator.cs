using InstanceManager.Resilience;
using Microsoft.Extensions.Options;

namespace InstanceManager.Configuration;

/// <summary>Validates <see cref="InstanceManagerOptions"/> with the official clients' rules; messages name the configuration key, never a secret value.</summary>
internal sealed class InstanceManagerOptionsValidator : IValidateOptions<InstanceManagerOptions>
{
    public ValidateOptionsResult Validate(string? name, InstanceManagerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>(options.BindingErrors);
        var mode = options.Mode;

        if (mode is not InstanceManagerMode.InstanceManager)
        {
            ServiceManagerOptionsValidator.Validate(options.ServiceManager!, failures);
        }

        // Without Service Manager credentials the Instance Manager keys are required; with them, any Instance Manager
        // key asks for migration mode, which needs all of them.
        if (mode is not InstanceManagerMode.ServiceManager)
        {
            foreach (var key in ConfigurationKeys.InstanceManager)
            {
                if (key.Kind is OptionKeyKind.Url or OptionKeyKind.PerTenantUrl)
                {
                    RequireUrl(key.Get(options), key.Key, key.Property, perTenant: key.Kind == OptionKeyKind.PerTenantUrl, failures);
                }
                else
                {
                    RequireText(key.Get(options), key.Key, key.Property, failures);
                }
            }
        }

        if (options.PollingInterval < TimeSpan.Zero)
        {
            failures.Add($"'{ConfigurationKeys.PollingInterval}' ({nameof(options.PollingInterval)}) must be at least 0 ms (was {options.PollingInterval.TotalMilliseconds} ms).");
        }

        if (options.PollingTimeout < TimeSpan.FromSeconds(1))
        {
            failures.Add($"'{ConfigurationKeys.PollingTimeout}' ({nameof(options.PollingTimeout)}) must be at least 1 s (was {options.PollingTimeout.TotalSeconds} s).");
        }

        if (options.MaxPollingDelay < options.PollingInterval || options.MaxPollingDelay <= TimeSpan.Zero)
        {
            failures.Add($"'{ConfigurationKeys.MaxPollingDelay}' ({nameof(options.MaxPollingDelay)}) must be positive and at least the polling interval (was {options.MaxPollingDelay.TotalMilliseconds} ms).");
        }

        if (!Enum.IsDefined(options.PollingStrategy))
        {
            failures.Add($"'{ConfigurationKeys.PollingStrategy}' ({nameof(options.PollingStrategy)}) is not a known strategy (was {options.PollingStrategy}).");
        }

        if (options.CacheMaxItems < 1)
        {
            failures.Add($"'{ConfigurationKeys.CacheMaxItems}' ({nameof(options.CacheMaxItems)}) must be at least 1 (was {options.CacheMaxItems}).");
        }

        if (options.CacheItemExpiration < TimeSpan.FromSeconds(1))
        {
            failures.Add($"'{ConfigurationKeys.CacheItemExpiration}' ({nameof(options.CacheItemExpiration)}) must be at least 1 s (was {options.CacheItemExpiration.TotalSeconds} s).");
        }

        if (options.MaxConcurrentRequests is < 1 or > 10_000)
        {
            failures.Add($"'{ConfigurationKeys.MaxConcurrentRequests}' ({nameof(options.MaxConcurrentRequests)}) must be between 1 and 10000 (was {options.MaxConcurrentRequests}).");
        }

        if (options.MaxRateLimitWait < TimeSpan.Zero || options.MaxRateLimitWait > TimeSpan.FromHours(1))
        {
            failures.Add($"'{ConfigurationKeys.MaxRateLimitWait}' ({nameof(options.MaxRateLimitWait)}) must be between 0 and 3600 s (was {options.MaxRateLimitWait.TotalSeconds} s).");
        }

        var caProblem = options.CaCertificatesPath is null ? null : CustomCaTrust.Problem(options.CaCertificatesPath);
        if (caProblem is not null)
        {
            failures.Add($"'{ConfigurationKeys.CaCertificatesPath}' ({nameof(options.CaCertificatesPath)}) {caProblem}");
        }

        ValidateResilience(options.Resilience, failures);

        if (failures.Count == 0)
        {
            return ValidateOptionsResult.Success;
        }

        // Named options belong to a keyed client (AddKeyedInstanceManager); the message says which one.
        return ValidateOptionsResult.Fail(string.IsNullOrEmpty(name) ? failures : failures.Select(failure => $"Instance Manager client '{name}': {failure}"));
    }

    private static void ValidateResilience(InstanceManagerResilienceOptions? resilience, List<string> failures)
    {
        const string Prefix = ConfigurationKeys.ResilienceSection;
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

        var probe = value.Replace(ConfigurationKeys.TenantPlaceholder, "tenant", StringComparison.Ordinal);
        if (!Uri.TryCreate(probe, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add($"'{key}' ({property}) must be an absolute http or https URL.");
            return;
        }

        var placeholders = CountPlaceholders(value);
        if (perTenant && placeholders != 1)
        {
            failures.Add($"'{key}' ({property}) must contain the placeholder '{ConfigurationKeys.TenantPlaceholder}' exactly once.");
        }
        else if (!perTenant && placeholders != 0)
        {
            failures.Add($"'{key}' ({property}) may not contain the placeholder '{ConfigurationKeys.TenantPlaceholder}'.");
        }
    }

    private static int CountPlaceholders(string value)
    {
        var count = 0;
        for (var index = value.IndexOf(ConfigurationKeys.TenantPlaceholder, StringComparison.Ordinal); index >= 0; index = value.IndexOf(ConfigurationKeys.TenantPlaceholder, index + ConfigurationKeys.TenantPlaceholder.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
