namespace InstanceManager.Emulator;

/// <summary>An offering of the emulated Service Manager's catalog, with its plans.</summary>
public sealed class EmulatedServiceOffering
{
    /// <summary>The offering's catalog name (also its name), for example <c>hana</c>.</summary>
    public string CatalogName { get; set; } = string.Empty;

    /// <summary>The offering's tags, for example <c>hana</c>, <c>database</c>, <c>relational</c>.</summary>
    public IList<string> Tags { get; set; } = [];

    /// <summary>The catalog names (also the names) of the offering's plans, for example <c>hdi-shared</c>.</summary>
    public IList<string> Plans { get; set; } = [];
}
