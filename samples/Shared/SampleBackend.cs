// Shared by the samples: picks the service the sample talks to. With a bound service (VCAP_SERVICES or
// SERVICE_BINDING_ROOT) it uses that one; otherwise it starts the embedded emulator, so the samples run anywhere with
// only the .NET SDK. "--mode" chooses the kind of service: instance-manager (default), service-manager or migration
// (both, as during a move from the Instance Manager to the Service Manager).
using InstanceManager;
using InstanceManager.Emulator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace InstanceManager.Samples;

internal static class SampleBackend
{
    public const string InstanceManagerMode = "instance-manager";
    public const string ServiceManagerMode = "service-manager";
    public const string MigrationMode = "migration";

    /// <summary>Registers the client for <paramref name="mode"/>; returns the emulator it started, if it started one.</summary>
    public static async Task<InstanceManagerEmulator?> AddInstanceManagerAsync(IServiceCollection services, string? mode, InstanceManagerEmulatorOptions? emulatorOptions = null)
    {
        mode = string.IsNullOrWhiteSpace(mode) ? InstanceManagerMode : mode.Trim().ToLowerInvariant();
        var instanceManagerBinding = ServiceBindings.FindCredentials(new ServiceBindingQuery());
        var serviceManagerBinding = ServiceBindings.FindCredentials(new ServiceBindingQuery { Label = "service-manager" });
        switch (mode)
        {
            case InstanceManagerMode when instanceManagerBinding is not null:
                Console.WriteLine("Using the managed-hana service bound in the environment (Instance Manager).");
                services.AddInstanceManager(instanceManagerBinding);
                return null;
            case ServiceManagerMode when serviceManagerBinding is not null:
                Console.WriteLine("Using the service-manager service bound in the environment.");
                services.AddInstanceManager(serviceManagerBinding);
                return null;
            case MigrationMode when instanceManagerBinding is not null && serviceManagerBinding is not null:
                Console.WriteLine("Using the managed-hana and service-manager services bound in the environment (migration mode).");
                services.AddInstanceManagerMigrationFromBindings();
                return null;
            case InstanceManagerMode or ServiceManagerMode or MigrationMode:
                break;
            default:
                throw new ArgumentException($"Unknown --mode '{mode}': use {InstanceManagerMode}, {ServiceManagerMode} or {MigrationMode}.", nameof(mode));
        }

        var emulator = await InstanceManagerEmulator.StartAsync(emulatorOptions);
        Console.WriteLine($"No {mode} binding found (VCAP_SERVICES, SERVICE_BINDING_ROOT): started the embedded emulator at {emulator.BaseAddress} ({mode} mode).");
        services.AddInstanceManager(mode switch
        {
            ServiceManagerMode => emulator.ServiceManagerConfiguration,
            MigrationMode => Migration(emulator),
            _ => emulator.Configuration,
        });
        return emulator;
    }

    /// <summary>Both credentials in the official clients' shape: <c>imOpts</c> and <c>smOpts</c>.</summary>
    private static IConfiguration Migration(InstanceManagerEmulator emulator) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(emulator.Credentials.Select(pair => KeyValuePair.Create("imOpts:" + pair.Key, (string?)pair.Value)))
            .AddInMemoryCollection(emulator.ServiceManagerCredentials.Select(pair => KeyValuePair.Create("smOpts:" + pair.Key, (string?)pair.Value)))
            .Build();
}
