using System.Text.Json;
using InstanceManager.Backends.ServiceManager.Models;
using InstanceManager.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InstanceManager.Backends.ServiceManager;

/// <summary>
/// Resolves the configured offering (<c>service</c>) and plan (<c>plan</c>) catalog names to the plan id and the
/// offering's tags, once: the first call asks the Service Manager, later calls reuse the answer. A failed resolution
/// is not remembered, so the next call tries again.
/// </summary>
internal sealed class ServicePlanResolver : IDisposable
{
    private readonly ServiceManagerHttpClient _http;
    private readonly ServiceManagerOptions _options;
    private readonly ILogger<ServicePlanResolver> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ResolvedPlan? _resolved;

    public ServicePlanResolver(ServiceManagerHttpClient http, IOptions<InstanceManagerOptions> options, ILogger<ServicePlanResolver> logger)
    {
        _http = http;
        _options = options.Value.ServiceManager ?? throw new InvalidOperationException("The Service Manager credentials are not configured.");
        _logger = logger;
    }

    public async ValueTask<ResolvedPlan> ResolveAsync(string operation, string? tenantId, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _resolved) is { } resolved)
        {
            return resolved;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_resolved is { } raced)
            {
                return raced;
            }

            var offerings = await _http.ListAllAsync(
                ServiceManagerHttpClient.Offerings,
                ServiceManagerQuery.Equal(("catalog_name", _options.Service)),
                labelQuery: null,
                ServiceManagerJsonContext.Default.ServiceManagerPageServiceOffering,
                operation,
                tenantId,
                cancellationToken).ConfigureAwait(false);
            if (offerings.Count != 1)
            {
                throw NotExactlyOne(operation, tenantId, $"offering with catalog name '{_options.Service}' (credential key 'service')", offerings.Count);
            }

            var offering = offerings[0];
            var plans = await _http.ListAllAsync(
                ServiceManagerHttpClient.Plans,
                ServiceManagerQuery.Equal(("catalog_name", _options.Plan), ("service_offering_id", offering.Id)),
                labelQuery: null,
                ServiceManagerJsonContext.Default.ServiceManagerPageServicePlan,
                operation,
                tenantId,
                cancellationToken).ConfigureAwait(false);
            if (plans.Count != 1)
            {
                throw NotExactlyOne(operation, tenantId, $"plan with catalog name '{_options.Plan}' (credential key 'plan') in offering '{_options.Service}'", plans.Count);
            }

            var plan = new ResolvedPlan(plans[0].Id, _options.Service, _options.Plan, offering.Tags is { ValueKind: JsonValueKind.Array } tags ? tags : null);
            Log.PlanResolved(_logger, _options.Service, _options.Plan, plan.PlanId);
            Volatile.Write(ref _resolved, plan);
            return plan;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private static InstanceManagerException NotExactlyOne(string operation, string? tenantId, string what, int count) =>
        new(
            count == 0
                ? $"{ServiceErrors.Subject(operation, tenantId)} failed: the Service Manager has no {what}."
                : $"{ServiceErrors.Subject(operation, tenantId)} failed: the Service Manager has {count} entries for the {what}; exactly one is needed.",
            operation,
            tenantId,
            statusCode: null);
}

/// <summary>The plan whose instances are managed, and what the managed instances report about it.</summary>
internal sealed record ResolvedPlan(string PlanId, string Service, string Plan, JsonElement? OfferingTags);
