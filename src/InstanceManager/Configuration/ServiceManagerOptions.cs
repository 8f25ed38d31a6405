namespace InstanceManager;

/// <summary>
/// The credentials of a Service Manager binding (offering <c>service-manager</c>, plan <c>container</c>), with which
/// the client keeps one service instance and one binding per tenant, as the official Node.js client does. When bound
/// from configuration the keys are those of the binding's credentials (<c>sm_url</c>, <c>url</c>, <c>clientid</c>,
/// <c>clientsecret</c> or <c>certificate</c> + <c>key</c>, <c>certurl</c>, …).
/// </summary>
/// <remarks>
/// Tenant ids are put into the Service Manager's single-quoted query values with every single quote doubled, as its
/// query grammar allows, so no tenant id can change a query's meaning. Tenant ids the grammar cannot carry unchanged
/// are refused with <see cref="ArgumentException"/> before any request: ids containing a backslash, and ids starting
/// or ending with a single quote (the server strips those).
/// </remarks>
public sealed class ServiceManagerOptions
{
    /// <summary>The Service Manager's base URL (<c>sm_url</c>); requests go to <c>sm_url/v1/…</c>. Required.</summary>
    public string? SmUrl { get; set; }

    /// <summary>The OAuth server's base URL for client-secret authentication (<c>url</c>); tokens come from <c>/oauth/token</c> on its host. Required.</summary>
    public string? Url { get; set; }

    /// <summary>The OAuth client id (<c>clientid</c>). Required.</summary>
    public string? ClientId { get; set; }

    /// <summary>The OAuth client secret (<c>clientsecret</c>). Required unless <see cref="Certificate"/> is set. Never logged or shown.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The OAuth server's base URL for certificate authentication (<c>certurl</c>); defaults to <see cref="Url"/>.</summary>
    public string? CertUrl { get; set; }

    /// <summary>The PEM client certificate for mTLS (<c>certificate</c>), presented to the OAuth server and the Service Manager.</summary>
    public string? Certificate { get; set; }

    /// <summary>The PEM private key of <see cref="Certificate"/> (<c>key</c>). Required with it. Never logged or shown.</summary>
    public string? Key { get; set; }

    /// <summary>The application name of the OAuth client (<c>xsappname</c>); informational.</summary>
    public string? XsAppName { get; set; }

    /// <summary>The catalog name of the offering whose instances are managed (<c>service</c>). Default <c>hana</c>.</summary>
    public string Service { get; set; } = "hana";

    /// <summary>The catalog name of the plan whose instances are managed (<c>plan</c>). Default <c>hdi-shared</c>.</summary>
    public string Plan { get; set; } = "hdi-shared";

    /// <summary>
    /// Whether a get or list may create the missing binding of a ready instance (<c>allowBinding</c> or
    /// <c>allow_binding</c>). Default <see langword="true"/>.
    /// </summary>
    public bool AllowBinding { get; set; } = true;

    /// <summary>Whether the client authenticates with a certificate (mTLS) rather than a client secret.</summary>
    internal bool UsesCertificate => !string.IsNullOrWhiteSpace(Certificate);

    /// <summary>Describes the options without the client secret, certificate or key.</summary>
    public override string ToString() =>
        $"ServiceManagerOptions {{ SmUrl = {SmUrl}, Url = {Url}, CertUrl = {CertUrl}, ClientId = {(string.IsNullOrEmpty(ClientId) ? "(none)" : "(set)")}, ClientSecret = {Hidden(ClientSecret)}, Certificate = {Hidden(Certificate)}, Key = {Hidden(Key)}, Service = {Service}, Plan = {Plan}, AllowBinding = {AllowBinding} }}";

    private static string Hidden(string? value) => string.IsNullOrEmpty(value) ? "(none)" : "(hidden)";
}
