using System.Text.Json;

namespace InstanceManager.Configuration.Bindings;

/// <summary>
/// Reads bindings mounted under <c>SERVICE_BINDING_ROOT</c> (servicebinding.io): one directory per binding, one file
/// per property. A directory without a <c>type</c> file is not a binding. <c>type</c> and <c>provider</c> are metadata;
/// with the SAP BTP operator's <c>.metadata</c> file only its credential properties are credentials, else every other
/// file is a text credential.
/// </summary>
/// <remarks>Problems are reported as <see cref="InvalidDataException"/> or <see cref="IOException"/>, never quoting file content.</remarks>
internal static class KubernetesBindingReader
{
    public const string RootVariable = "SERVICE_BINDING_ROOT";

    public static BindingSource Read(string root)
    {
        if (!Directory.Exists(root))
        {
            throw new InvalidDataException($"{RootVariable} names '{root}', which is not a directory.");
        }

        var bindings = new List<DiscoveredBinding>();
        foreach (var directory in BindingDirectory.Subdirectories(root))
        {
            var files = BindingDirectory.Files(directory);
            if (!files.ContainsKey("type"))
            {
                continue;
            }

            var name = Path.GetFileName(directory);
            bindings.Add(new DiscoveredBinding
            {
                Name = name,
                Label = ReadMetadata(files, "label") ?? ReadMetadata(files, "type"),
                Plan = ReadMetadata(files, "plan"),
                Tags = ReadTags(files),
                WriteCredentials = writer => WriteCredentials(writer, name, files),
            });
        }

        return new BindingSource($"{RootVariable} ({root})", bindings);
    }

    private static string? ReadMetadata(SortedDictionary<string, string> files, string key) =>
        files.TryGetValue(key, out var path) && BindingDirectory.Read(path).Trim() is { Length: > 0 } value ? value : null;

    private static List<string> ReadTags(SortedDictionary<string, string> files)
    {
        var text = ReadMetadata(files, "tags");
        if (text is null)
        {
            return [];
        }

        if (text.StartsWith('['))
        {
            try
            {
                using var document = JsonDocument.Parse(text);
                return [.. document.RootElement.EnumerateArray().Where(tag => tag.ValueKind == JsonValueKind.String).Select(tag => tag.GetString()!)];
            }
            catch (JsonException)
            {
                // Not a JSON array after all: read it as a comma-separated list below.
            }
        }

        return [.. text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
    }

    private static void WriteCredentials(Utf8JsonWriter writer, string binding, SortedDictionary<string, string> files)
    {
        writer.WriteStartObject();
        if (files.TryGetValue(BindingDirectory.MetadataFile, out var metadataPath))
        {
            foreach (var property in ReadMetadataFile(metadataPath, binding).CredentialProperties ?? [])
            {
                WriteDescribedCredential(writer, binding, files, property);
            }
        }
        else
        {
            foreach (var (key, path) in files)
            {
                if (key is not ("type" or "provider"))
                {
                    writer.WriteString(key, BindingDirectory.Read(path));
                }
            }
        }

        writer.WriteEndObject();
    }

    private static BindingMetadata ReadMetadataFile(string path, string binding)
    {
        try
        {
            return JsonSerializer.Deserialize(BindingDirectory.Read(path), BindingMetadataJsonContext.Default.BindingMetadata)
                ?? throw new InvalidDataException($"The binding '{binding}' has a {BindingDirectory.MetadataFile} file that is empty (null).");
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"The binding '{binding}' has a {BindingDirectory.MetadataFile} file that is not valid JSON of the expected shape (line {exception.LineNumber + 1}).");
        }
    }

    private static void WriteDescribedCredential(Utf8JsonWriter writer, string binding, SortedDictionary<string, string> files, BindingMetadataProperty property)
    {
        if (string.IsNullOrEmpty(property.Name))
        {
            throw new InvalidDataException($"The binding '{binding}' has a {BindingDirectory.MetadataFile} file with a credential property without a name.");
        }

        if (!files.TryGetValue(property.Name, out var path))
        {
            throw new InvalidDataException($"The binding '{binding}' lists the credential '{property.Name}' in {BindingDirectory.MetadataFile}, but it has no such file.");
        }

        var content = BindingDirectory.Read(path);
        if (property.Format is null || property.Format.Equals("text", StringComparison.OrdinalIgnoreCase))
        {
            writer.WriteString(property.Name, content);
        }
        else if (property.Format.Equals("json", StringComparison.OrdinalIgnoreCase))
        {
            WriteJsonCredential(writer, binding, property.Name, content, property.Container);
        }
        else
        {
            throw new InvalidDataException($"The binding '{binding}' gives the credential '{property.Name}' the unknown format '{property.Format}' (expected 'text' or 'json').");
        }
    }

    private static void WriteJsonCredential(Utf8JsonWriter writer, string binding, string key, string content, bool container)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(content);
        }
        catch (JsonException)
        {
            throw new InvalidDataException($"The credential '{key}' of the binding '{binding}' has the format 'json' but is not valid JSON.");
        }

        using (document)
        {
            if (!container)
            {
                writer.WritePropertyName(key);
                document.RootElement.WriteTo(writer);
                return;
            }

            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"The credential '{key}' of the binding '{binding}' is a container but not a JSON object.");
            }

            foreach (var member in document.RootElement.EnumerateObject())
            {
                member.WriteTo(writer);
            }
        }
    }
}
