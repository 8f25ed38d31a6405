namespace InstanceManager.Serialization;

/// <summary>
/// A parsed list whose elements its instances keep as their JSON: the whole document stays alive as long as any of
/// them does.
/// </summary>
/// <param name="instances">How many instances the list holds.</param>
internal sealed class ListDocument(int instances)
{
    public int Instances { get; } = instances;
}
