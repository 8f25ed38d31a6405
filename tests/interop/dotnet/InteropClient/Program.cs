// The .NET side of the Service Manager interoperability check (tests/interop/node/run-sm.sh):
//   InteropClient create|get|delete <tenant>   or   InteropClient getall
// Reads the service-manager binding from VCAP_SERVICES, runs one call of IInstanceManagerClient and prints one JSON
// line. Credential values are not printed, only a digest of them, so that both clients' results can be compared.
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using InstanceManager;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

if (args is not ([("create" or "get" or "delete"), _] or ["getall"]))
{
    Console.Error.WriteLine("usage: InteropClient create|get|delete <tenant> | getall");
    return 2;
}

var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddInstanceManagerFromBinding(new ServiceBindingQuery { Label = "service-manager" });
using var host = builder.Build();
await host.StartAsync();
var client = host.Services.GetRequiredService<IInstanceManagerClient>();

try
{
    JsonObject result = args[0] switch
    {
        "create" => Describe(await client.CreateAsync(args[1], new InstanceParameters { ProvisioningParameters = new JsonObject { ["from"] = "dotnet" } })),
        "get" => Describe(await client.GetAsync(args[1])),
        "delete" => await DeleteAsync(args[1]),
        _ => new JsonObject { ["instances"] = new JsonArray([.. (await client.GetAllAsync()).Select(instance => (JsonNode)Describe(instance))]) },
    };
    result["command"] = args[0];
    Console.WriteLine(result.ToJsonString());
    return 0;
}
catch (InstanceManagerException exception)
{
    Console.WriteLine(new JsonObject { ["command"] = args[0], ["error"] = exception.Message, ["status"] = exception.StatusCode }.ToJsonString());
    return 1;
}
finally
{
    await host.StopAsync();
}

async Task<JsonObject> DeleteAsync(string tenant)
{
    await client.DeleteAsync(tenant);
    return new JsonObject { ["deleted"] = tenant };
}

static JsonObject Describe(ManagedInstance? instance)
{
    if (instance is null)
    {
        return new JsonObject { ["found"] = false };
    }

    var json = new JsonObject
    {
        ["found"] = true,
        ["tenant_id"] = instance.TenantId,
        ["status"] = WireName(instance.Status),
        ["schema"] = instance.GetCredential("schema"),
        ["credentials_digest"] = Digest(instance.Credentials),
    };
    foreach (var (key, value) in instance.AdditionalProperties)
    {
        json[key] = JsonNode.Parse(value.GetRawText());
    }

    return json;
}

// The status as both clients spell it on the wire: CreationSucceeded → CREATION_SUCCEEDED.
static string WireName(InstanceStatus status) =>
    string.Concat(status.ToString().Select((c, index) => index > 0 && char.IsUpper(c) ? "_" + c : char.ToUpperInvariant(c).ToString()));

// The same digest as sm-interop.js: SHA-256 over "key=value\n" for every credential, keys in ordinal order.
static string? Digest(JsonElement? credentials)
{
    if (credentials is not { ValueKind: JsonValueKind.Object } values)
    {
        return null;
    }

    var text = new StringBuilder();
    foreach (var property in values.EnumerateObject().OrderBy(property => property.Name, StringComparer.Ordinal))
    {
        text.Append(property.Name).Append('=').Append(property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : property.Value.GetRawText()).Append('\n');
    }

    return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
}
