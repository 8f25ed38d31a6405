namespace InstanceManager.Emulator;

/// <summary>
/// An Open Service Broker that the emulated Service Manager registers (as <c>POST /v1/service_brokers</c> does) and
/// to which it forwards the instances and bindings of the broker's plans.
/// </summary>
public sealed class EmulatedServiceBroker
{
    /// <summary>The broker's name in the Service Manager; unique.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The broker's base URL, to which <c>/v2/catalog</c>, <c>/v2/service_instances/…</c> are appended.</summary>
    public Uri? Url { get; set; }

    /// <summary>The HTTP Basic user the Service Manager sends to the broker.</summary>
    public string Username { get; set; } = string.Empty;

    /// <summary>The HTTP Basic password the Service Manager sends to the broker.</summary>
    public string Password { get; set; } = string.Empty;

    /// <summary>Why this registration is unusable, or <see langword="null"/> when it is fine.</summary>
    internal string? Problem()
    {
        if (string.IsNullOrEmpty(Name) || Name.Length > 255)
        {
            return "A broker needs a name of 1 to 255 characters.";
        }

        if (Url is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            return $"The broker '{Name}' needs an absolute http or https URL.";
        }

        return string.IsNullOrEmpty(Username) || string.IsNullOrEmpty(Password) ? $"The broker '{Name}' needs a username and a password." : null;
    }
}
