using Microsoft.Extensions.Options;

namespace InstanceManager.Reconciliation;

/// <summary>The desired tenants listed in <see cref="TenantReconcilerOptions.Tenants"/>, read at each run (configuration reloads apply).</summary>
internal sealed class ConfiguredTenantSource(IOptionsMonitor<TenantReconcilerOptions> options) : ITenantSource
{
    public Task<IReadOnlyCollection<string>> GetDesiredTenantsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyCollection<string>>([.. options.CurrentValue.Tenants]);
}
