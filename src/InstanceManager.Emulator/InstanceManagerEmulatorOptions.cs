namespace InstanceManager.Emulator;

/// <summary>How an <see cref="InstanceManagerEmulator"/> behaves. Configuration section <c>Emulator</c> when stand-alone.</summary>
public sealed class InstanceManagerEmulatorOptions
{
    /// <summary>How long a new instance stays <c>CREATION_IN_PROGRESS</c>. Default 1 s.</summary>
    public TimeSpan ProvisioningDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a deleted instance stays <c>DELETION_IN_PROGRESS</c> before it is gone. Default 1 s.</summary>
    public TimeSpan DeprovisioningDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The HTTP Basic user clients must send. Default <c>emulator</c>.</summary>
    public string User { get; set; } = "emulator";

    /// <summary>The HTTP Basic password clients must send. Default <c>emulator-password</c>.</summary>
    public string Password { get; set; } = "emulator-password";

    /// <summary>The managed service instance id in the URLs. Default <c>emulated-managed-service</c>.</summary>
    public string ManagedServiceId { get; set; } = "emulated-managed-service";

    /// <summary>
    /// When set, the Instance Manager's instances are kept in <c>instances.json</c> and the Service Manager's state in
    /// <c>service-manager.json</c> in this directory, each written atomically.
    /// </summary>
    public string? DataDirectory { get; set; }

    /// <summary>How the emulated Service Manager and its token endpoint behave.</summary>
    public ServiceManagerEmulatorOptions ServiceManager { get; set; } = new();

    /// <summary>How the emulator's own Open Service Broker (<c>/osb/v2/…</c>) behaves.</summary>
    public OpenServiceBrokerEmulatorOptions OpenServiceBroker { get; set; } = new();

    /// <summary>Failures to inject; none by default. Can be changed while running.</summary>
    public EmulatorFailures Failures { get; set; } = new();

    /// <summary>The clock of the instances' lifecycle, of Service Manager operations and tokens, and of injected latency (a fake one in tests).</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>The loopback port of an embedded emulator; 0 (default) picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>Why these settings are unusable, or <see langword="null"/> when they are fine.</summary>
    internal string? Problem() => Failures.Problem() ?? ServiceManager.Problem() ?? OpenServiceBroker.Problem();
}
