using InstanceManager.Emulator;

namespace InstanceManager.Benchmarks;

/// <summary>Clients of an emulator, as an application would configure them.</summary>
internal static class EmulatorClients
{
    public static IInstanceManagerClient Create(InstanceManagerEmulator emulator, Action<InstanceManagerOptions>? configure = null, TimeProvider? timeProvider = null)
    {
        var options = new InstanceManagerOptions
        {
            User = emulator.Credentials["user"],
            Password = emulator.Credentials["password"],
            PostManagedInstanceUrl = emulator.Credentials["post_managed_instance_url"],
            GetManagedInstanceUrl = emulator.Credentials["get_managed_instance_url"],
            GetAllManagedInstancesUrl = emulator.Credentials["get_all_managed_instances_url"],
            DeleteManagedInstanceUrl = emulator.Credentials["delete_managed_instance_url"],
        };
        configure?.Invoke(options);
        return InstanceManagerClientFactory.Create(options, timeProvider: timeProvider);
    }
}
