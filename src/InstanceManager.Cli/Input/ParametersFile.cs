using System.Text.Json;
using System.Text.Json.Nodes;

namespace InstanceManager.Cli.Input;

/// <summary>
/// The <see cref="InstanceParameters"/> of <c>create --parameters</c>, in the shape the official clients take:
/// <c>{"provisioning_parameters": {…}, "binding_parameters": {…}}</c>, each optional.
/// </summary>
internal static class ParametersFile
{
    public const string ProvisioningParameters = "provisioning_parameters";
    public const string BindingParameters = "binding_parameters";

    /// <exception cref="UsageException">The file does not exist, is not JSON, or does not have that shape.</exception>
    public static async Task<InstanceParameters> ReadAsync(string path, CancellationToken cancellationToken)
    {
        JsonNode? document;
        try
        {
            await using var stream = File.OpenRead(path);
            document = await JsonNode.ParseAsync(stream, cancellationToken: cancellationToken);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new UsageException($"The parameters file '{path}' does not exist.", exception);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"The parameters file '{path}' cannot be read: {exception.Message}", exception);
        }
        catch (JsonException exception)
        {
            throw new UsageException($"The parameters file '{path}' is not valid JSON: {exception.Message}", exception);
        }

        if (document is not JsonObject root)
        {
            throw new UsageException($"The parameters file '{path}' must hold a JSON object with {ProvisioningParameters} and/or {BindingParameters}.");
        }

        foreach (var (name, _) in root)
        {
            if (name is not (ProvisioningParameters or BindingParameters))
            {
                throw new UsageException($"The parameters file '{path}' has the unknown key '{name}': only {ProvisioningParameters} and {BindingParameters} are allowed.");
            }
        }

        return new InstanceParameters
        {
            ProvisioningParameters = ObjectOrNull(root, ProvisioningParameters, path),
            BindingParameters = ObjectOrNull(root, BindingParameters, path),
        };
    }

    private static JsonObject? ObjectOrNull(JsonObject root, string name, string path) => root[name] switch
    {
        null => null,
        JsonObject value => (JsonObject)value.DeepClone(),
        _ => throw new UsageException($"The parameters file '{path}': {name} must be a JSON object."),
    };
}
