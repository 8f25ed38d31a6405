using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

// Longer than this codebase's usual 250 lines on purpose: the route table of the emulated Service Manager, one small
// handler per endpoint, kept in one file so that it reads as the API's reference in the order of its specification.

namespace InstanceManager.Emulator.Internal.ServiceManager;

/// <summary>
/// The Service Manager REST API under <c>/v1</c>: the read-only catalog (<c>service_offerings</c>,
/// <c>service_plans</c>), and <c>service_instances</c> and <c>service_bindings</c> with asynchronous creates and
/// deletes whose operations are polled at the path the <c>Location</c> header names. Every request needs a bearer
/// token from <c>/oauth/token</c>.
/// </summary>
/// <remarks>
/// Without <c>async=true</c> a create or delete completes at once: 201 with the resource, or 200 <c>{}</c> for a
/// delete; an injected failure then answers 502 with the operation's error. The request log names the tenant of the
/// <c>tenant_id</c> label of the body or of the resource, or of a <c>tenant_id eq</c> criterion of a list's query.
/// </remarks>
internal static class ServiceManagerApi
{
    public const string PathPrefix = "/v1";

    public const string Brokers = "service_brokers";

    private static readonly string[] Resources = [Brokers, "service_offerings", "service_plans", ServiceManagerResource.Instances, ServiceManagerResource.Bindings];

    public static async Task HandleAsync(HttpContext context, EmulatorRuntime runtime)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "";
        var correlationId = CorrelationIds.Apply(context, withVcapRequestId: false);
        var failures = runtime.Failures;
        if (failures.Latency > TimeSpan.Zero)
        {
            await Task.Delay(failures.Latency, runtime.Store.Clock, context.RequestAborted);
        }

        var request = new Request(context, runtime, failures);
        var status = await request.AnswerAsync();
        runtime.Record(new EmulatorRequest(context.Request.Method, raw, request.TenantId, status, correlationId));
    }

    private sealed class Request(HttpContext context, EmulatorRuntime runtime, EmulatorFailures failures)
    {
        private ServiceManagerStore Store => runtime.ServiceManager;

        public string? TenantId { get; private set; }

        public async Task<int> AnswerAsync()
        {
            if (runtime.Reject(failures) is { } rejection)
            {
                rejection.WriteRetryAfter(context.Response);
                return await JsonResponse.ErrorAsync(context, rejection.Status, rejection.RateLimited ? Rejection.TooManyRequests : "InjectedFailure", rejection.Description);
            }

            if (Unauthorized() is { } problem)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
                return await JsonResponse.ErrorAsync(context, 401, "Unauthorized", problem);
            }

            var segments = (context.Request.Path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
            if (segments.Length == 0 || !Resources.Contains(segments[0]))
            {
                return await JsonResponse.ErrorAsync(context, 404, "NotFound", "No such resource in the Service Manager API v1.");
            }

            var resource = segments[0];
            var method = context.Request.Method;
            var writable = resource is ServiceManagerResource.Instances or ServiceManagerResource.Bindings;
            return segments switch
            {
                [Brokers] when HttpMethods.IsPost(method) => await RegisterBrokerAsync(),
                [Brokers, var id] when HttpMethods.IsDelete(method) => await DeleteBrokerAsync(id),
                [_] when HttpMethods.IsGet(method) => await ListAsync(resource),
                [_] when HttpMethods.IsPost(method) && writable => await CreateAsync(resource),
                [_, var id] when HttpMethods.IsGet(method) => await GetAsync(resource, id),
                [_, var id] when HttpMethods.IsDelete(method) && writable => await DeleteAsync(resource, id),
                [_, var id, "operations", var operationId] when HttpMethods.IsGet(method) && writable => await OperationAsync(resource, id, operationId),
                [_, var id, "parameters"] when HttpMethods.IsGet(method) && writable => await ParametersAsync(resource, id),
                [_] or [_, _] => await JsonResponse.ErrorAsync(context, 405, "MethodNotAllowed", $"{method} is not supported on {resource}."),
                _ => await JsonResponse.ErrorAsync(context, 404, "NotFound", "No such resource in the Service Manager API v1."),
            };
        }

        private string? Unauthorized()
        {
            if (!AuthenticationHeaderValue.TryParse(context.Request.Headers.Authorization, out var header)
                || !string.Equals(header.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase)
                || string.IsNullOrEmpty(header.Parameter))
            {
                return "A bearer token is required (Authorization: Bearer <token> from /oauth/token).";
            }

            return runtime.Tokens.Check(header.Parameter) switch
            {
                TokenCheck.Valid => null,
                TokenCheck.Expired => "The access token has expired.",
                _ => "The access token is not valid.",
            };
        }

        private async Task<int> ListAsync(string resource)
        {
            IReadOnlyList<QueryCriterion> fields;
            IReadOnlyList<QueryCriterion> labels;
            try
            {
                fields = QueryFilter.Parse(context.Request.Query["fieldQuery"], "fieldQuery");
                labels = QueryFilter.Parse(context.Request.Query["labelQuery"], "labelQuery");
            }
            catch (FormatException exception)
            {
                return await JsonResponse.ErrorAsync(context, 400, "BadRequest", exception.Message);
            }

            if (fields.FirstOrDefault(criterion => !ServiceManagerListing.Fields[resource].Contains(criterion.Key)) is { } unsupported)
            {
                return await JsonResponse.ErrorAsync(context, 400, "BadRequest", $"fieldQuery: unsupported field '{unsupported.Key}' for {resource} (supported: {string.Join(", ", ServiceManagerListing.Fields[resource])}).");
            }

            TenantId = fields.Concat(labels).FirstOrDefault(criterion => criterion is { Key: "tenant_id", Operator: QueryFilter.Equal })?.Values[0];
            var matching = ServiceManagerListing.Candidates(resource, Store).Where(candidate => candidate.Matches(fields, labels)).Select(candidate => (candidate.Sequence, candidate.Render)).ToList();
            var (page, problem) = ServiceManagerPaging.Page(matching, context.Request.Query["max_items"], context.Request.Query["token"], runtime.Options.ServiceManager.PageSize);
            return page is null
                ? await JsonResponse.ErrorAsync(context, 400, "BadRequest", problem!)
                : await JsonResponse.WriteAsync(context, 200, page);
        }

        private async Task<int> GetAsync(string resource, string id)
        {
            JsonObject? found = resource switch
            {
                "service_offerings" => Store.Catalog.Offerings.Find(offering => offering.Id == id) is { } offering ? ServiceManagerJson.Offering(offering) : null,
                "service_plans" => Store.Catalog.FindPlan(id) is { } plan ? ServiceManagerJson.Plan(plan) : null,
                Brokers => Store.FindBroker(id) is { } broker ? ServiceManagerJson.Broker(broker) : null,
                _ => Store.Get(resource, id) is { } view ? Tenant(ServiceManagerJson.Resource(view), view.Resource.TenantLabel) : null,
            };
            return found is null
                ? await JsonResponse.ErrorAsync(context, 404, "NotFound", $"could not find such {resource}: {id}")
                : await JsonResponse.WriteAsync(context, 200, found);
        }

        private async Task<int> OperationAsync(string resource, string id, string operationId)
        {
            if (Store.GetOperation(resource, id, operationId) is not { } operation)
            {
                return await JsonResponse.ErrorAsync(context, 404, "NotFound", $"could not find such operation: {operationId}");
            }

            TenantId = operation.TenantLabel;
            return await JsonResponse.WriteAsync(context, 200, ServiceManagerJson.Operation(operation, Store.Clock.GetUtcNow()));
        }

        private async Task<int> ParametersAsync(string resource, string id)
        {
            var (parameters, found) = Store.GetParameters(resource, id);
            return found
                ? await JsonResponse.WriteAsync(context, 200, parameters is null ? new JsonObject() : JsonNode.Parse(parameters)!)
                : await JsonResponse.ErrorAsync(context, 404, "NotFound", $"could not find such {resource}: {id}");
        }

        private async Task<int> CreateAsync(string resource)
        {
            var body = await ReadBodyAsync(resource == ServiceManagerResource.Instances ? "service_plan_id" : "service_instance_id");
            if (body.Problem is { } problem)
            {
                return await JsonResponse.ErrorAsync(context, 400, "BadRequest", problem);
            }

            TenantId = body.Labels.TryGetValue("tenant_id", out var tenants) && tenants.Count > 0 ? tenants[0] : null;
            var synchronous = !IsAsync();
            var result = resource == ServiceManagerResource.Instances
                ? Store.CreateInstance(body.Name!, body.Reference!, body.Labels, body.Parameters, failures, synchronous)
                : Store.CreateBinding(body.Name!, body.Reference!, body.Labels, body.Parameters, failures, synchronous);
            if (result.Outcome != ServiceManagerOutcome.Started)
            {
                return await RefusedAsync(result);
            }

            var (operation, view) = await ForwardAsync(resource, result, synchronous);
            if (!synchronous)
            {
                return Accepted(resource, operation);
            }

            return operation.StateAt(view.Now) == ServiceManagerOperation.Succeeded
                ? await JsonResponse.WriteAsync(context, 201, ServiceManagerJson.Resource(view))
                : await JsonResponse.ErrorAsync(context, 502, operation.Error!, operation.ErrorDescription!);
        }

        private async Task<int> DeleteAsync(string resource, string id)
        {
            var synchronous = !IsAsync();
            var result = Store.Delete(resource, id, failures, synchronous);
            TenantId = result.View?.Resource.TenantLabel;
            if (result.Outcome != ServiceManagerOutcome.Started)
            {
                return await RefusedAsync(result);
            }

            var (operation, view) = await ForwardAsync(resource, result, synchronous);
            return operation.StateAt(view.Now) switch
            {
                ServiceManagerOperation.InProgress => Accepted(resource, operation),
                ServiceManagerOperation.Succeeded => await JsonResponse.WriteAsync(context, 200, new JsonObject()),
                _ => await JsonResponse.ErrorAsync(context, 502, operation.Error!, operation.ErrorDescription!),
            };
        }

        /// <summary>
        /// Forwards an operation of a brokered plan to its broker; without <c>async=true</c> waits until it ended (as the
        /// Service Manager does with <c>async=false</c>). Returns the operation and the resource as they are then.
        /// </summary>
        private async Task<(ServiceManagerOperation Operation, ServiceManagerView View)> ForwardAsync(string resource, ServiceManagerResult result, bool synchronous)
        {
            var operation = result.Operation!;
            var view = result.View!;
            if (!operation.AwaitsBroker)
            {
                return (operation, view);
            }

            var forwarding = runtime.Forwarder.Start(view.Resource, operation);
            if (!synchronous)
            {
                return (operation, view);
            }

            await forwarding;
            var ended = Store.GetOperation(resource, operation.ResourceId, operation.Id) ?? operation;
            var now = Store.Clock.GetUtcNow();
            return (ended, Store.Get(resource, operation.ResourceId) ?? view with { LastOperation = ended, Now = now });
        }

        private async Task<int> RegisterBrokerAsync()
        {
            if (!(context.Request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) ?? false))
            {
                return await JsonResponse.ErrorAsync(context, 415, "UnsupportedMediaType", "The body must be application/json.");
            }

            JsonNode? body;
            try
            {
                body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            }
            catch (JsonException)
            {
                return await JsonResponse.ErrorAsync(context, 400, "BadRequest", "The body is not valid JSON.");
            }

            var (status, answer) = await ServiceBrokerRegistration.RegisterAsync(runtime, body, context.RequestAborted);
            return await JsonResponse.WriteAsync(context, status, answer);
        }

        private async Task<int> DeleteBrokerAsync(string id)
        {
            var result = Store.DeleteBroker(id);
            return result.Outcome switch
            {
                ServiceManagerOutcome.Started => await JsonResponse.WriteAsync(context, 200, new JsonObject()),
                ServiceManagerOutcome.NotFound => await JsonResponse.ErrorAsync(context, 404, "NotFound", result.Description!),
                _ => await JsonResponse.ErrorAsync(context, 409, "ExistingReferenceEntity", result.Description!),
            };
        }

        /// <summary>202 with the operation's path (not an absolute URL: the official client prefixes <c>sm_url</c>).</summary>
        private int Accepted(string resource, ServiceManagerOperation operation)
        {
            context.Response.StatusCode = 202;
            context.Response.Headers.Location = $"{PathPrefix}/{resource}/{operation.ResourceId}/operations/{operation.Id}";
            return 202;
        }

        private Task<int> RefusedAsync(ServiceManagerResult result) => result.Outcome switch
        {
            ServiceManagerOutcome.NotFound => JsonResponse.ErrorAsync(context, 404, "NotFound", result.Description!),
            ServiceManagerOutcome.Conflict => JsonResponse.ErrorAsync(context, 409, "Conflict", result.Description!),
            ServiceManagerOutcome.NotReady => JsonResponse.ErrorAsync(context, 422, "UnprocessableEntity", result.Description!),
            _ => JsonResponse.ErrorAsync(context, 422, "ConcurrentOperationInProgress", result.Description!),
        };

        private bool IsAsync() => string.Equals(context.Request.Query["async"], "true", StringComparison.OrdinalIgnoreCase);

        private JsonObject Tenant(JsonObject json, string? tenantId)
        {
            TenantId = tenantId;
            return json;
        }

        private async Task<CreateBody> ReadBodyAsync(string reference)
        {
            JsonNode? node;
            try
            {
                node = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            }
            catch (JsonException)
            {
                return CreateBody.Invalid("The body is not valid JSON.");
            }

            if (node is not JsonObject body)
            {
                return CreateBody.Invalid("The body must be a JSON object.");
            }

            if (Text(body, "name") is not { Length: > 0 } name)
            {
                return CreateBody.Invalid("'name' is required and must be a non-empty string.");
            }

            if (Text(body, reference) is not { Length: > 0 } target)
            {
                return CreateBody.Invalid($"'{reference}' is required and must be a non-empty string.");
            }

            var labels = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            if (body["labels"] is JsonObject labelObject)
            {
                foreach (var (key, values) in labelObject)
                {
                    if (key.Length == 0 || values is not JsonArray array || array.Any(value => value?.GetValueKind() != JsonValueKind.String))
                    {
                        return CreateBody.Invalid($"The label '{key}' must be a non-empty key with an array of strings.");
                    }

                    labels[key] = [.. array.Select(value => value!.GetValue<string>())];
                }
            }
            else if (body["labels"] is not null)
            {
                return CreateBody.Invalid("'labels' must be an object of arrays of strings.");
            }

            return body["parameters"] switch
            {
                null => new CreateBody(name, target, labels, null, null),
                JsonObject parameters => new CreateBody(name, target, labels, parameters.ToJsonString(), null),
                _ => CreateBody.Invalid("'parameters' must be a JSON object."),
            };
        }

        private static string? Text(JsonObject body, string name) =>
            body[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
    }

    private sealed record CreateBody(string? Name, string? Reference, Dictionary<string, List<string>> Labels, string? Parameters, string? Problem)
    {
        public static CreateBody Invalid(string problem) => new(null, null, new(StringComparer.Ordinal), null, problem);
    }
}
