namespace InstanceManager.Emulator;

/// <summary>Failures the emulator injects. The defaults inject none.</summary>
public sealed class EmulatorFailures
{
    /// <summary>
    /// Tenants whose id matches this regular expression end in <c>CREATION_FAILED</c>, with a <c>failed_message</c>.
    /// In the Service Manager, the create operations of their instances fail (the tenant is the instance's
    /// <c>tenant_id</c> label, else its name); in the emulator's own broker, the provisioning of their instances fails
    /// (its <c>last_operation</c> says so). Instances of a registered broker's plans fail only as their broker decides.
    /// </summary>
    public string? CreationFailurePattern { get; set; }

    /// <summary>
    /// In the Service Manager, the create operations of bindings of tenants whose id matches this regular expression
    /// fail (the tenant is the binding's <c>tenant_id</c> label, else its instance's tenant); the emulator's own broker
    /// answers their binds with 500.
    /// </summary>
    public string? BindingFailurePattern { get; set; }

    /// <summary>
    /// Tenants whose id matches this regular expression end in <c>DELETION_FAILED</c>, with a <c>failed_message</c>.
    /// In the Service Manager, the delete operations of their instances fail (bindings are still deleted); in the
    /// emulator's own broker, their deprovisioning fails.
    /// </summary>
    public string? DeletionFailurePattern { get; set; }

    /// <summary>
    /// The fraction (0 to 1) of Instance Manager, Service Manager (<c>/v1</c>) and broker (<c>/osb/v2</c>) requests
    /// answered with <see cref="ErrorStatusCode"/> instead of being served. Token requests are always served.
    /// </summary>
    public double ErrorRate { get; set; }

    /// <summary>The status of injected errors. Default 503.</summary>
    public int ErrorStatusCode { get; set; } = 503;

    /// <summary>
    /// The header that announces the wait before a retry: with injected errors (<see cref="ErrorRate"/>), the wait
    /// <see cref="RetryAfter"/>; with requests over <see cref="RequestLimit"/>, the wait until the window resets.
    /// Default <see cref="RetryAfterHeaderForm.None"/>: none with injected errors, <c>Retry-After</c> in seconds with
    /// the rate limit (a real service always says).
    /// </summary>
    public RetryAfterHeaderForm RetryAfterHeader { get; set; }

    /// <summary>The wait announced in <see cref="RetryAfterHeader"/> with injected errors. Default 1 s.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How many Instance Manager, Service Manager (<c>/v1</c>) and broker (<c>/osb/v2</c>) requests the emulator
    /// serves in each <see cref="RequestLimitWindow"/>, on its clock; the others are answered 429
    /// <c>TooManyRequests</c> with the wait until the window resets. Token requests are never limited.
    /// Default <see langword="null"/>: no limit.
    /// </summary>
    public int? RequestLimit { get; set; }

    /// <summary>
    /// The fixed window of <see cref="RequestLimit"/>: it opens with the first request after the previous one
    /// closed. Default 1 s.
    /// </summary>
    public TimeSpan RequestLimitWindow { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Added to every Instance Manager, Service Manager (<c>/v1</c>) and broker (<c>/osb/v2</c>) request, on the emulator's clock.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>Seeds the choice of failing requests, for reproducible runs; random when not set.</summary>
    public int? Seed { get; set; }

    /// <summary>Why these settings are unusable, or <see langword="null"/> when they are fine.</summary>
    internal string? Problem()
    {
        foreach (var (name, pattern) in new[] { (nameof(CreationFailurePattern), CreationFailurePattern), (nameof(BindingFailurePattern), BindingFailurePattern), (nameof(DeletionFailurePattern), DeletionFailurePattern) })
        {
            if (pattern is null)
            {
                continue;
            }

            try
            {
                _ = new System.Text.RegularExpressions.Regex(pattern, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException exception)
            {
                return $"{name} is not a valid regular expression: {exception.Message}";
            }
        }

        if (ErrorRate is < 0 or > 1 || double.IsNaN(ErrorRate))
        {
            return $"{nameof(ErrorRate)} must be between 0 and 1 (was {ErrorRate}).";
        }

        if (ErrorStatusCode is < 400 or > 599)
        {
            return $"{nameof(ErrorStatusCode)} must be an HTTP error status, 400 to 599 (was {ErrorStatusCode}).";
        }

        if (!Enum.IsDefined(RetryAfterHeader))
        {
            return $"{nameof(RetryAfterHeader)} must be one of {string.Join(", ", Enum.GetNames<RetryAfterHeaderForm>())} (was {(int)RetryAfterHeader}).";
        }

        if (RetryAfter < TimeSpan.Zero)
        {
            return $"{nameof(RetryAfter)} may not be negative (was {RetryAfter}).";
        }

        if (RequestLimit is < 1)
        {
            return $"{nameof(RequestLimit)} must be at least 1, or not set for no limit (was {RequestLimit}).";
        }

        if (RequestLimitWindow <= TimeSpan.Zero)
        {
            return $"{nameof(RequestLimitWindow)} must be positive (was {RequestLimitWindow}).";
        }

        return Latency < TimeSpan.Zero ? $"{nameof(Latency)} may not be negative (was {Latency})." : null;
    }
}
