using System.Text.Json.Nodes;

namespace InstanceManager.Tests.Bindings;

/// <summary>Builds <c>VCAP_SERVICES</c> documents.</summary>
public static class VcapJson
{
    public static JsonObject Binding(string name, string label, string? plan, string[] tags, JsonObject credentials)
    {
        var binding = new JsonObject
        {
            ["name"] = name,
            ["label"] = label,
            ["tags"] = new JsonArray([.. tags.Select(tag => (JsonNode)tag)]),
            ["credentials"] = credentials,
        };
        if (plan is not null)
        {
            binding["plan"] = plan;
        }

        return binding;
    }

    public static JsonObject ImCredentials(string user) =>
        new([.. BindingEnvironment.ImCredentials(user).Select(pair => KeyValuePair.Create(pair.Key, (JsonNode?)pair.Value))]);

    /// <summary>A document with the given bindings grouped by label.</summary>
    public static string Document(params JsonObject[] bindings)
    {
        var document = new JsonObject();
        foreach (var binding in bindings)
        {
            var label = (string)binding["label"]!;
            if (document[label] is not JsonArray array)
            {
                array = [];
                document[label] = array;
            }

            array.Add(binding);
        }

        return document.ToJsonString();
    }

    /// <summary>One managed-hana binding (tenant-containers), a service manager (sm) and a user-provided service (my-ups).</summary>
    public static string Typical() => Document(
        Binding("tenant-containers", "managed-hana", "hdi-shared", ["managed-hana", "xsa-instancemanager"], ImCredentials("hdi-user")),
        Binding("sm", "service-manager", "container", [], new JsonObject { ["clientid"] = "sb-1", ["clientsecret"] = BindingEnvironment.Password }),
        Binding("my-ups", "user-provided", null, [], ImCredentials("ups-user")));
}
