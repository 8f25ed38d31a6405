using InstanceManager.Emulator.Internal.OpenServiceBroker;
using InstanceManager.Emulator.Internal.ServiceManager;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace InstanceManager.Emulator.Internal;

/// <summary>The one wiring of the emulator's endpoints, shared by the embedded and the stand-alone emulator.</summary>
internal static class EmulatorApplication
{
    public static void Map(WebApplication app, EmulatorRuntime runtime)
    {
        app.Map(InstanceManagerApi.PathPrefix, branch => branch.Run(context => InstanceManagerApi.HandleAsync(context, runtime)));
        app.Map(ServiceManagerApi.PathPrefix, branch => branch.Run(context => ServiceManagerApi.HandleAsync(context, runtime)));
        app.Map(OpenServiceBrokerApi.PathPrefix, branch => branch.Run(context => OpenServiceBrokerApi.HandleAsync(context, runtime)));
        app.Map(TokenEndpoint.Path, branch => branch.Run(context => TokenEndpoint.HandleAsync(context, runtime)));
        AdminApi.Map(app, runtime);
    }

    public static void ConfigureServices(IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, EmulatorJsonContext.Default));
}
