// QuickStart: create → get (from the cache) → getAll → delete for a few tenants, timing each step.
// With a bound service (VCAP_SERVICES or SERVICE_BINDING_ROOT) it uses that service; otherwise it starts the
// embedded emulator, so it runs anywhere with only the .NET SDK.
//   dotnet run --project samples/QuickStart                              the Instance Manager
//   dotnet run --project samples/QuickStart -- --mode service-manager    the Service Manager
//   dotnet run --project samples/QuickStart -- --mode migration          both (migration mode)
using System.Diagnostics;
using InstanceManager;
using InstanceManager.Emulator;
using InstanceManager.Samples;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var builder = Host.CreateApplicationBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);

// The credentials of the bound service, or of the embedded emulator when nothing is bound.
await using var backend = await SampleBackend.FindOrStartAsync(builder.Configuration["mode"], new InstanceManagerEmulatorOptions { ProvisioningDelay = TimeSpan.FromSeconds(1) });

// The registration: the client, with the binding's credentials object as it is. An application bound to the
// service writes builder.Services.AddInstanceManagerFromBinding(), which finds the same credentials.
builder.Services.AddInstanceManager(backend.Credentials);

using var host = builder.Build();
await host.StartAsync();
var client = host.Services.GetRequiredService<IInstanceManagerClient>();

string[] tenants = ["quickstart-tenant-1", "quickstart-tenant-2", "quickstart-tenant-3"];
try
{
    await Step("create " + string.Join(", ", tenants), async () =>
    {
        var created = await Task.WhenAll(tenants.Select(tenant => client.CreateAsync(tenant)));
        return string.Join("; ", created.Select(instance => $"{instance.TenantId}: {instance.Status}, schema {instance.GetCredential("schema")}"));
    });

    foreach (var tenant in tenants)
    {
        await Step($"get {tenant}", async () =>
        {
            var instance = await client.GetAsync(tenant);
            return instance is null ? "not found" : $"{instance.Status} (host {instance.GetCredential("host")})";
        });
    }

    await Step("getAll", async () =>
    {
        var all = await client.GetAllAsync();
        return $"{all.Count} instance(s): " + string.Join(", ", all.Select(instance => $"{instance.TenantId} {instance.Status}"));
    });

    foreach (var tenant in tenants)
    {
        await Step($"delete {tenant}", async () =>
        {
            await client.DeleteAsync(tenant);
            return "deleted";
        });
    }

    await Step("get " + tenants[0] + " after delete", async () => (await client.GetAsync(tenants[0])) is null ? "not found, as expected" : "still there!");
}
finally
{
    await host.StopAsync();
}

static async Task Step(string name, Func<Task<string>> action)
{
    var watch = Stopwatch.StartNew();
    var result = await action();
    Console.WriteLine($"{name,-45} {watch.Elapsed.TotalMilliseconds,10:0.000} ms  {result}");
}
