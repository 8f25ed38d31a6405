using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace InstanceManager.Configuration;

/// <summary>
/// Reads a binding's credentials object into <see cref="InstanceManagerOptions"/>. The tuning keys are integers in
/// the official clients' units (milliseconds, seconds); a value that is not one is recorded and reported by
/// validation at start-up, naming the key, rather than thrown from inside the configuration system.
/// </summary>
internal static class InstanceManagerOptionsBinder
{
    public const string PollingIntervalKey = "polling_interval_millis";
    public const string PollingTimeoutKey = "polling_timeout_seconds";
    public const string PollingStrategyKey = "polling_strategy";
    public const string MaxPollingDelayKey = "max_polling_delay_millis";
    public const string CacheMaxItemsKey = "cache_max_items";
    public const string CacheItemExpireKey = "cache_item_expire_seconds";
    public const string ResilienceSection = "resilience";
    public const string CaCertificatesPathKey = "ca_certificates_path";
    public const string SmUrlKey = "sm_url";
    public const string AllowBindingKey = "allowBinding";
    public const string AllowBindingSnakeKey = "allow_binding";

    /// <summary>The official clients' sections for migration mode: the Instance Manager's and the Service Manager's credentials.</summary>
    public const string InstanceManagerSection = "imOpts";
    public const string ServiceManagerSection = "smOpts";

    /// <summary>
    /// Binds the credentials; <c>imOpts</c> and <c>smOpts</c> sections (migration mode, as the official clients take
    /// both credentials) are bound after the keys at the top, the Instance Manager's with its tuning keys.
    /// </summary>
    public static void Bind(IConfiguration credentials, InstanceManagerOptions options)
    {
        BindKeys(credentials, options);
        if (credentials.GetSection(InstanceManagerSection) is { } instanceManager && instanceManager.Exists())
        {
            BindKeys(instanceManager, options);
        }

        if (credentials.GetSection(ServiceManagerSection) is { } serviceManager && serviceManager.Exists())
        {
            BindServiceManager(serviceManager, options);
        }
    }

    /// <summary>Binds the Service Manager's credentials (<c>sm_url</c>, <c>url</c>, <c>clientid</c>, …), whether or not they contain <c>sm_url</c>.</summary>
    public static void BindServiceManager(IConfiguration credentials, InstanceManagerOptions options) =>
        BindServiceManager(credentials, options.ServiceManager ??= new ServiceManagerOptions(), options);

    private static void BindKeys(IConfiguration credentials, InstanceManagerOptions options)
    {
        options.User = credentials["user"] ?? options.User;
        options.Password = credentials["password"] ?? options.Password;
        options.PostManagedInstanceUrl = credentials["post_managed_instance_url"] ?? options.PostManagedInstanceUrl;
        options.GetManagedInstanceUrl = credentials["get_managed_instance_url"] ?? options.GetManagedInstanceUrl;
        options.GetAllManagedInstancesUrl = credentials["get_all_managed_instances_url"] ?? options.GetAllManagedInstancesUrl;
        options.DeleteManagedInstanceUrl = credentials["delete_managed_instance_url"] ?? options.DeleteManagedInstanceUrl;
        options.CaCertificatesPath = credentials[CaCertificatesPathKey] ?? options.CaCertificatesPath;
        if (credentials[SmUrlKey] is not null)
        {
            BindServiceManager(credentials, options.ServiceManager ??= new ServiceManagerOptions(), options);
        }

        if (ReadInteger(credentials, PollingIntervalKey, options) is { } interval)
        {
            options.PollingInterval = TimeSpan.FromMilliseconds(interval);
        }

        if (ReadInteger(credentials, PollingTimeoutKey, options) is { } timeout)
        {
            options.PollingTimeout = TimeSpan.FromSeconds(timeout);
        }

        if (ReadInteger(credentials, MaxPollingDelayKey, options) is { } maxDelay)
        {
            options.MaxPollingDelay = TimeSpan.FromMilliseconds(maxDelay);
        }

        if (ReadInteger(credentials, CacheMaxItemsKey, options) is { } maxItems)
        {
            options.CacheMaxItems = (int)Math.Clamp(maxItems, int.MinValue, int.MaxValue);
        }

        if (ReadInteger(credentials, CacheItemExpireKey, options) is { } expire)
        {
            options.CacheItemExpiration = TimeSpan.FromSeconds(expire);
        }

        var resilience = credentials.GetSection(ResilienceSection);
        if (resilience.Exists())
        {
            try
            {
                resilience.Bind(options.Resilience);
            }
            catch (InvalidOperationException)
            {
                options.BindingErrors.Add($"'{ResilienceSection}' contains a value of the wrong type (see {nameof(InstanceManagerResilienceOptions)}).");
            }
        }

        if (credentials[PollingStrategyKey] is { } strategy)
        {
            if (Enum.TryParse<PollingStrategy>(strategy, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
            {
                options.PollingStrategy = parsed;
            }
            else
            {
                options.BindingErrors.Add($"'{PollingStrategyKey}' must be one of {string.Join(", ", Enum.GetNames<PollingStrategy>())} (was '{strategy}').");
            }
        }
    }

    private static void BindServiceManager(IConfiguration credentials, ServiceManagerOptions target, InstanceManagerOptions options)
    {
        target.SmUrl = credentials[SmUrlKey] ?? target.SmUrl;
        target.Url = credentials["url"] ?? target.Url;
        target.ClientId = credentials["clientid"] ?? target.ClientId;
        target.ClientSecret = credentials["clientsecret"] ?? target.ClientSecret;
        target.CertUrl = credentials["certurl"] ?? target.CertUrl;
        target.Certificate = credentials["certificate"] ?? target.Certificate;
        target.Key = credentials["key"] ?? target.Key;
        target.XsAppName = credentials["xsappname"] ?? target.XsAppName;
        target.Service = credentials["service"] ?? target.Service;
        target.Plan = credentials["plan"] ?? target.Plan;
        foreach (var key in (ReadOnlySpan<string>)[AllowBindingKey, AllowBindingSnakeKey])
        {
            if (credentials[key] is not { } text)
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
