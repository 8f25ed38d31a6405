using System.Buffers;
using System.Text.Json;
using InstanceManager.Serialization;

namespace InstanceManager.Redis.Coordination;

/// <summary>Instances as the service sends them (the same JSON, unknown fields included), before encryption.</summary>
internal static class InstanceCodec
{
    public static byte[] Encode(ManagedInstance instance) =>
        JsonSerializer.SerializeToUtf8Bytes(instance, InstanceManagerJsonContext.Default.ManagedInstance);

    public static ManagedInstance Decode(byte[] json) =>
        JsonSerializer.Deserialize(json, InstanceManagerJsonContext.Default.ManagedInstance)
        ?? throw new JsonException("An instance entry holds null.");

    public static byte[] EncodeList(IReadOnlyList<ManagedInstance> instances)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var instance in instances)
            {
                JsonSerializer.Serialize(writer, instance, InstanceManagerJsonContext.Default.ManagedInstance);
            }

            writer.WriteEndArray();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static IReadOnlyList<ManagedInstance> DecodeList(byte[] json)
    {
        // As the backends do: one document, whose elements the instances keep.
        var document = JsonDocument.Parse(json);
        var instances = new List<ManagedInstance>(document.RootElement.GetArrayLength());
        var list = new ListDocument(instances.Capacity);
        foreach (var element in document.RootElement.EnumerateArray())
        {
            instances.Add(ManagedInstanceConverter.FromElement(element, list));
        }

        return instances;
    }
}
