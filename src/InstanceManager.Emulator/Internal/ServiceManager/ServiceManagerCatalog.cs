using System.Security.Cryptography;
using System.Text;

namespace InstanceManager.Emulator.Internal.ServiceManager;

/// <summary>The offerings and plans of <see cref="ServiceManagerEmulatorOptions.Catalog"/>, with ids derived from their catalog names.</summary>
internal sealed class ServiceManagerCatalog
{
    /// <summary>When the catalog "was registered": a fixed moment, so that its answers never change.</summary>
    public static readonly DateTimeOffset RegisteredAt = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public ServiceManagerCatalog(IEnumerable<EmulatedServiceOffering> offerings)
    {
        foreach (var offering in offerings)
        {
            var entry = new Offering(StableId("offering", offering.CatalogName), offering.CatalogName, [.. offering.Tags]);
            Offerings.Add(entry);
            foreach (var plan in offering.Plans)
            {
                Plans.Add(new Plan(StableId("plan", offering.CatalogName + "/" + plan), plan, entry.Id));
            }
        }
    }

    public List<Offering> Offerings { get; } = [];

    public List<Plan> Plans { get; } = [];

    public Plan? FindPlan(string id) => Plans.Find(plan => plan.Id == id);

    /// <summary>A GUID-shaped id that depends only on the name.</summary>
    internal static string StableId(string kind, string name)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes($"service-manager-emulator:{kind}:{name}"));
        return new Guid(digest.AsSpan(0, 16)).ToString();
    }

    internal sealed record Offering(string Id, string CatalogName, List<string> Tags);

    internal sealed record Plan(string Id, string CatalogName, string OfferingId);
}
