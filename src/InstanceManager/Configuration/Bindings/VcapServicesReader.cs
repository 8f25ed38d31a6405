using System.Text.Json;

namespace InstanceManager.Configuration.Bindings;

/// <summary>Reads the Cloud Foundry <c>VCAP_SERVICES</c> document: labels mapped to arrays of bound instances.</summary>
/// <remarks>Problems are reported as <see cref="InvalidDataException"/> with a message that never quotes the content.</remarks>
internal static class VcapServicesReader
{
    public static BindingSource Read(string json, string sourceDescription)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true });
        }
        catch (JsonException exception)
        {
            // The parser's message can quote a character of the input, which may belong to a secret: only the
            // position is reported and the parser's exception is not kept.
            throw new InvalidDataException(
                $"{sourceDescription} is not valid JSON (line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1}).");
        }

        using (document)
        {
            return new BindingSource(sourceDescription, ReadBindings(document.RootElement, sourceDescription));
        }
    }

    private static List<DiscoveredBinding> ReadBindings(JsonElement root, string source)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Malformed(source, "the document is not a JSON object mapping service labels to arrays of bindings");
        }

        var bindings = new List<DiscoveredBinding>();
        foreach (var service in root.EnumerateObject())
        {
            if (service.Value.ValueKind != JsonValueKind.Array)
            {
                throw Malformed(source, $"the value of '{service.Name}' is not an array of bindings");
            }

            var index = 0;
            foreach (var entry in service.Value.EnumerateArray())
            {
                bindings.Add(ReadBinding(entry, service.Name, $"'{service.Name}'[{index}]", source));
                index++;
            }
        }

        return bindings;
    }

    private static DiscoveredBinding ReadBinding(JsonElement entry, string serviceLabel, string path, string source)
    {
        if (entry.ValueKind != JsonValueKind.Object)
        {
            throw Malformed(source, $"{path} is not a JSON object");
        }

        var credentials = entry.TryGetProperty("credentials", out var value) && value.ValueKind != JsonValueKind.Null
            ? value.Clone()
            : default;
        if (credentials.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Object))
        {
            throw Malformed(source, $"{path}.credentials is not a JSON object");
        }

        return new DiscoveredBinding
        {
            Name = Text(entry, "name") ?? $"(unnamed {path})",
            Label = Text(entry, "label") ?? serviceLabel,
            Plan = Text(entry, "plan"),
            Tags = Tags(entry),
            WriteCredentials = writer =>
            {
                if (credentials.ValueKind == JsonValueKind.Object)
                {
                    credentials.WriteTo(writer);
                }
                else
                {
                    writer.WriteStartObject();
                    writer.WriteEndObject();
                }
            },
        };
    }

    private static string? Text(JsonElement entry, string property) =>
        entry.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static List<string> Tags(JsonElement entry)
    {
        var tags = new List<string>();
        if (entry.TryGetProperty("tags", out var value) && value.ValueKind == JsonValueKind.Array)
        {
            foreach (var tag in value.EnumerateArray())
            {
                if (tag.ValueKind == JsonValueKind.String)
                {
                    tags.Add(tag.GetString()!);
                }
            }
        }

        return tags;
    }

    private static InvalidDataException Malformed(string source, string problem) =>
        new($"{source} does not have the expected shape: {problem}.");
}
