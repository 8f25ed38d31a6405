// Program.cs of the web application that tests/packaging/consume.sh creates with `dotnet new web`. It registers the
// client from the InstanceManager package as a new user would, with the binding in VCAP_SERVICES, and exposes
// create, get, list and delete over HTTP.
using InstanceManager;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddInstanceManagerFromBinding();

var app = builder.Build();
app.MapPost("/tenants/{id}", async (string id, IInstanceManagerClient instances) =>
    Results.Ok(Describe(await instances.CreateAsync(id))));
app.MapGet("/tenants/{id}", async (string id, IInstanceManagerClient instances) =>
    await instances.GetAsync(id) is { } instance ? Results.Ok(Describe(instance)) : Results.NotFound());
app.MapGet("/tenants", async (IInstanceManagerClient instances) =>
    Results.Ok((await instances.GetAllAsync()).Select(Describe)));
app.MapDelete("/tenants/{id}", async (string id, IInstanceManagerClient instances) =>
{
    await instances.DeleteAsync(id);
    return Results.NoContent();
});
app.Run();

static TenantView Describe(ManagedInstance instance) => new(instance.TenantId, instance.Status.ToString());

internal sealed record TenantView(string TenantId, string Status);
