// A multitenant minimal API: tenant onboarding/offboarding, a tenant list, and a tenant-scoped endpoint whose
// tenant comes from the X-Tenant-Id header. Uses the bound service when there is one, else the embedded emulator;
// "--mode service-manager" or "--mode migration" chooses the Service Manager or both.
using InstanceManager.Samples;
using MultitenantWebApi;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddProblemDetails();

var emulator = await SampleBackend.AddInstanceManagerAsync(builder.Services, builder.Configuration["mode"]);

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
