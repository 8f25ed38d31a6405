using InstanceManager.Emulator;

namespace InstanceManager.Benchmarks;

/// <summary>Clients of an emulator, as an application would configure them.</summary>
internal static class EmulatorClients
{
    public static StandaloneInstanceManagerClient Create(InstanceManagerEmulator emulator, Action<InstanceManagerOptions>? configure = null, TimeProvider? timeProvider = null) =>
        InstanceManagerClientFactory.Create(
            options =>
            {
                options.User = emulator.Credentials["user"];
                options.Password = emulator.Credentials["password"];
                options.PostManagedInstanceUrl = emulator.Credentials["post_managed_instance_url"];
                options.GetManagedInstanceUrl = emulator.Credentials["get_managed_instance_url"];
                options.GetAllManagedInstancesUrl = emulator.Credentials["get_all_managed_instances_url"];
                options.DeleteManagedInstanceUrl = emulator.Credentials["delete_managed_instance_url"];
                configure?.Invoke(options);
            },
            timeProvider: timeProvider);

    /// <summary>A client of the emulator's Instance Manager, or of its Service Manager.</summary>
    public static StandaloneInstanceManagerClient Create(InstanceManagerEmulator emulator, bool serviceManager, Action<InstanceManagerOptions>? configure = null) =>
        serviceManager
            ? InstanceManagerClientFactory.Create(options =>
            {
                options.ServiceManager = new ServiceManagerOptions
                {
                    SmUrl = emulator.ServiceManagerCredentials["sm_url"],
                    Url = emulator.ServiceManagerCredentials["url"],
                    ClientId = emulator.ServiceManagerCredentials["clientid"],
                    ClientSecret = emulator.ServiceManagerCredentials["clientsecret"],
                };
                configure?.Invoke(options);
            })
            : Create(emulator, configure);
}
