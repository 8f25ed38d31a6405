using InstanceManager.Emulator;
using InstanceManager.Emulator.Internal;
using InstanceManager.Emulator.Internal.ServiceManager;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

// Stand-alone: dotnet run --project src/InstanceManager.Emulator -- --urls http://127.0.0.1:5080 [--data-dir ./state]
var builder = WebApplication.CreateSlimBuilder(args);
builder.Configuration.AddCommandLine(args, new Dictionary<string, string> { ["--data-dir"] = "Emulator:DataDirectory" });
if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
{
    builder.WebHost.UseUrls("http://127.0.0.1:5080");
}

builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

var options = new InstanceManagerEmulatorOptions();
try
{
    builder.Configuration.GetSection("Emulator").Bind(options);
}
catch (InvalidOperationException exception)
{
    // A value that does not convert (an unknown RetryAfterHeader, a malformed TimeSpan): the binder names the key.
    Console.Error.WriteLine($"Invalid Emulator settings: {exception.Message}");
    return 2;
}

if (options.Problem() is { } problem)
{
    Console.Error.WriteLine($"Invalid Emulator settings: {problem}");
    return 2;
}

EmulatorApplication.ConfigureServices(builder.Services);
var app = builder.Build();
var runtime = new EmulatorRuntime(options);
EmulatorApplication.Map(app, runtime);
app.Lifetime.ApplicationStarted.Register(() =>
{
    var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    var baseAddress = new Uri(address.TrimEnd('/') + "/");
    var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("InstanceManager.Emulator");
    var credentials = BindingDocument.Credentials(baseAddress, options);
    var serviceManager = BindingDocument.ServiceManagerCredentials(baseAddress, options);
#pragma warning disable CA1848, CA2254, CA1873 // A start-up banner, once.
    logger.LogInformation(
        "Emulator listening on {Address}\nInstance Manager (managed-hana)\n  user: {User}\n  password: {Password}\n  get_all_managed_instances_url: {All}\n  post/get/delete_managed_instance_url: {PerTenant}\n  provisioning delay {Provisioning}, deprovisioning delay {Deprovisioning}\nService Manager (service-manager, plan container)\n  sm_url: {SmUrl}\n  url (token endpoint /oauth/token): {TokenUrl}\n  clientid: {ClientId}\n  clientsecret: {ClientSecret}\n  page size {PageSize}; delays: instance creation {InstanceCreation}, binding creation {BindingCreation}, deletion {Deletion}\nVCAP_SERVICES document (both bindings): {Vcap}\nData directory: {DataDirectory}",
        baseAddress,
        credentials["user"],
        credentials["password"],
        credentials["get_all_managed_instances_url"],
        credentials["get_managed_instance_url"],
        options.ProvisioningDelay,
        options.DeprovisioningDelay,
        serviceManager["sm_url"],
        serviceManager["url"],
        serviceManager["clientid"],
        serviceManager["clientsecret"],
        options.ServiceManager.PageSize,
        options.ServiceManager.InstanceCreationDelay,
        options.ServiceManager.BindingCreationDelay,
        options.ServiceManager.DeletionDelay,
        new Uri(baseAddress, "emulator/vcap-services"),
        options.DataDirectory ?? "(none: in memory)");
    logger.LogInformation(
        "Open Service Broker (OSB API v2, the built-in offerings; also GET {Describe}):\n{Broker}",
        new Uri(baseAddress, "emulator/osb"),
        BindingDocument.OpenServiceBroker(baseAddress, options, runtime.Broker.Catalog).ToJsonString());
#pragma warning restore CA1848, CA2254, CA1873
});
await app.StartAsync();
try
{
    await ServiceBrokerRegistration.RegisterConfiguredAsync(runtime, app.Lifetime.ApplicationStopping);
}
catch (InvalidOperationException exception)
{
    Console.Error.WriteLine(exception.Message);
    await app.StopAsync();
    runtime.Dispose();
    return 1;
}

await app.WaitForShutdownAsync();
runtime.Dispose();
return 0;
