using InstanceManager.Emulator;

namespace InstanceManager.Redis.Tests.Infrastructure;

internal static class Emulators
{
    public static Task<InstanceManagerEmulator> StartAsync(TimeSpan? provisioning = null) =>
        InstanceManagerEmulator.StartAsync(new InstanceManagerEmulatorOptions
        {
            ProvisioningDelay = provisioning ?? TimeSpan.Zero,
            DeprovisioningDelay = TimeSpan.Zero,
        });

    /// <summary>The Instance Manager GETs of one tenant's instance that the emulator answered.</summary>
    public static int GetsOf(this InstanceManagerEmulator emulator, string tenantId) =>
        emulator.RequestLog.Count(request => request.Method == "GET" && request.TenantId == tenantId);

    public static int Requests(this InstanceManagerEmulator emulator, string method) =>
        emulator.RequestLog.Count(request => request.Method == method);

    public static int ListDownloads(this InstanceManagerEmulator emulator) =>
        emulator.RequestLog.Count(request => request.Method == "GET" && request.TenantId is null);
}

internal static class Seeding
{
    /// <summary>Creates the tenants through a client of its own (no Redis), so that no replica has them cached.</summary>
    public static async Task CreateTenantsAsync(this InstanceManagerEmulator emulator, IEnumerable<string> tenantIds)
    {
        using var client = InstanceManagerClientFactory.Create(options =>
        {
            options.User = emulator.Credentials["user"];
            options.Password = emulator.Credentials["password"];
            options.PostManagedInstanceUrl = emulator.Credentials["post_managed_instance_url"];
            options.GetManagedInstanceUrl = emulator.Credentials["get_managed_instance_url"];
            options.GetAllManagedInstancesUrl = emulator.Credentials["get_all_managed_instances_url"];
            options.DeleteManagedInstanceUrl = emulator.Credentials["delete_managed_instance_url"];
        });
        foreach (var tenantId in tenantIds)
        {
            await client.CreateAsync(tenantId);
        }

        emulator.ClearRequestLog();
    }
}
