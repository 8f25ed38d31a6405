// Program.cs of the console application that tests/packaging/consume.sh creates with `dotnet new console`. It uses
// the client from the InstanceManager package directly: against the stand-alone emulator (the .NET tool, binding in
// VCAP_SERVICES), then against an emulator embedded from the InstanceManager.Emulator package, as a test would.
using InstanceManager;
using InstanceManager.Emulator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

var services = new ServiceCollection().AddLogging();
services.AddInstanceManagerFromBinding();
await using (var provider = services.BuildServiceProvider())
{
    await Lifecycle.RunAsync("stand-alone emulator", provider.GetRequiredService<IInstanceManagerClient>());
}

await using var emulator = await InstanceManagerEmulator.StartAsync(new InstanceManagerEmulatorOptions
{
    ProvisioningDelay = TimeSpan.FromMilliseconds(200),
    DeprovisioningDelay = TimeSpan.FromMilliseconds(200),
});
var embedded = new ServiceCollection().AddLogging();
embedded.AddInstanceManager(emulator.Configuration);
await using (var provider = embedded.BuildServiceProvider())
{
    await Lifecycle.RunAsync("embedded emulator", provider.GetRequiredService<IInstanceManagerClient>());
}

Console.WriteLine($"embedded emulator served {emulator.RequestLog.Count} requests");
return 0;

internal static class Lifecycle
{
    public static async Task RunAsync(string against, IInstanceManagerClient client)
    {
        const string tenant = "console-tenant";
        var created = await client.CreateAsync(tenant);
        Check(created.TenantId == tenant && created.Status == InstanceStatus.CreationSucceeded, $"create: {created}");
        var found = await client.GetAsync(tenant);
        Check(found?.TenantId == tenant, $"get: {found}");
        var all = await client.GetAllAsync();
        Check(all.Any(i => i.TenantId == tenant), $"getAll: {all.Count} instances without {tenant}");
        await client.DeleteAsync(tenant);
        var gone = await client.GetAsync(tenant);
        Check(gone is null, $"get after delete: {gone}");
        var rest = await client.GetAllAsync();
        Check(rest.All(i => i.TenantId != tenant), "getAll after delete still lists the tenant");
        Console.WriteLine($"{against}: create, get, getAll ({all.Count}), delete, get (none), getAll ({rest.Count}): ok");
    }

    private static void Check(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"unexpected result of {what}");
        }
    }
}
