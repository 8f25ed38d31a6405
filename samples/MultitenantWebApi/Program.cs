// A multitenant minimal API: tenant onboarding/offboarding, a tenant list, and a tenant-scoped endpoint whose
// tenant comes from the X-Tenant-Id header. Uses the bound managed-hana service when there is one, else the
// embedded emulator.
using InstanceManager;
using InstanceManager.Emulator;
using MultitenantWebApi;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddProblemDetails();

InstanceManagerEmulator? emulator = null;
var credentials = ServiceBindings.FindCredentials(new ServiceBindingQuery());
if (credentials is null)
{
    emulator = await InstanceManagerEmulator.StartAsync();
    credentials = emulator.Configuration;
    Console.WriteLine($"No service binding found: using the embedded emulator at {emulator.BaseAddress}");
}

builder.Services.AddInstanceManager(credentials);

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapTenantEndpoints();
if (emulator is not null)
{
    app.Lifetime.ApplicationStopped.Register(() => emulator.DisposeAsync().AsTask().GetAwaiter().GetResult());
}

await app.RunAsync();

/// <summary>The entry point, visible to tests.</summary>
public partial class Program;
