using InstanceManager.Backends;

namespace InstanceManager.Reconciliation;

/// <summary>Reads a desired set: ids normalized as every call normalizes them, duplicates once, invalid ids set apart with the reason.</summary>
internal static class DesiredTenants
{
    public static (IReadOnlyCollection<string> Desired, List<ReconciliationFailure> Rejected) Read(IEnumerable<string> tenants, IInstanceBackend backend)
    {
        var desired = new HashSet<string>(StringComparer.Ordinal);
        var rejected = new List<ReconciliationFailure>();
        var seenRejected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var given in tenants)
        {
            try
            {
                var tenant = TenantIds.Normalize(given!);
                backend.ValidateTenantId(tenant);
                desired.Add(tenant);
            }
            catch (ArgumentException exception)
            {
                var shown = given ?? "(null)";
                if (seenRejected.Add(shown))
                {
                    rejected.Add(new ReconciliationFailure(shown, $"invalid tenant id: {FirstLine(exception.Message)}"));
                }
            }
        }

        return (desired, rejected);
    }

    /// <summary>An <see cref="ArgumentException"/>'s message without the " (Parameter '…')" it appends.</summary>
    private static string FirstLine(string message)
    {
        var parameter = message.LastIndexOf(" (Parameter '", StringComparison.Ordinal);
        return (parameter > 0 ? message[..parameter] : message).ReplaceLineEndings(" ");
    }
}
