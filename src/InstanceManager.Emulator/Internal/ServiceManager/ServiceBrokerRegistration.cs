using System.Text.Json;
using System.Text.Json.Nodes;

namespace InstanceManager.Emulator.Internal.ServiceManager;

/// <summary>
/// Registers a broker as <c>POST /v1/service_brokers</c> does (shared by that endpoint, the admin API and the options):
/// validates the body, fetches <c>&lt;broker_url&gt;/v2/catalog</c> with the registered credentials, and on success
/// publishes the broker's offerings and plans. Nothing is registered when any step fails. The answers follow the
/// Service Manager: 400 for an invalid body or catalog or a catalog answered with another status than 200, 409 for a
/// taken name, 502 <c>ServiceBrokerErr</c> for an unreachable broker, 504 when it does not answer in time.
/// </summary>
internal static class ServiceBrokerRegistration
{
    public static async Task<(int Status, JsonObject Body)> RegisterAsync(EmulatorRuntime runtime, JsonNode? node, CancellationToken cancellationToken)
    {
        if (node is not JsonObject body)
        {
            return Error(400, "BadRequest", "The body must be a JSON object.");
        }

        if (Text(body, "name") is not { Length: <= 255 } name)
        {
            return Error(400, "BadRequest", "'name' is required: a string of 1 to 255 characters.");
        }

        if (Text(body, "broker_url") is not { } url || !Uri.TryCreate(url, UriKind.Absolute, out var brokerUrl) || (brokerUrl.Scheme != Uri.UriSchemeHttp && brokerUrl.Scheme != Uri.UriSchemeHttps))
        {
            return Error(400, "BadRequest", "'broker_url' is required: an absolute http or https URL.");
        }

        if (body["credentials"] is not JsonObject credentials)
        {
            return Error(400, "BadRequest", "'credentials' is required: {\"basic\": {\"username\", \"password\"}}.");
        }

        if (credentials["basic"] is not JsonObject basic || Text(basic, "username") is not { } username || Text(basic, "password") is not { } password)
        {
            return Error(400, "BadRequest", credentials["tls"] is not null
                ? "The emulator supports basic credentials only: 'credentials.basic.username' and 'credentials.basic.password'."
                : "'credentials.basic.username' and 'credentials.basic.password' are required.");
        }

        var labels = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (body["labels"] is JsonObject labelObject)
        {
            foreach (var (key, values) in labelObject)
            {
                if (values is not JsonArray array || array.Any(value => value?.GetValueKind() != JsonValueKind.String))
                {
                    return Error(400, "BadRequest", $"The label '{key}' must be an array of strings.");
                }

                labels[key] = [.. array.Select(value => value!.GetValue<string>())];
            }
        }

        var store = runtime.ServiceManager;
        if (store.FindBrokerByName(name) is not null)
        {
            return Error(409, "Conflict", $"found conflicting service_broker: a broker named '{name}' exists already");
        }

        var baseUrl = brokerUrl.AbsoluteUri.TrimEnd('/');
        var catalog = await runtime.BrokerClient.CatalogAsync(baseUrl, username, password, cancellationToken);
        if (catalog.Status == 0)
        {
            return catalog.TimedOut
                ? Error(504, "ServiceBrokerErr", $"Could not fetch the catalog of broker '{name}': {catalog.Text}.")
                : Error(502, "ServiceBrokerErr", $"Could not fetch the catalog of broker '{name}': {catalog.Text}.");
        }

        if (catalog.Status != 200)
        {
            return Error(400, "BadRequest", $"Fetching the catalog of broker '{name}' answered {catalog.Status}: {catalog.Detail}");
        }

        var now = store.Clock.GetUtcNow();
        var record = new ServiceBrokerRecord
        {
            Id = Guid.NewGuid().ToString(),
            Name = name,
            Description = Text(body, "description"),
            BrokerUrl = baseUrl,
            Username = username,
            Password = password,
            Labels = labels,
            CreatedAt = now,
            Catalog = catalog.Body?.ToJsonString() ?? catalog.Text,
            Sequence = store.NextSequence(),
        };
        var result = store.RegisterBroker(record);
        if (result.Outcome == ServiceManagerOutcome.Conflict)
        {
            return Error(409, "Conflict", result.Description!);
        }

        if (result.Outcome != ServiceManagerOutcome.Started)
        {
            return Error(400, "BadRequest", $"The catalog of broker '{name}' is not valid: {result.Description}");
        }

        // As the Service Manager: only this answer echoes the credentials; GET and lists never return them.
        var answer = ServiceManagerJson.Broker(record);
        answer["credentials"] = new JsonObject { ["basic"] = new JsonObject { ["username"] = username, ["password"] = password } };
        answer["last_operation"] = new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["type"] = ServiceManagerOperation.Create,
            ["state"] = ServiceManagerOperation.Succeeded,
            ["resource_id"] = record.Id,
            ["resource_type"] = "/v1/service_brokers",
            ["created_at"] = ServiceManagerJson.Timestamp(now),
            ["updated_at"] = ServiceManagerJson.Timestamp(now),
        };
        return (201, answer);
    }

    /// <summary>Registers the brokers of the options that are not registered yet (by name: a data directory may hold them already).</summary>
    /// <exception cref="InvalidOperationException">A broker could not be registered; the message says why (never with its password).</exception>
    public static async Task RegisterConfiguredAsync(EmulatorRuntime runtime, CancellationToken cancellationToken)
    {
        foreach (var broker in runtime.Options.ServiceManager.Brokers)
        {
            if (runtime.ServiceManager.FindBrokerByName(broker.Name) is not null)
            {
                continue;
            }

            var (status, answer) = await RegisterAsync(runtime, Body(broker), cancellationToken);
            if (status != 201)
            {
                throw new InvalidOperationException($"The broker '{broker.Name}' could not be registered ({status}): {answer["description"]}");
            }
        }
    }

    public static JsonObject Body(EmulatedServiceBroker broker) => new()
    {
        ["name"] = broker.Name,
        ["broker_url"] = broker.Url?.AbsoluteUri,
        ["credentials"] = new JsonObject { ["basic"] = new JsonObject { ["username"] = broker.Username, ["password"] = broker.Password } },
    };

    private static (int, JsonObject) Error(int status, string error, string description) =>
        (status, new JsonObject { ["error"] = error, ["description"] = description });

    private static string? Text(JsonObject json, string key) =>
        json[key] is JsonValue value && value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() is { Length: > 0 } text ? text : null;
}
