// A multitenant minimal API: tenant onboarding/offboarding, a tenant list, a tenant-scoped endpoint whose tenant
// comes from the X-Tenant-Id header, and subscription callbacks that answer at once and finish in the background. Uses the bound service when there is one, else the embedded emulator;
// "--mode service-manager" or "--mode migration" chooses the Service Manager or both.
using InstanceManager.Samples;
using MultitenantWebApi;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddProblemDetails();

// The credentials of the bound service, or of the embedded emulator when nothing is bound.
await using var backend = await SampleBackend.FindOrStartAsync(builder.Configuration["mode"]);

// The registration: the client, with the binding's credentials object as it is. An application bound to the service
// writes builder.Services.AddInstanceManagerFromBinding(), which finds the same credentials.
builder.Services.AddInstanceManager(backend.Credentials);
builder.Services.AddSubscriptionCallbacks();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapTenantEndpoints();
app.MapSubscriptionCallbacks();

await app.RunAsync();

/// <summary>The entry point, visible to tests.</summary>
public partial class Program;
