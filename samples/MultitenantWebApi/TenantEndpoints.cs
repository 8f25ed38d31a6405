using InstanceManager;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MultitenantWebApi;

/// <summary>The sample's HTTP endpoints.</summary>
public static class TenantEndpoints
{
    /// <summary>Maps the tenant endpoints.</summary>
    public static IEndpointRouteBuilder MapTenantEndpoints(this IEndpointRouteBuilder app)
    {
        // Onboarding: creates the tenant's instance and waits until it is usable.
        app.MapPut("/tenants/{id}", async Task<Results<Created<TenantView>, ProblemHttpResult>> (string id, IInstanceManagerClient client, CancellationToken cancellationToken) =>
        {
            if (!TenantView.IsValidId(id))
            {
                return InvalidTenant(id);
            }

            try
            {
                var instance = await client.CreateAsync(id, cancellationToken: cancellationToken);
                return TypedResults.Created($"/tenants/{Uri.EscapeDataString(id)}", TenantView.From(instance));
            }
            catch (InstanceManagerException error) when (error.StatusCode == StatusCodes.Status409Conflict)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Tenant already onboarded", detail: $"Tenant '{id}' already has an instance.");
            }
        });

        // Offboarding: deletes the tenant's instance.
        app.MapDelete("/tenants/{id}", async Task<Results<NoContent, ProblemHttpResult>> (string id, IInstanceManagerClient client, CancellationToken cancellationToken) =>
        {
            if (!TenantView.IsValidId(id))
            {
                return InvalidTenant(id);
            }

            try
            {
                await client.DeleteAsync(id, cancellationToken);
                return TypedResults.NoContent();
            }
            catch (InstanceManagerException error) when (error.StatusCode == StatusCodes.Status404NotFound)
            {
                return UnknownTenant(id);
            }
        });

        // All tenants with their status.
        app.MapGet("/tenants", async (IInstanceManagerClient client, CancellationToken cancellationToken) =>
            TypedResults.Ok((await client.GetAllAsync(cancellationToken)).Select(TenantView.From)));

        // A tenant-scoped endpoint: the tenant comes from the X-Tenant-Id header.
        app.MapGet("/connection", async Task<Results<Ok<TenantView>, ProblemHttpResult>> (HttpRequest request, IInstanceManagerClient client, CancellationToken cancellationToken) =>
        {
            var id = request.Headers["X-Tenant-Id"].ToString();
            if (!TenantView.IsValidId(id))
            {
                return InvalidTenant(id);
            }

            var instance = await client.GetAsync(id, cancellationToken);
            return instance is null ? UnknownTenant(id) : TypedResults.Ok(TenantView.From(instance));
        });

        return app;
    }

    private static ProblemHttpResult InvalidTenant(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid tenant id", detail: $"'{id}' is not a valid tenant id: use 1 to 64 letters, digits, '-', '_' or '.'.");

    private static ProblemHttpResult UnknownTenant(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown tenant", detail: $"Tenant '{id}' has no instance.");
}
