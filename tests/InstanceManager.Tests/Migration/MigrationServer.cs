using InstanceManager.Tests.Infrastructure;
using InstanceManager.Tests.ServiceManager;
using Microsoft.Extensions.DependencyInjection;

namespace InstanceManager.Tests.Migration;

/// <summary>
/// Migration mode against one WireMock.Net server that answers both the Service Manager (<c>/v1/…</c>, OAuth) and
/// the Instance Manager (<see cref="ImServer.BasePath"/>) paths: a client with both kinds of credentials.
/// </summary>
public static class MigrationServer
{
    public static SmServer Start(Action<InstanceManagerOptions>? configure = null, Action<IServiceCollection>? configureServices = null, bool catalog = true) =>
        new(catalog: catalog, configureServices: services =>
        {
            services.Configure<InstanceManagerOptions>(options =>
            {
                // The Service Manager's options are set by now; the Instance Manager lives on the same server.
                ImServer.Fill(options, options.ServiceManager!.SmUrl!);
                configure?.Invoke(options);
            });
            configureServices?.Invoke(services);
        });

    public static string TenantPath(string tenantId) => ImServer.TenantPath(tenantId);

    /// <summary>The Service Manager has no binding and no instance for any tenant.</summary>
    public static void ServiceManagerEmpty(SmServer sm)
    {
        sm.Answer("GET", "/v1/service_bindings", 200, SmServer.Page([]));
        sm.Answer("GET", "/v1/service_instances", 200, SmServer.Page([]));
    }

    public static int InstanceManagerRequests(SmServer sm) =>
        sm.Server.LogEntries.Count(entry => entry.RequestMessage.Path.StartsWith(ImServer.BasePath, StringComparison.Ordinal));
}
