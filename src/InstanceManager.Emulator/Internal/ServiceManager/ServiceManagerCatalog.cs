using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace InstanceManager.Emulator.Internal.ServiceManager;

/// <summary>
/// The offerings and plans of the Service Manager: the built-in ones of <see cref="ServiceManagerEmulatorOptions.Catalog"/>
/// (ids derived from their catalog names) and those of registered brokers (ids of the Service Manager's own, catalog ids
/// the broker's). Immutable: registering or deleting a broker makes a new catalog.
/// </summary>
internal sealed class ServiceManagerCatalog
{
    /// <summary>When the built-in catalog "was registered": a fixed moment, so that its answers never change.</summary>
    public static readonly DateTimeOffset RegisteredAt = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The broker id of the built-in offerings: the emulator's own broker.</summary>
    public static readonly string EmulatorBrokerId = StableId("broker", "emulator");

    public ServiceManagerCatalog(IEnumerable<EmulatedServiceOffering> offerings)
    {
        foreach (var offering in offerings)
        {
            var id = StableId("offering", offering.CatalogName);
            Offerings.Add(new Offering(id, id, offering.CatalogName, [.. offering.Tags], EmulatorBrokerId, null, RegisteredAt));
            foreach (var plan in offering.Plans)
            {
                var planId = StableId("plan", offering.CatalogName + "/" + plan);
                Plans.Add(new Plan(planId, planId, plan, id, EmulatorBrokerId, null, RegisteredAt));
            }
        }
    }

    private ServiceManagerCatalog(List<Offering> offerings, List<Plan> plans)
    {
        Offerings = offerings;
        Plans = plans;
    }

    /// <summary>Read only: a catalog is never changed once built.</summary>
    public List<Offering> Offerings { get; } = [];

    /// <summary>Read only: a catalog is never changed once built.</summary>
    public List<Plan> Plans { get; } = [];

    public Plan? FindPlan(string id) => Plans.Find(plan => plan.Id == id);

    public Offering? FindOffering(string id) => Offerings.Find(offering => offering.Id == id);

    /// <summary>This catalog with the offerings and plans of a broker added.</summary>
    public ServiceManagerCatalog With(IEnumerable<Offering> offerings, IEnumerable<Plan> plans) => new([.. Offerings, .. offerings], [.. Plans, .. plans]);

    /// <summary>A GUID-shaped id that depends only on the name.</summary>
    internal static string StableId(string kind, string name)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes($"service-manager-emulator:{kind}:{name}"));
        return new Guid(digest.AsSpan(0, 16)).ToString();
    }

    /// <summary>An offering.</summary>
    /// <param name="Id">The Service Manager's id.</param>
    /// <param name="CatalogId">The broker's id of it (for built-in offerings the same as <paramref name="Id"/>).</param>
    /// <param name="CatalogName">The broker's name of it, also its name.</param>
    /// <param name="Tags">Its tags.</param>
    /// <param name="BrokerId">The broker that offers it.</param>
    /// <param name="Copied">A brokered offering's fields copied from the broker's catalog, else <see langword="null"/>.</param>
    /// <param name="CreatedAt">When its broker was registered.</param>
    internal sealed record Offering(string Id, string CatalogId, string CatalogName, List<string> Tags, string BrokerId, JsonObject? Copied, DateTimeOffset CreatedAt)
    {
        public bool IsBrokered => Copied is not null;
    }

    /// <summary>A plan.</summary>
    /// <param name="Id">The Service Manager's id.</param>
    /// <param name="CatalogId">The broker's id of it (for built-in plans the same as <paramref name="Id"/>).</param>
    /// <param name="CatalogName">The broker's name of it, also its name.</param>
    /// <param name="OfferingId">The Service Manager's id of its offering.</param>
    /// <param name="BrokerId">The broker that offers it.</param>
    /// <param name="Copied">A brokered plan's fields copied from the broker's catalog, else <see langword="null"/>.</param>
    /// <param name="CreatedAt">When its broker was registered.</param>
    internal sealed record Plan(string Id, string CatalogId, string CatalogName, string OfferingId, string BrokerId, JsonObject? Copied, DateTimeOffset CreatedAt)
    {
        public bool IsBrokered => Copied is not null;
    }
}
