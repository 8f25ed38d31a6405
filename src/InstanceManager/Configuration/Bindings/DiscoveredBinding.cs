using System.Text.Json;

namespace InstanceManager.Configuration.Bindings;

/// <summary>
/// One binding found in a source: what a <see cref="ServiceBindingQuery"/> matches on, and a way to write its
/// credentials as a JSON object. Credentials are only read for the binding that is selected.
/// </summary>
internal sealed class DiscoveredBinding
{
    public required string Name { get; init; }

    public string? Label { get; init; }

    public string? Plan { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Writes the credentials as one JSON object; throws <see cref="InvalidDataException"/> or <see cref="IOException"/> when they cannot be read.</summary>
    public required Action<Utf8JsonWriter> WriteCredentials { get; init; }

    /// <summary>Name, label and plan only: never credentials.</summary>
    public override string ToString()
    {
        var details = new List<string>(2);
        if (!string.IsNullOrEmpty(Label))
        {
            details.Add($"label {Label}");
        }

        if (!string.IsNullOrEmpty(Plan))
        {
            details.Add($"plan {Plan}");
        }

        return details.Count == 0 ? Name : $"{Name} ({string.Join(", ", details)})";
    }
}
