// Shared by the samples: finds the service the sample talks to and hands its credentials to the sample, which
// registers the client with them itself. With a bound service (VCAP_SERVICES or SERVICE_BINDING_ROOT) the
// credentials are that service's; otherwise it starts the embedded emulator, so the samples run anywhere with only
// the .NET SDK. "--mode" chooses the kind of service: instance-manager (default), service-manager or migration (both,
// as during a move from the Instance Manager to the Service Manager).
using InstanceManager;
using InstanceManager.Emulator;
using Microsoft.Extensions.Configuration;

namespace InstanceManager.Samples;

/// <summary>The credentials of the service a sample talks to, and the emulator that serves them when nothing is bound.</summary>
internal sealed class SampleBackend : IAsyncDisposable
{
    public const string InstanceManagerMode = "instance-manager";
    public const string ServiceManagerMode = "service-manager";
    public const string MigrationMode = "migration";

    private SampleBackend(IConfiguration credentials, InstanceManagerEmulator? emulator)
    {
        Credentials = credentials;
        Emulator = emulator;
    }

    /// <summary>
    /// The credentials object, in the shape of a binding's: the Instance Manager's keys, the Service Manager's, or
    /// both in <c>imOpts</c> and <c>smOpts</c> sections (migration mode).
    /// </summary>
    public IConfiguration Credentials { get; }

    /// <summary>The emulator started because no service is bound, or <see langword="null"/>.</summary>
    public InstanceManagerEmulator? Emulator { get; }

    /// <summary>Finds the bound service of <paramref name="mode"/>, or starts the emulator.</summary>
    public static async Task<SampleBackend> FindOrStartAsync(string? mode, InstanceManagerEmulatorOptions? emulatorOptions = null)
    {
        mode = string.IsNullOrWhiteSpace(mode) ? InstanceManagerMode : mode.Trim().ToLowerInvariant();
        var instanceManagerBinding = ServiceBindings.FindCredentials(new ServiceBindingQuery());
        var serviceManagerBinding = ServiceBindings.FindCredentials(new ServiceBindingQuery { Label = "service-manager" });
        switch (mode)
        {
            case InstanceManagerMode when instanceManagerBinding is not null:
                Console.WriteLine("Using the managed-hana service bound in the environment (Instance Manager).");
                return new SampleBackend(instanceManagerBinding, emulator: null);
            case ServiceManagerMode when serviceManagerBinding is not null:
                Console.WriteLine("Using the service-manager service bound in the environment.");
                return new SampleBackend(serviceManagerBinding, emulator: null);
            case MigrationMode when instanceManagerBinding is not null && serviceManagerBinding is not null:
                Console.WriteLine("Using the managed-hana and service-manager services bound in the environment (migration mode).");
                return new SampleBackend(Migration(instanceManagerBinding, serviceManagerBinding), emulator: null);
            case InstanceManagerMode or ServiceManagerMode or MigrationMode:
                break;
            default:
                throw new ArgumentException($"Unknown --mode '{mode}': use {InstanceManagerMode}, {ServiceManagerMode} or {MigrationMode}.", nameof(mode));
        }

        var emulator = await InstanceManagerEmulator.StartAsync(emulatorOptions);
        Console.WriteLine($"No {mode} binding found (VCAP_SERVICES, SERVICE_BINDING_ROOT): started the embedded emulator at {emulator.BaseAddress} ({mode} mode).");
        var credentials = mode switch
        {
            ServiceManagerMode => emulator.ServiceManagerConfiguration,
            MigrationMode => Migration(emulator.Configuration, emulator.ServiceManagerConfiguration),
            _ => emulator.Configuration,
        };
        return new SampleBackend(credentials, emulator);
    }

    public async ValueTask DisposeAsync()
    {
        if (Emulator is not null)
        {
            await Emulator.DisposeAsync();
        }
    }

    /// <summary>Both credentials in the official clients' shape: <c>imOpts</c> and <c>smOpts</c>.</summary>
    private static IConfiguration Migration(IConfiguration instanceManager, IConfiguration serviceManager) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(Prefixed(instanceManager, "imOpts"))
            .AddInMemoryCollection(Prefixed(serviceManager, "smOpts"))
            .Build();

    private static IEnumerable<KeyValuePair<string, string?>> Prefixed(IConfiguration credentials, string section) =>
        credentials.AsEnumerable(makePathsRelative: true)
            .Where(pair => pair.Value is not null)
            .Select(pair => KeyValuePair.Create(section + ":" + pair.Key, pair.Value));
}
