using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace InstanceManager.Configuration;

/// <summary>
/// Reads a binding's credentials object into <see cref="InstanceManagerOptions"/>, with the keys of
/// <see cref="ConfigurationKeys"/>. The tuning keys are integers in
/// the official clients' units (milliseconds, seconds); a value that is not one is recorded and reported by
/// validation at start-up, naming the key, rather than thrown from inside the configuration system.
/// </summary>
internal static class InstanceManagerOptionsBinder
{
    /// <summary>
    /// Binds the credentials; <c>imOpts</c> and <c>smOpts</c> sections (migration mode, as the official clients take
    /// both credentials) are bound after the keys at the top, the Instance Manager's with its tuning keys.
    /// </summary>
    public static void Bind(IConfiguration credentials, InstanceManagerOptions options)
    {
        BindKeys(credentials, options);
        if (credentials.GetSection(ConfigurationKeys.InstanceManagerSection) is { } instanceManager && instanceManager.Exists())
        {
            BindKeys(instanceManager, options);
        }

        if (credentials.GetSection(ConfigurationKeys.ServiceManagerSection) is { } serviceManager && serviceManager.Exists())
        {
            BindServiceManager(serviceManager, options);
        }
    }

    /// <summary>Binds the Service Manager's credentials (<c>sm_url</c>, <c>url</c>, <c>clientid</c>, …), whether or not they contain <c>sm_url</c>.</summary>
    public static void BindServiceManager(IConfiguration credentials, InstanceManagerOptions options) =>
        BindServiceManager(credentials, options.ServiceManager ??= new ServiceManagerOptions(), options);

    private static void BindKeys(IConfiguration credentials, InstanceManagerOptions options)
    {
        foreach (var key in ConfigurationKeys.InstanceManager)
        {
            if (credentials[key.Key] is { } value)
            {
                key.Set(options, value);
            }
        }

        options.CaCertificatesPath = credentials[ConfigurationKeys.CaCertificatesPath] ?? options.CaCertificatesPath;

        // Credentials holding sm_url are a Service Manager binding's, whether at the top or in imOpts.
        if (credentials[ConfigurationKeys.SmUrl] is not null)
        {
            BindServiceManager(credentials, options.ServiceManager ??= new ServiceManagerOptions(), options);
        }

        if (ReadInteger(credentials, ConfigurationKeys.PollingInterval, options) is { } interval)
        {
            options.PollingInterval = TimeSpan.FromMilliseconds(interval);
        }

        if (ReadInteger(credentials, ConfigurationKeys.PollingTimeout, options) is { } timeout)
        {
            options.PollingTimeout = TimeSpan.FromSeconds(timeout);
        }

        if (ReadInteger(credentials, ConfigurationKeys.MaxPollingDelay, options) is { } maxDelay)
        {
            options.MaxPollingDelay = TimeSpan.FromMilliseconds(maxDelay);
        }

        if (ReadInteger(credentials, ConfigurationKeys.CacheMaxItems, options) is { } maxItems)
        {
            options.CacheMaxItems = (int)Math.Clamp(maxItems, int.MinValue, int.MaxValue);
        }

        if (ReadInteger(credentials, ConfigurationKeys.CacheItemExpiration, options) is { } expire)
        {
            options.CacheItemExpiration = TimeSpan.FromSeconds(expire);
        }

        if (ReadInteger(credentials, ConfigurationKeys.MaxConcurrentRequests, options) is { } maxConcurrent)
        {
            options.MaxConcurrentRequests = (int)maxConcurrent;
        }

        if (ReadInteger(credentials, ConfigurationKeys.MaxRateLimitWait, options) is { } maxWait)
        {
            options.MaxRateLimitWait = TimeSpan.FromSeconds(maxWait);
        }

        if (DefaultParametersBinder.Read(credentials.GetSection(ConfigurationKeys.DefaultParameters), options.BindingErrors) is { } defaults)
        {
            options.DefaultParameters = defaults;
        }

        var resilience = credentials.GetSection(ConfigurationKeys.ResilienceSection);
        if (resilience.Exists())
        {
            try
            {
                resilience.Bind(options.Resilience);
            }
            catch (InvalidOperationException)
            {
                options.BindingErrors.Add($"'{ConfigurationKeys.ResilienceSection}' contains a value of the wrong type (see {nameof(InstanceManagerResilienceOptions)}).");
            }
        }

        if (credentials[ConfigurationKeys.PollingStrategy] is { } strategy)
        {
            if (Enum.TryParse<PollingStrategy>(strategy, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
            {
                options.PollingStrategy = parsed;
            }
            else
            {
                options.BindingErrors.Add($"'{ConfigurationKeys.PollingStrategy}' must be one of {string.Join(", ", Enum.GetNames<PollingStrategy>())} (was '{strategy}').");
            }
        }
    }

    private static void BindServiceManager(IConfiguration credentials, ServiceManagerOptions target, InstanceManagerOptions options)
    {
        foreach (var key in ConfigurationKeys.ServiceManager)
        {
            if (credentials[key.Key] is { } value)
            {
                key.Set(target, value);
            }
        }

        foreach (var key in (ReadOnlySpan<string>)[ConfigurationKeys.AllowBinding, ConfigurationKeys.AllowBindingSnakeCase])
        {
            var text = credentials[key];
            if (text is null)
            {
                continue;
            }

            if (bool.TryParse(text, out var allow))
            {
                target.AllowBinding = allow;
            }
            else
            {
                options.BindingErrors.Add($"'{key}' must be true or false (was '{text}').");
            }
        }
    }

    private static long? ReadInteger(IConfiguration credentials, string key, InstanceManagerOptions options)
    {
        var text = credentials[key];
        if (text is null)
        {
            return null;
        }

        // Bounded so that the TimeSpan conversions above cannot overflow; larger values are meaningless here.
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && Math.Abs(value) <= 1_000_000_000)
        {
            return value;
        }

        options.BindingErrors.Add($"'{key}' must be an integer (was '{text}').");
        return null;
    }
}
