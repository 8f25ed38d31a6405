using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;

namespace InstanceManager.Emulator.Internal.ServiceManager;

/// <summary>
/// Forwards the operations on instances and bindings of brokered plans to their broker, as the Service Manager does,
/// and ends each Service Manager operation with the broker's outcome: provision (<c>PUT</c>), bind (<c>PUT</c>),
/// unbind and deprovision (<c>DELETE</c>), each followed by polling <c>last_operation</c> when the broker answers 202
/// (waiting <c>Retry-After</c> when the broker sends it, else <see cref="ServiceManagerEmulatorOptions.BrokerPollingInterval"/>,
/// on the emulator's clock). Every broker error (a 4xx or 5xx, a <c>failed</c> state, no answer, polling beyond the
/// plan's <c>maximum_polling_duration</c> or <see cref="ServiceManagerEmulatorOptions.BrokerPollingTimeout"/>) fails the
/// operation with a <c>BrokerError</c> that carries the broker's description.
/// </summary>
internal sealed class BrokerForwarder(ServiceManagerStore store, BrokerClient client, ServiceManagerEmulatorOptions settings, TimeProvider clock, CancellationToken stopping)
{
    private readonly ConcurrentDictionary<string, Task> _running = new(StringComparer.Ordinal);

    /// <summary>Starts forwarding the operation (once: a repeated request for the same operation gets the same task).</summary>
    /// <returns>A task that ends when the operation has ended (it never faults).</returns>
    public Task Start(ServiceManagerResource resource, ServiceManagerOperation operation) =>
        _running.GetOrAdd(operation.Id, operationId => Task.Run(
            async () =>
            {
                try
                {
                    await RunAsync(resource, operation).ConfigureAwait(false);
                }
                finally
                {
                    _running.TryRemove(operationId, out Task? _);
                }
            },
            CancellationToken.None));

    private async Task RunAsync(ServiceManagerResource resource, ServiceManagerOperation operation)
    {
        Outcome outcome;
        try
        {
            outcome = await ForwardAsync(resource, operation).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The emulator is stopping; a restart with the same data directory fails the operation.
            return;
        }
#pragma warning disable CA1031 // Whatever went wrong, the operation must end rather than stay in progress.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            outcome = Outcome.Failed($"The {operation.Type} could not be forwarded to the service broker ({exception.GetType().Name}).");
        }

        store.Complete(operation.Id, outcome.Failure, outcome.Credentials);
    }

    private async Task<Outcome> ForwardAsync(ServiceManagerResource resource, ServiceManagerOperation operation)
    {
        var instance = resource.ResourceType == ServiceManagerResource.Instances ? resource : store.Get(ServiceManagerResource.Instances, resource.ServiceInstanceId!)?.Resource;
        var catalog = store.Catalog;
        var plan = instance is null ? null : catalog.FindPlan(instance.ServicePlanId!);
        var offering = plan is null ? null : catalog.FindOffering(plan.OfferingId);
        var broker = resource.BrokerId is null ? null : store.FindBroker(resource.BrokerId);
        if (instance is null || plan is null || offering is null || broker is null)
        {
            return Outcome.Failed("The service broker, plan or instance of this operation is no longer registered.");
        }

        var call = new Call(broker, offering, plan, instance, resource, operation);
        return (resource.ResourceType, operation.Type) switch
        {
            (ServiceManagerResource.Instances, ServiceManagerOperation.Create) => await ProvisionAsync(call).ConfigureAwait(false),
            (ServiceManagerResource.Instances, _) => await DeleteAsync(call, "deprovision", $"/v2/service_instances/{Uri.EscapeDataString(instance.Id)}", acceptsIncomplete: true).ConfigureAwait(false),
            (_, ServiceManagerOperation.Create) => await BindAsync(call).ConfigureAwait(false),
            _ => await DeleteAsync(call, "unbind", BindingPath(call), call.BindingsRetrievable).ConfigureAwait(false),
        };
    }

    private async Task<Outcome> ProvisionAsync(Call call)
    {
        var body = new JsonObject
        {
            ["service_id"] = call.Offering.CatalogId,
            ["plan_id"] = call.Plan.CatalogId,
            ["organization_guid"] = "-",
            ["space_guid"] = "-",
            ["context"] = Context(call.Instance),
        };
        if (call.Instance.Parameters is { } parameters)
        {
            body["parameters"] = JsonNode.Parse(parameters);
        }

        var path = $"/v2/service_instances/{Uri.EscapeDataString(call.Instance.Id)}";
        var response = await client.SendAsync(call.Broker, HttpMethod.Put, path + "?accepts_incomplete=true", body, stopping).ConfigureAwait(false);
        return response.Status switch
        {
            200 or 201 when response.Body is JsonObject => Outcome.Succeeded(),
            202 when response.Body is JsonObject accepted => await PollAsync(call, "provision", path, Text(accepted, "operation"), response.RetryAfter, deleting: false, binding: false).ConfigureAwait(false),
            _ => Outcome.Failed(Describe(call, "provision", response)),
        };
    }

    private async Task<Outcome> BindAsync(Call call)
    {
        var body = new JsonObject
        {
            ["service_id"] = call.Offering.CatalogId,
            ["plan_id"] = call.Plan.CatalogId,
            ["context"] = Context(call.Instance),
        };
        if (call.Resource.Parameters is { } parameters)
        {
            body["parameters"] = JsonNode.Parse(parameters);
        }

        var path = BindingPath(call);
        var response = await client.SendAsync(call.Broker, HttpMethod.Put, path + (call.BindingsRetrievable ? "?accepts_incomplete=true" : ""), body, stopping).ConfigureAwait(false);
        switch (response.Status)
        {
            case 200 or 201 when response.Body is JsonObject bound:
                return Outcome.Succeeded(CredentialsOf(bound));
            case 202 when response.Body is JsonObject accepted:
                var polled = await PollAsync(call, "bind", path, Text(accepted, "operation"), response.RetryAfter, deleting: false, binding: true).ConfigureAwait(false);
                if (polled.Failure is not null)
                {
                    return polled;
                }

                var fetched = await client.SendAsync(call.Broker, HttpMethod.Get, path, null, stopping).ConfigureAwait(false);
                return fetched.Status == 200 && fetched.Body is JsonObject binding
                    ? Outcome.Succeeded(CredentialsOf(binding))
                    : Outcome.Failed(Describe(call, "fetch of the binding", fetched));
            default:
                return Outcome.Failed(Describe(call, "bind", response));
        }
    }

    private async Task<Outcome> DeleteAsync(Call call, string what, string path, bool acceptsIncomplete)
    {
        var query = $"?service_id={Uri.EscapeDataString(call.Offering.CatalogId)}&plan_id={Uri.EscapeDataString(call.Plan.CatalogId)}" + (acceptsIncomplete ? "&accepts_incomplete=true" : "");
        var response = await client.SendAsync(call.Broker, HttpMethod.Delete, path + query, null, stopping).ConfigureAwait(false);
        return response.Status switch
        {
            200 or 410 => Outcome.Succeeded(),
            202 when response.Body is JsonObject accepted => await PollAsync(call, what, path, Text(accepted, "operation"), response.RetryAfter, deleting: true, binding: call.Resource.ResourceType == ServiceManagerResource.Bindings).ConfigureAwait(false),
            _ => Outcome.Failed(Describe(call, what, response)),
        };
    }

    /// <summary>Polls <c>last_operation</c> until the broker's operation ends, fails, or polling takes too long.</summary>
    private async Task<Outcome> PollAsync(Call call, string what, string path, string? brokerOperation, TimeSpan? retryAfter, bool deleting, bool binding)
    {
        var limit = call.Plan.Copied?["maximum_polling_duration"] is JsonValue seconds && seconds.TryGetValue<int>(out var maximum) && maximum > 0
            ? TimeSpan.FromSeconds(maximum)
            : settings.BrokerPollingTimeout;
        var deadline = clock.GetUtcNow() + limit;
        var query = $"/last_operation?service_id={Uri.EscapeDataString(call.Offering.CatalogId)}&plan_id={Uri.EscapeDataString(call.Plan.CatalogId)}"
            + (brokerOperation is null ? "" : "&operation=" + Uri.EscapeDataString(brokerOperation));
        var wait = retryAfter ?? settings.BrokerPollingInterval;
        while (true)
        {
            // Never wait past the deadline, whatever Retry-After says.
            var delay = TimeSpan.FromTicks(Math.Clamp(wait.Ticks, 0, Math.Max(0, (deadline - clock.GetUtcNow()).Ticks)));
            await Task.Delay(delay, clock, stopping).ConfigureAwait(false);
            if (clock.GetUtcNow() >= deadline)
            {
                return Outcome.Failed($"Service broker '{call.Broker.Name}' did not finish the {what} within {limit.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s.");
            }

            var response = await client.SendAsync(call.Broker, HttpMethod.Get, path + query, null, stopping).ConfigureAwait(false);
            wait = response.RetryAfter ?? settings.BrokerPollingInterval;
            if (response.Status == 200 && response.Body is JsonObject state)
            {
                switch (Text(state, "state"))
                {
                    case ServiceManagerOperation.Succeeded:
                        return Outcome.Succeeded();
                    case ServiceManagerOperation.Failed:
                        return Outcome.Failed($"Service broker '{call.Broker.Name}' reports the {what} failed: {Text(state, "description") ?? "(no description)"}");
                    default:
                        continue;
                }
            }

            if (response.Status == 410)
            {
                return deleting ? Outcome.Succeeded() : Outcome.Failed($"Service broker '{call.Broker.Name}' answered 410 Gone while the {what} was polled.");
            }

            // As the Service Manager: instance polling outlasts transient answers; binding polling does not.
            if (binding)
            {
                return Outcome.Failed(Describe(call, $"last_operation of the {what}", response));
            }
        }
    }

    private static string Describe(Call call, string what, BrokerResponse response) => response.Status switch
    {
        0 => $"Service broker '{call.Broker.Name}' failed the {what}: {response.Text}.",
        >= 200 and < 300 => $"Service broker '{call.Broker.Name}' answered the {what} with {response.Status.ToString(CultureInfo.InvariantCulture)} and a body that is not a JSON object: {response.Detail}",
        _ => $"Service broker '{call.Broker.Name}' failed the {what} with status {response.Status.ToString(CultureInfo.InvariantCulture)}: {response.Detail}",
    };

    /// <summary>The OSB context the Service Manager sends: its platform, the instance's name and the instance's tenant label.</summary>
    private static JsonObject Context(ServiceManagerResource instance)
    {
        var context = new JsonObject { ["platform"] = ServiceManagerJson.PlatformId, ["instance_name"] = instance.Name };
        if (instance.TenantLabel is { } tenant)
        {
            context["tenant_id"] = tenant;
        }

        return context;
    }

    private static string BindingPath(Call call) =>
        $"/v2/service_instances/{Uri.EscapeDataString(call.Instance.Id)}/service_bindings/{Uri.EscapeDataString(call.Resource.Id)}";

    private static string CredentialsOf(JsonObject binding) => binding["credentials"] is JsonObject credentials ? credentials.ToJsonString() : "{}";

    private static string? Text(JsonObject json, string key) =>
        json[key] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;

    private sealed record Call(ServiceBrokerRecord Broker, ServiceManagerCatalog.Offering Offering, ServiceManagerCatalog.Plan Plan, ServiceManagerResource Instance, ServiceManagerResource Resource, ServiceManagerOperation Operation)
    {
        /// <summary>As the Service Manager: bindings are asynchronous (<c>accepts_incomplete</c>) only when the offering's bindings are retrievable.</summary>
        public bool BindingsRetrievable => Offering.Copied?["bindings_retrievable"] is JsonValue value && value.TryGetValue<bool>(out var retrievable) && retrievable;
    }

    private sealed record Outcome(string? Failure, string? Credentials)
    {
        public static Outcome Succeeded(string? credentials = null) => new(null, credentials);

        public static Outcome Failed(string failure) => new(failure, null);
    }
}
