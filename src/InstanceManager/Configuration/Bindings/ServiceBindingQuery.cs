using InstanceManager.Configuration.Bindings;

namespace InstanceManager;

/// <summary>
/// Selects one service binding by instance name, label (service offering), tag and plan; every criterion that is set
/// must match. Names compare case-sensitively, labels, tags and plans case-insensitively. A criterion that is
/// <see langword="null"/> or empty is not checked.
/// </summary>
/// <remarks>
/// Without any criterion the query selects the binding labelled <c>managed-hana</c>. When <see cref="Name"/> is set
/// and <see cref="Label"/> is not, the label is not checked, so a user-provided service can be selected by its name.
/// </remarks>
public sealed class ServiceBindingQuery
{
    private const string DefaultLabel = "managed-hana";

    private string? _label;
    private bool _labelSet;

    /// <summary>The service instance's name (on Kubernetes, the binding's directory name). Default: not checked.</summary>
    public string? Name { get; set; }

    /// <summary>
    /// The service's label (on Kubernetes the <c>label</c> file, else the <c>type</c> file). Default <c>managed-hana</c>,
    /// or not checked when <see cref="Name"/> is set; set it to <see langword="null"/> to never check it.
    /// </summary>
    public string? Label
    {
        get => _labelSet ? _label : string.IsNullOrEmpty(Name) ? DefaultLabel : null;
        set
        {
            _label = value;
            _labelSet = true;
        }
    }

    /// <summary>One of the binding's tags. Default: not checked.</summary>
    public string? Tag { get; set; }

    /// <summary>The service plan, for example <c>hdi-shared</c>. Default: not checked.</summary>
    public string? Plan { get; set; }

    /// <summary>Describes the criteria, for example <c>name 'my-hana', plan 'hdi-shared'</c>.</summary>
    /// <returns>The description, or <c>any binding</c> when no criterion is set.</returns>
    public override string ToString()
    {
        var parts = new List<string>(4);
        Add(parts, "name", Name);
        Add(parts, "label", Label);
        Add(parts, "tag", Tag);
        Add(parts, "plan", Plan);
        return parts.Count == 0 ? "any binding" : string.Join(", ", parts);
    }

    internal bool Matches(DiscoveredBinding binding) =>
        (string.IsNullOrEmpty(Name) || string.Equals(Name, binding.Name, StringComparison.Ordinal))
        && (string.IsNullOrEmpty(Label) || string.Equals(Label, binding.Label, StringComparison.OrdinalIgnoreCase))
        && (string.IsNullOrEmpty(Plan) || string.Equals(Plan, binding.Plan, StringComparison.OrdinalIgnoreCase))
        && (string.IsNullOrEmpty(Tag) || binding.Tags.Contains(Tag, StringComparer.OrdinalIgnoreCase));

    private static void Add(List<string> parts, string criterion, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            parts.Add($"{criterion} '{value}'");
        }
    }
}
