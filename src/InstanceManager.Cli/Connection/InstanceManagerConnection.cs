using InstanceManager.Configuration.Bindings;
using InstanceManager.Emulator;
using InstanceManager.Reconciliation;
using Microsoft.Extensions.DependencyInjection;

namespace InstanceManager.Cli.Connection;

/// <summary>
/// The client (and the reconciler) built with dependency injection from the credentials of a service binding, found
/// exactly as <c>AddInstanceManagerFromBinding</c> finds them, or of the embedded emulator with <c>--emulator</c>.
/// </summary>
internal sealed class InstanceManagerConnection : IAsyncDisposable
{
    private const string VcapServicesVariable = "VCAP_SERVICES";

    private readonly ServiceProvider _services;
    private readonly InstanceManagerEmulator? _emulator;

    private InstanceManagerConnection(ServiceProvider services, InstanceManagerEmulator? emulator)
    {
        _services = services;
        _emulator = emulator;
    }

    public IInstanceManagerClient Client => _services.GetRequiredService<IInstanceManagerClient>();

    public TenantReconciler Reconciler => _services.GetRequiredService<TenantReconciler>();

    /// <summary>Finds the credentials and builds the client; nothing is sent to the service yet.</summary>
    /// <exception cref="UsageException">No binding source exists.</exception>
    /// <exception cref="ServiceBindingException">No binding or several match, or a source is unreadable.</exception>
    public static async Task<InstanceManagerConnection> OpenAsync(ConnectionSettings settings, CliContext context, CancellationToken cancellationToken)
    {
        InstanceManagerEmulator? emulator = null;
        var environment = context.Environment;
        if (settings.Emulator)
        {
            emulator = await InstanceManagerEmulator.StartAsync(new InstanceManagerEmulatorOptions { TimeProvider = context.Time }, cancellationToken);
            // The emulator's own VCAP_SERVICES (a managed-hana and a service-manager binding): the same discovery
            // path as a real binding, so --service-manager, --label and --name work the same way.
            environment = new Dictionary<string, string?>(StringComparer.Ordinal) { [VcapServicesVariable] = emulator.VcapServicesJson };
        }

        try
        {
            var query = settings.BindingQuery();
            var credentials = ServiceBindings.FindCredentials(query, name => environment.GetValueOrDefault(name), LegacySecretsReader.DefaultRoot)
                ?? throw new UsageException($"No credentials were found ({query}): set VCAP_SERVICES, VCAP_SERVICES_FILE_PATH or SERVICE_BINDING_ROOT, or use --emulator.");
            var services = new ServiceCollection();
            services.AddLogging();
            services.AddSingleton(context.Time);
            services.AddInstanceManager(credentials);
            return new InstanceManagerConnection(services.BuildServiceProvider(), emulator);
        }
        catch
        {
            if (emulator is not null)
            {
                await emulator.DisposeAsync();
            }

            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
    }
}
