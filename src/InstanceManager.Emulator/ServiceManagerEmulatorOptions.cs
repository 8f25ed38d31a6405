namespace InstanceManager.Emulator;

/// <summary>
/// How the emulated Service Manager (<c>/v1/…</c>) and its OAuth token endpoint (<c>/oauth/token</c>) behave.
/// Configuration section <c>Emulator:ServiceManager</c> when stand-alone.
/// </summary>
public sealed class ServiceManagerEmulatorOptions
{
    /// <summary>The OAuth client id clients must present (<c>clientid</c>). Default <c>sm-emulator-client</c>.</summary>
    public string ClientId { get; set; } = "sm-emulator-client";

    /// <summary>The OAuth client secret clients must present (<c>clientsecret</c>). Default <c>sm-emulator-secret</c>.</summary>
    public string ClientSecret { get; set; } = "sm-emulator-secret";

    /// <summary>The application name in the credentials (<c>xsappname</c>); informational. Default <c>sm-emulator!b1</c>.</summary>
    public string XsAppName { get; set; } = "sm-emulator!b1";

    /// <summary>How long an issued access token is accepted, on the emulator's clock. Default 43,199 s (UAA's 12 h less a second).</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromSeconds(43_199);

    /// <summary>
    /// The number of items of a list page when the request has no <c>max_items</c>. Default 4, small on purpose so
    /// that clients' paging is exercised.
    /// </summary>
    public int PageSize { get; set; } = 4;

    /// <summary>How long an instance's create operation stays <c>in progress</c>. Default 1 s.</summary>
    public TimeSpan InstanceCreationDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a binding's create operation stays <c>in progress</c>. Default 0.5 s.</summary>
    public TimeSpan BindingCreationDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long the delete operation of an instance or a binding stays <c>in progress</c>. Default 0.5 s.</summary>
    public TimeSpan DeletionDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// The offerings and plans of the catalog. Default: offering <c>hana</c> (plans <c>hdi-shared</c>, <c>schema</c>,
    /// <c>securestore</c>) and offering <c>service-manager</c> (plan <c>container</c>). Offerings bound from
    /// configuration are added to these. Ids are derived from the catalog names, so they stay the same across restarts.
    /// </summary>
    public IList<EmulatedServiceOffering> Catalog { get; set; } =
    [
        new EmulatedServiceOffering { CatalogName = "hana", Tags = ["hana", "database", "relational"], Plans = ["hdi-shared", "schema", "securestore"] },
        new EmulatedServiceOffering { CatalogName = "service-manager", Tags = ["service-manager"], Plans = ["container"] },
    ];

    /// <summary>
    /// Open Service Brokers registered when the emulator starts, as <c>POST /v1/service_brokers</c> registers them:
    /// their catalogs are fetched then, and their offerings and plans join the catalog. None by default.
    /// </summary>
    public IList<EmulatedServiceBroker> Brokers { get; set; } = [];

    /// <summary>How long to wait between polls of a broker's <c>last_operation</c> when it sends no <c>Retry-After</c>. Default 1 s.</summary>
    public TimeSpan BrokerPollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one call to a broker may take before it counts as unreachable. Default 15 s, as the Service Manager's.</summary>
    public TimeSpan BrokerRequestTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long an asynchronous broker operation may stay <c>in progress</c> before the Service Manager operation fails,
    /// unless the plan's <c>maximum_polling_duration</c> says otherwise. Default 10 minutes.
    /// </summary>
    public TimeSpan BrokerPollingTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Why these settings are unusable, or <see langword="null"/> when they are fine.</summary>
    internal string? Problem()
    {
        if (string.IsNullOrEmpty(ClientId) || string.IsNullOrEmpty(ClientSecret))
        {
            return $"{nameof(ClientId)} and {nameof(ClientSecret)} may not be empty.";
        }

        if (TokenLifetime < TimeSpan.FromSeconds(1))
        {
            return $"{nameof(TokenLifetime)} must be at least 1 s (was {TokenLifetime}).";
        }

        if (PageSize < 1)
        {
            return $"{nameof(PageSize)} must be at least 1 (was {PageSize}).";
        }

        foreach (var (name, delay) in new[] { (nameof(InstanceCreationDelay), InstanceCreationDelay), (nameof(BindingCreationDelay), BindingCreationDelay), (nameof(DeletionDelay), DeletionDelay), (nameof(BrokerPollingInterval), BrokerPollingInterval) })
        {
            if (delay < TimeSpan.Zero)
            {
                return $"{name} may not be negative (was {delay}).";
            }
        }

        if (BrokerRequestTimeout <= TimeSpan.Zero || BrokerPollingTimeout <= TimeSpan.Zero)
        {
            return $"{nameof(BrokerRequestTimeout)} and {nameof(BrokerPollingTimeout)} must be positive.";
        }

        var brokerNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var broker in Brokers)
        {
            if (broker.Problem() is { } brokerProblem)
            {
                return brokerProblem;
            }

            if (!brokerNames.Add(broker.Name))
            {
                return $"The broker name '{broker.Name}' is registered twice.";
            }
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var offering in Catalog)
        {
            if (string.IsNullOrEmpty(offering.CatalogName) || !names.Add(offering.CatalogName))
            {
                return $"Every offering of the {nameof(Catalog)} needs a catalog name of its own (found '{offering.CatalogName}' empty or twice).";
            }

            if (offering.Plans.Count == 0 || offering.Plans.Any(string.IsNullOrEmpty) || offering.Plans.Distinct(StringComparer.Ordinal).Count() != offering.Plans.Count)
            {
                return $"The offering '{offering.CatalogName}' needs at least one plan, each with a catalog name of its own.";
            }
        }

        return null;
    }
}
