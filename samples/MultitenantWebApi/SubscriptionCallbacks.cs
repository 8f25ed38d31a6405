using System.Threading.Channels;
using InstanceManager;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MultitenantWebApi;

/// <summary>
/// The subscription callbacks of a SaaS application, which must answer within the caller's deadline: onboarding
/// answers 202 at once with a status URL and completes in the background; the status URL is stateless (the
/// operation's id is all it holds), so it works on every replica and after a restart; offboarding tolerates a tenant
/// whose instance is already gone.
/// </summary>
public static class SubscriptionCallbacks
{
    private const string Prefix = "/callback/v1.0";

    /// <summary>Registers the background completion of onboardings.</summary>
    public static IServiceCollection AddSubscriptionCallbacks(this IServiceCollection services)
    {
        services.AddSingleton(Channel.CreateUnbounded<string>());
        services.AddHostedService<OnboardingWorker>();
        return services;
    }

    /// <summary>Maps <c>PUT</c>/<c>DELETE /callback/v1.0/tenants/{tenantId}</c> and <c>GET /callback/v1.0/operations/{id}</c>.</summary>
    public static IEndpointRouteBuilder MapSubscriptionCallbacks(this IEndpointRouteBuilder app)
    {
        app.MapPut(Prefix + "/tenants/{tenantId}", async Task<Results<Accepted<OperationView>, Ok<TenantView>, ProblemHttpResult>> (string tenantId, IInstanceManagerClient client, Channel<string> onboardings, CancellationToken cancellationToken) =>
        {
            if (!TenantView.IsValidId(tenantId))
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid tenant id", detail: $"'{tenantId}' is not a valid tenant id.");
            }

            try
            {
                var operation = await client.StartCreateAsync(tenantId, cancellationToken: cancellationToken);
                await onboardings.Writer.WriteAsync(operation.Id, cancellationToken);
                return TypedResults.Accepted(StatusUrl(operation.Id), OperationView.From(operation));
            }
            catch (InstanceManagerException error) when (error.StatusCode == StatusCodes.Status409Conflict)
            {
                // A repeated callback (a retry, a re-subscription): report the onboarding already under way or done.
                var existing = client.ResumeOperation("create:" + tenantId);
                try
                {
                    return await existing.UpdateStatusAsync(cancellationToken)
                        ? TypedResults.Ok(TenantView.From(existing.Value))
                        : TypedResults.Accepted(StatusUrl(existing.Id), OperationView.From(existing));
                }
                catch (InstanceManagerException)
                {
                    return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Tenant cannot be onboarded", detail: error.Message);
                }
            }
        });

        app.MapGet(Prefix + "/operations/{id}", async Task<Results<Ok<OperationView>, ProblemHttpResult>> (string id, IInstanceManagerClient client, CancellationToken cancellationToken) =>
        {
            InstanceOperation operation;
            try
            {
                operation = client.ResumeOperation(id);
            }
            catch (ArgumentException error)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not an operation", detail: error.Message);
            }

            try
            {
                await operation.UpdateStatusAsync(cancellationToken);
                return TypedResults.Ok(OperationView.From(operation));
            }
            catch (InstanceManagerException error) when (operation.HasCompleted)
            {
                return TypedResults.Ok(OperationView.Failed(operation, error));
            }
        });

        app.MapDelete(Prefix + "/tenants/{tenantId}", async Task<Results<Ok<OffboardingView>, ProblemHttpResult>> (string tenantId, IInstanceManagerClient client, CancellationToken cancellationToken) =>
        {
            if (!TenantView.IsValidId(tenantId))
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid tenant id", detail: $"'{tenantId}' is not a valid tenant id.");
            }

            return TypedResults.Ok(new OffboardingView(tenantId, await client.DeleteIfExistsAsync(tenantId, cancellationToken)));
        });

        return app;
    }

    private static string StatusUrl(string operationId) => $"{Prefix}/operations/{Uri.EscapeDataString(operationId)}";
}

/// <summary>An onboarding or offboarding as the status URL shows it: <c>in progress</c>, <c>succeeded</c> or <c>failed</c>.</summary>
public sealed record OperationView(string Id, string TenantId, string Status, TenantView? Tenant, string? Error)
{
    /// <summary>The operation's state as of its last look at the service.</summary>
    public static OperationView From(InstanceOperation operation) =>
        new(operation.Id, operation.TenantId, operation.HasCompleted ? "succeeded" : "in progress", operation.HasValue ? TenantView.From(operation.Value) : null, null);

    /// <summary>An operation that ended in failure.</summary>
    public static OperationView Failed(InstanceOperation operation, InstanceManagerException error) =>
        new(operation.Id, operation.TenantId, "failed", null, error.Message);
}

/// <summary>The outcome of an offboarding: whether there was an instance to delete.</summary>
public sealed record OffboardingView(string TenantId, bool Deleted);

/// <summary>Waits for each accepted onboarding to end (with the Service Manager, that creates the binding) and logs the outcome.</summary>
internal sealed partial class OnboardingWorker(Channel<string> onboardings, IInstanceManagerClient client, ILogger<OnboardingWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var id in onboardings.Reader.ReadAllAsync(stoppingToken))
        {
            _ = CompleteAsync(id, stoppingToken);
        }
    }

    private async Task CompleteAsync(string id, CancellationToken stoppingToken)
    {
        try
        {
            await client.ResumeOperation(id).WaitForCompletionAsync(stoppingToken);
            Onboarded(logger, id);
        }
        catch (InstanceManagerException error)
        {
            // The status URL reports it too; a timeout leaves the operation running in the service, to be resumed.
            OnboardingFailed(logger, id, error.Message);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Onboarding {OperationId} completed.")]
    private static partial void Onboarded(ILogger logger, string operationId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Onboarding {OperationId} failed: {Reason}")]
    private static partial void OnboardingFailed(ILogger logger, string operationId, string reason);
}
