namespace InstanceManager.Emulator;

/// <summary>
/// How the emulator's own Open Service Broker (OSB API v2 under <c>/osb/v2/…</c>) behaves. It offers the offerings
/// and plans of <see cref="ServiceManagerEmulatorOptions.Catalog"/>. Configuration section
/// <c>Emulator:OpenServiceBroker</c> when stand-alone.
/// </summary>
public sealed class OpenServiceBrokerEmulatorOptions
{
    /// <summary>The HTTP Basic user platforms must send. Default <c>osb-emulator</c>.</summary>
    public string Username { get; set; } = "osb-emulator";

    /// <summary>The HTTP Basic password platforms must send. Default <c>osb-emulator-password</c>.</summary>
    public string Password { get; set; } = "osb-emulator-password";

    /// <summary>How long a provision, update or deprovision stays <c>in progress</c>, on the emulator's clock. Default 1 s.</summary>
    public TimeSpan OperationDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Why these settings are unusable, or <see langword="null"/> when they are fine.</summary>
    internal string? Problem()
    {
        if (string.IsNullOrEmpty(Username) || string.IsNullOrEmpty(Password) || Username.Contains(':', StringComparison.Ordinal))
        {
            return $"{nameof(Username)} and {nameof(Password)} may not be empty, and {nameof(Username)} may not contain ':'.";
        }

        return OperationDelay < TimeSpan.Zero ? $"{nameof(OperationDelay)} may not be negative (was {OperationDelay})." : null;
    }
}
