using System.Text.Json;
using InstanceManager.Backends.ServiceManagerApi.Models;
using InstanceManager.Calls;
using InstanceManager.Diagnostics;
using InstanceManager.ServiceManagement;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InstanceManager.Backends.ServiceManagerApi;

/// <summary>
/// Resolves the configured offering (<c>service</c>) and plan (<c>plan</c>) catalog names to the plan id and the
/// offering's tags, once: the first call asks the Service Manager, later calls reuse the answer. A failed resolution
/// is not remembered, so the next call tries again.
/// </summary>
internal sealed class ServicePlanResolver : IDisposable
{
    private readonly ServiceManagerClient _serviceManager;
    private readonly ServiceManagerOptions _options;
    private readonly ILogger<ServicePlanResolver> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ResolvedPlan? _resolved;

    public ServicePlanResolver(ServiceManagerClient serviceManager, IOptions<InstanceManagerOptions> options, ILogger<ServicePlanResolver> logger)
    {
        _serviceManager = serviceManager;
        _options = options.Value.ServiceManager ?? throw new InvalidOperationException("The Service Manager credentials are not configured.");
        _logger = logger;
    }

    public async ValueTask<ResolvedPlan> ResolveAsync(CallContext call, CancellationToken cancellationToken)
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

            var offerings = await _serviceManager.Offerings.ListAllAsync(
                ServiceManagerQuery.Empty.WhereField("catalog_name", _options.Service),
                call,
                cancellationToken).ConfigureAwait(false);
            if (offerings.Count != 1)
            {
                throw NotExactlyOne(call, $"offering with catalog name '{_options.Service}' (credential key 'service')", offerings.Count);
            }

            var offering = offerings[0];
            EnsureQueryable(offering.Id, "offering", call);
            var plans = await _serviceManager.Plans.ListAllAsync(
                ServiceManagerQuery.Empty.WhereField("catalog_name", _options.Plan).WhereField("service_offering_id", offering.Id),
                call,
                cancellationToken).ConfigureAwait(false);
            if (plans.Count != 1)
            {
                throw NotExactlyOne(call, $"plan with catalog name '{_options.Plan}' (credential key 'plan') in offering '{_options.Service}'", plans.Count);
            }

            EnsureQueryable(plans[0].Id, "plan", call);
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

    /// <summary>The ids go into later queries; one the grammar cannot carry is the service's fault, not the caller's.</summary>
    private static void EnsureQueryable(string id, string what, CallContext call)
    {
        if (ServiceManagerQuery.Problem(id) is { } problem)
        {
            throw ServiceErrors.Failed(call, $"the Service Manager's {what} id {problem}");
        }
    }

    private static InstanceManagerException NotExactlyOne(CallContext call, string what, int count) =>
        ServiceErrors.Failed(
            call,
            count == 0
                ? $"the Service Manager has no {what}."
                : $"the Service Manager has {count} entries for the {what}; exactly one is needed.");
}

/// <summary>The plan whose instances are managed, and what the managed instances report about it.</summary>
internal sealed record ResolvedPlan(string PlanId, string Service, string Plan, JsonElement? OfferingTags)
{
    /// <summary>
    /// What every managed instance of this plan reports besides its tenant, status and credentials, as the official
    /// client does: <c>label</c> (the offering), <c>plan</c> and <c>tags</c> (the offering's). Built once, shared.
    /// </summary>
    public IReadOnlyDictionary<string, JsonElement> InstanceProperties { get; } = new Dictionary<string, JsonElement>(StringComparer.Ordinal)
    {
        ["label"] = JsonSerializer.SerializeToElement(Service, ServiceManagerJsonContext.Default.String),
        ["plan"] = JsonSerializer.SerializeToElement(Plan, ServiceManagerJsonContext.Default.String),
        ["tags"] = OfferingTags ?? JsonSerializer.SerializeToElement(Array.Empty<string>(), ServiceManagerJsonContext.Default.StringArray),
    };
}
