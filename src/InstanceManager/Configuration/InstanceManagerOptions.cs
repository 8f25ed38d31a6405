using InstanceManager.Configuration;

namespace InstanceManager;

/// <summary>
/// Options of <see cref="IInstanceManagerClient"/>. When bound from configuration the keys are those of the managed
/// service binding's credentials (<c>user</c>, <c>password</c>, <c>post_managed_instance_url</c>, …) and of the
/// official clients' tuning options (<c>polling_interval_millis</c>, <c>polling_timeout_seconds</c>,
/// <c>cache_max_items</c>, <c>cache_item_expire_seconds</c>).
/// </summary>
public sealed class InstanceManagerOptions
{
    /// <summary>The HTTP Basic user (<c>user</c>). Required.</summary>
    public string? User { get; set; }

    /// <summary>The HTTP Basic password (<c>password</c>). Required. Never logged or shown.</summary>
    public string? Password { get; set; }

    /// <summary>The create URL with the <c>{tenant_id}</c> placeholder (<c>post_managed_instance_url</c>). Required.</summary>
    public string? PostManagedInstanceUrl { get; set; }

    /// <summary>The read URL with the <c>{tenant_id}</c> placeholder (<c>get_managed_instance_url</c>). Required.</summary>
    public string? GetManagedInstanceUrl { get; set; }

    /// <summary>The list URL (<c>get_all_managed_instances_url</c>). Required.</summary>
    public string? GetAllManagedInstancesUrl { get; set; }

    /// <summary>The delete URL with the <c>{tenant_id}</c> placeholder (<c>delete_managed_instance_url</c>). Required.</summary>
    public string? DeleteManagedInstanceUrl { get; set; }

    /// <summary>
    /// The shortest wait between two polls (<c>polling_interval_millis</c>). Default 300 ms; at least 0. The client
    /// never polls more often than this.
    /// </summary>
    public TimeSpan PollingInterval { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>How long an operation may take in total before it fails with <see cref="InstanceManagerTimeoutException"/> (<c>polling_timeout_seconds</c>). Default 120 s; at least 1 s.</summary>
    public TimeSpan PollingTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>How the waits between polls are chosen (<c>polling_strategy</c>). Default <see cref="PollingStrategy.Adaptive"/>.</summary>
    public PollingStrategy PollingStrategy { get; set; } = PollingStrategy.Adaptive;

    /// <summary>The longest wait between two polls with <see cref="PollingStrategy.Adaptive"/> (<c>max_polling_delay_millis</c>). Default 10 s; at least <see cref="PollingInterval"/>.</summary>
    public TimeSpan MaxPollingDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many instances the cache holds at most (<c>cache_max_items</c>); the least recently used one leaves first. Default 500; at least 1.</summary>
    public int CacheMaxItems { get; set; } = 500;

    /// <summary>How long a cached instance stays valid after it was stored (<c>cache_item_expire_seconds</c>). Default 600 s; at least 1 s.</summary>
    public TimeSpan CacheItemExpiration { get; set; } = TimeSpan.FromSeconds(600);

    /// <summary>
    /// How many requests the client sends to one service host at the same time (<c>max_concurrent_requests</c>);
    /// further requests queue in order. Default 16; 1 to 10,000. Keeps a burst (onboarding hundreds of tenants at
    /// once) from running into the service's rate limit.
    /// </summary>
    public int MaxConcurrentRequests { get; set; } = 16;

    /// <summary>
    /// The longest pause a rate-limiting answer (429, or 503 with <c>Retry-After</c> or <c>X-RateLimit-Retry-After</c>)
    /// can impose on all requests to its host (<c>max_rate_limit_wait_seconds</c>). Default 60 s; 0 to 1 hour. 0 turns
    /// the pause off: rate-limited requests are then only retried with the ordinary exponential backoff.
    /// </summary>
    public TimeSpan MaxRateLimitWait { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Parameters merged into every create (<c>default_parameters</c>: a section or a JSON object with
    /// <c>provisioning_parameters</c> and <c>binding_parameters</c>), for example the <c>database_id</c> of the HANA
    /// database to use when the subaccount has several. A parameter the call passes replaces the default of the same
    /// name. Default none.
    /// </summary>
    public InstanceParameters? DefaultParameters { get; set; }

    /// <summary>
    /// A PEM file of certificate authorities to trust in addition to the system's (<c>ca_certificates_path</c>), for
    /// services behind a company CA; the equivalent of <c>NODE_EXTRA_CA_CERTS</c> / <c>REQUESTS_CA_BUNDLE</c>. When
    /// not set, the file named by the <c>SSL_CERT_FILE</c> environment variable is used if there is one.
    /// </summary>
    public string? CaCertificatesPath { get; set; }

    /// <summary>
    /// The Service Manager credentials, when the client manages its instances through the Service Manager; then the
    /// six Instance Manager keys are not needed. Bound when the credentials contain <c>sm_url</c>, or from a
    /// <c>smOpts</c> section. Default <see langword="null"/>.
    /// </summary>
    /// <remarks>
    /// With both these and the Instance Manager keys (<c>imOpts</c> and <c>smOpts</c> sections, as the official
    /// clients take them) the client runs in migration mode: it creates in the Service Manager, finds instances in
    /// either service, and deletes from both.
    /// </remarks>
    public ServiceManagerOptions? ServiceManager { get; set; }

    /// <summary>Retries, attempt timeout and circuit breaker of the HTTP calls (configuration section <c>resilience</c>).</summary>
    public InstanceManagerResilienceOptions Resilience { get; set; } = new();

    /// <summary>Whether any Instance Manager key is set: alone, or together with <see cref="ServiceManager"/> (migration mode).</summary>
    internal bool UsesInstanceManager => ConfigurationKeys.InstanceManager.Any(key => !string.IsNullOrEmpty(key.Get(this)));

    /// <summary>
    /// The service the instances are managed in, the one place that decides it: Service Manager credentials select
    /// the Service Manager, together with any Instance Manager key migration mode, and otherwise the Instance Manager.
    /// </summary>
    internal InstanceManagerMode Mode => ServiceManager is null
        ? InstanceManagerMode.InstanceManager
        : UsesInstanceManager ? InstanceManagerMode.Migration : InstanceManagerMode.ServiceManager;

    /// <summary>Configuration keys whose values could not be read, with the reason; reported by validation at start-up.</summary>
    internal List<string> BindingErrors { get; } = [];

    /// <summary>Describes the options without the password.</summary>
    public override string ToString() =>
        $"InstanceManagerOptions {{ User = {(string.IsNullOrEmpty(User) ? "(none)" : "(set)")}, Password = {(string.IsNullOrEmpty(Password) ? "(none)" : "(hidden)")}, GetAllManagedInstancesUrl = {GetAllManagedInstancesUrl}, PollingInterval = {PollingInterval}, PollingTimeout = {PollingTimeout}, PollingStrategy = {PollingStrategy}, CacheMaxItems = {CacheMaxItems}, CacheItemExpiration = {CacheItemExpiration}, MaxConcurrentRequests = {MaxConcurrentRequests}, MaxRateLimitWait = {MaxRateLimitWait}, ServiceManager = {(ServiceManager is null ? "(none)" : ServiceManager.ToString())} }}";
}
