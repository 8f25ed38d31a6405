using System.Text.Json;

namespace InstanceManager.Configuration.Bindings;

/// <summary>
/// Reads the legacy SAP Kubernetes layout <c>&lt;root&gt;/&lt;label&gt;/&lt;instance-name&gt;/&lt;key&gt;</c>, one file
/// per credential key; a value that is a JSON object is nested under its key, any other value is text.
/// </summary>
internal static class LegacySecretsReader
{
    public const string DefaultRoot = "/etc/secrets/sapcp";

    /// <summary>The bindings under <paramref name="root"/>, or <see langword="null"/> when it does not exist.</summary>
    public static BindingSource? Read(string root)
    {
        if (!Directory.Exists(root))
        {
            return null;
        }

        var bindings = new List<DiscoveredBinding>();
        foreach (var labelDirectory in BindingDirectory.Subdirectories(root))
        {
            foreach (var instanceDirectory in BindingDirectory.Subdirectories(labelDirectory))
            {
                var files = BindingDirectory.Files(instanceDirectory);
                files.Remove(BindingDirectory.MetadataFile);
                bindings.Add(new DiscoveredBinding
                {
                    Name = Path.GetFileName(instanceDirectory),
                    Label = Path.GetFileName(labelDirectory),
                    WriteCredentials = writer => WriteCredentials(writer, files),
                });
            }
        }

        return new BindingSource(root, bindings);
    }

    private static void WriteCredentials(Utf8JsonWriter writer, SortedDictionary<string, string> files)
    {
        writer.WriteStartObject();
        foreach (var (key, path) in files)
        {
            var content = BindingDirectory.Read(path);
            if (ParseObject(content) is { } document)
            {
                using (document)
                {
                    writer.WritePropertyName(key);
                    document.RootElement.WriteTo(writer);
                }
            }
            else
            {
                writer.WriteString(key, content);
            }
        }

        writer.WriteEndObject();
    }

    /// <summary>The file's content as a JSON object if it is one (it then begins with a brace); else <see langword="null"/>, and the text is the value.</summary>
    private static JsonDocument? ParseObject(string content)
    {
        if (!content.TrimStart().StartsWith('{'))
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(content);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
