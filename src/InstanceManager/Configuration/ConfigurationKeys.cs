namespace InstanceManager.Configuration;

/// <summary>
/// The one table of configuration keys: the credential keys of the Instance Manager's and the Service Manager's
/// bindings (as the services write them, so a binding's credentials object binds as it is) and the official clients'
/// tuning keys. <see cref="InstanceManagerOptionsBinder"/> reads with these keys and
/// <see cref="InstanceManagerOptionsValidator"/> names them in its messages.
/// </summary>
/// <remarks>
/// The options properties carry no <c>[ConfigurationKeyName]</c> attributes: the tuning keys are integers in the
/// official clients' units (milliseconds, seconds) that <c>ConfigurationBinder</c> cannot convert into
/// <see cref="TimeSpan"/>, and a value of the wrong type must be reported naming its key rather than thrown, so the
/// binder reads every key itself, from this table.
/// </remarks>
internal static class ConfigurationKeys
{
    public const string User = "user";
    public const string Password = "password";
    public const string PostManagedInstanceUrl = "post_managed_instance_url";
    public const string GetManagedInstanceUrl = "get_managed_instance_url";
    public const string GetAllManagedInstancesUrl = "get_all_managed_instances_url";
    public const string DeleteManagedInstanceUrl = "delete_managed_instance_url";

    public const string PollingInterval = "polling_interval_millis";
    public const string PollingTimeout = "polling_timeout_seconds";
    public const string PollingStrategy = "polling_strategy";
    public const string MaxPollingDelay = "max_polling_delay_millis";
    public const string CacheMaxItems = "cache_max_items";
    public const string CacheItemExpiration = "cache_item_expire_seconds";
    public const string CaCertificatesPath = "ca_certificates_path";
    public const string MaxConcurrentRequests = "max_concurrent_requests";
    public const string MaxRateLimitWait = "max_rate_limit_wait_seconds";
    public const string DefaultParameters = "default_parameters";
    public const string ProvisioningParameters = "provisioning_parameters";
    public const string BindingParameters = "binding_parameters";
    public const string ResilienceSection = "resilience";

    public const string SmUrl = "sm_url";
    public const string Url = "url";
    public const string ClientId = "clientid";
    public const string ClientSecret = "clientsecret";
    public const string CertUrl = "certurl";
    public const string Certificate = "certificate";
    public const string Key = "key";
    public const string XsAppName = "xsappname";
    public const string Service = "service";
    public const string Plan = "plan";
    public const string AllowBinding = "allowBinding";
    public const string AllowBindingSnakeCase = "allow_binding";

    /// <summary>The official clients' sections for migration mode: the Instance Manager's credentials.</summary>
    public const string InstanceManagerSection = "imOpts";

    /// <summary>The official clients' sections for migration mode: the Service Manager's credentials.</summary>
    public const string ServiceManagerSection = "smOpts";

    /// <summary>The placeholder of the tenant id in the Instance Manager's per-tenant URLs.</summary>
    public const string TenantPlaceholder = "{tenant_id}";

    /// <summary>The Instance Manager binding's credentials, all required in Instance Manager and migration mode.</summary>
    public static IReadOnlyList<OptionKey<InstanceManagerOptions>> InstanceManager { get; } =
    [
        new(User, nameof(InstanceManagerOptions.User), OptionKeyKind.Text, static o => o.User, static (o, v) => o.User = v),
        new(Password, nameof(InstanceManagerOptions.Password), OptionKeyKind.Secret, static o => o.Password, static (o, v) => o.Password = v),
        new(PostManagedInstanceUrl, nameof(InstanceManagerOptions.PostManagedInstanceUrl), OptionKeyKind.PerTenantUrl, static o => o.PostManagedInstanceUrl, static (o, v) => o.PostManagedInstanceUrl = v),
        new(GetManagedInstanceUrl, nameof(InstanceManagerOptions.GetManagedInstanceUrl), OptionKeyKind.PerTenantUrl, static o => o.GetManagedInstanceUrl, static (o, v) => o.GetManagedInstanceUrl = v),
        new(GetAllManagedInstancesUrl, nameof(InstanceManagerOptions.GetAllManagedInstancesUrl), OptionKeyKind.Url, static o => o.GetAllManagedInstancesUrl, static (o, v) => o.GetAllManagedInstancesUrl = v),
        new(DeleteManagedInstanceUrl, nameof(InstanceManagerOptions.DeleteManagedInstanceUrl), OptionKeyKind.PerTenantUrl, static o => o.DeleteManagedInstanceUrl, static (o, v) => o.DeleteManagedInstanceUrl = v),
    ];

    /// <summary>The Service Manager binding's text credentials; which of them are required is decided by <see cref="ServiceManagerOptionsValidator"/>.</summary>
    public static IReadOnlyList<OptionKey<ServiceManagerOptions>> ServiceManager { get; } =
    [
        new(SmUrl, nameof(ServiceManagerOptions.SmUrl), OptionKeyKind.Url, static o => o.SmUrl, static (o, v) => o.SmUrl = v),
        new(Url, nameof(ServiceManagerOptions.Url), OptionKeyKind.Url, static o => o.Url, static (o, v) => o.Url = v),
        new(ClientId, nameof(ServiceManagerOptions.ClientId), OptionKeyKind.Text, static o => o.ClientId, static (o, v) => o.ClientId = v),
        new(ClientSecret, nameof(ServiceManagerOptions.ClientSecret), OptionKeyKind.Secret, static o => o.ClientSecret, static (o, v) => o.ClientSecret = v),
        new(CertUrl, nameof(ServiceManagerOptions.CertUrl), OptionKeyKind.Url, static o => o.CertUrl, static (o, v) => o.CertUrl = v),
        new(Certificate, nameof(ServiceManagerOptions.Certificate), OptionKeyKind.Secret, static o => o.Certificate, static (o, v) => o.Certificate = v),
        new(Key, nameof(ServiceManagerOptions.Key), OptionKeyKind.Secret, static o => o.Key, static (o, v) => o.Key = v),
        new(XsAppName, nameof(ServiceManagerOptions.XsAppName), OptionKeyKind.Text, static o => o.XsAppName, static (o, v) => o.XsAppName = v),
        new(Service, nameof(ServiceManagerOptions.Service), OptionKeyKind.Text, static o => o.Service, static (o, v) => o.Service = v),
        new(Plan, nameof(ServiceManagerOptions.Plan), OptionKeyKind.Text, static o => o.Plan, static (o, v) => o.Plan = v),
    ];

    /// <summary>The Instance Manager's credential keys, for messages: <c>user, password, … and delete_managed_instance_url</c>.</summary>
    public static string InstanceManagerKeyList { get; } =
        string.Join(", ", InstanceManager.Take(InstanceManager.Count - 1).Select(static key => key.Key)) + " and " + InstanceManager[^1].Key;

    /// <summary>The Service Manager's required credential keys, for messages.</summary>
    public const string ServiceManagerKeyList = SmUrl + ", " + Url + ", " + ClientId + " and " + ClientSecret + " (or " + Certificate + " and " + Key + ")";
}
