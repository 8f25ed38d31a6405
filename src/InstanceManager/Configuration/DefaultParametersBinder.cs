using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;

namespace InstanceManager.Configuration;

/// <summary>
/// Reads <c>default_parameters</c>: either a JSON object as one value (as a binding's credentials or an environment
/// variable carry it, keeping numbers and booleans) or a configuration section, whose leaves are strings.
/// </summary>
internal static class DefaultParametersBinder
{
    public static InstanceParameters? Read(IConfigurationSection section, List<string> errors)
    {
        if (section.Value is { } json)
        {
            return FromJson(json, errors);
        }

        if (!section.Exists())
        {
            return null;
        }

        var provisioning = ToJson(section.GetSection(ConfigurationKeys.ProvisioningParameters));
        var binding = ToJson(section.GetSection(ConfigurationKeys.BindingParameters));
        foreach (var child in section.GetChildren())
        {
            if (child.Key is not (ConfigurationKeys.ProvisioningParameters or ConfigurationKeys.BindingParameters))
            {
                errors.Add($"'{ConfigurationKeys.DefaultParameters}' may hold only '{ConfigurationKeys.ProvisioningParameters}' and '{ConfigurationKeys.BindingParameters}' (found '{child.Key}').");
            }
        }

        return new InstanceParameters { ProvisioningParameters = provisioning, BindingParameters = binding };
    }

    private static InstanceParameters? FromJson(string json, List<string> errors)
    {
        try
        {
            if (JsonNode.Parse(json) is JsonObject root
                && (root[ConfigurationKeys.ProvisioningParameters] is null or JsonObject)
                && (root[ConfigurationKeys.BindingParameters] is null or JsonObject)
                && root.All(property => property.Key is ConfigurationKeys.ProvisioningParameters or ConfigurationKeys.BindingParameters))
            {
                return new InstanceParameters
                {
                    ProvisioningParameters = root[ConfigurationKeys.ProvisioningParameters]?.DeepClone().AsObject(),
                    BindingParameters = root[ConfigurationKeys.BindingParameters]?.DeepClone().AsObject(),
                };
            }
        }
        catch (JsonException)
        {
        }

        errors.Add($"'{ConfigurationKeys.DefaultParameters}' must be an object with '{ConfigurationKeys.ProvisioningParameters}' and/or '{ConfigurationKeys.BindingParameters}' objects.");
        return null;
    }

    private static JsonObject? ToJson(IConfigurationSection section)
    {
        if (!section.Exists())
        {
            return null;
        }

        var result = new JsonObject();
        foreach (var child in section.GetChildren())
        {
            result[child.Key] = child.Value is { } value ? JsonValue.Create(value) : ToJson(child);
        }

        return result;
    }
}
