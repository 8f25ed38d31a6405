using System.Net;
using InstanceManager.Emulator.Internal;
using InstanceManager.Emulator.Internal.ServiceManager;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace InstanceManager.Emulator;

/// <summary>
/// An Instance Manager and Service Manager emulator running in this process on a free loopback port, for tests and
/// samples:
/// <code>
/// await using var emulator = await InstanceManagerEmulator.StartAsync();
/// services.AddInstanceManager(emulator.Configuration);                 // Instance Manager
/// services.AddInstanceManager(emulator.ServiceManagerConfiguration);   // or Service Manager
/// </code>
/// </summary>
public sealed class InstanceManagerEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly EmulatorRuntime _runtime;
    private int _disposed;

    private InstanceManagerEmulator(WebApplication app, EmulatorRuntime runtime, Uri baseAddress)
    {
        _app = app;
        _runtime = runtime;
        BaseAddress = baseAddress;
        var credentials = BindingDocument.Credentials(baseAddress, runtime.Options);
        Credentials = credentials;
        Configuration = new ConfigurationBuilder().AddInMemoryCollection(credentials!).Build();
        var serviceManager = BindingDocument.ServiceManagerCredentials(baseAddress, runtime.Options);
        ServiceManagerCredentials = serviceManager;
        ServiceManagerConfiguration = new ConfigurationBuilder().AddInMemoryCollection(serviceManager!).Build();
        VcapServicesJson = BindingDocument.VcapServices(baseAddress, runtime.Options).ToJsonString();
        OpenServiceBroker = new EmulatedServiceBroker
        {
            Name = "instance-manager-emulator",
            Url = BindingDocument.BrokerUrl(baseAddress),
            Username = runtime.Options.OpenServiceBroker.Username,
            Password = runtime.Options.OpenServiceBroker.Password,
        };
    }

    /// <summary>Where the emulator listens, for example <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The credentials of a binding to this emulator: the six keys of a managed service binding.</summary>
    public IReadOnlyDictionary<string, string> Credentials { get; }

    /// <summary>The same credentials as configuration, for <c>services.AddInstanceManager(emulator.Configuration)</c>.</summary>
    public IConfiguration Configuration { get; }

    /// <summary>
    /// The credentials of a <c>service-manager</c> binding (plan <c>container</c>) to this emulator: <c>sm_url</c>,
    /// <c>url</c> (the OAuth server, whose token endpoint is <c>/oauth/token</c>), <c>clientid</c>,
    /// <c>clientsecret</c> and <c>xsappname</c>. <c>service</c> and <c>plan</c> are absent, so the defaults
    /// <c>hana</c> and <c>hdi-shared</c> apply.
    /// </summary>
    public IReadOnlyDictionary<string, string> ServiceManagerCredentials { get; }

    /// <summary>
    /// The Service Manager credentials as configuration, for <c>services.AddInstanceManager(emulator.ServiceManagerConfiguration)</c>
    /// (the client selects its Service Manager backend because <c>sm_url</c> is present).
    /// </summary>
    public IConfiguration ServiceManagerConfiguration { get; }

    /// <summary>A <c>VCAP_SERVICES</c> document with a <c>managed-hana</c> and a <c>service-manager</c> binding to this emulator.</summary>
    public string VcapServicesJson { get; }

    /// <summary>
    /// The emulator's own Open Service Broker (OSB API v2 for the built-in offerings, at <c>/osb</c>), ready to be
    /// registered with a Service Manager, for example another emulator's
    /// (<see cref="ServiceManagerEmulatorOptions.Brokers"/>).
    /// </summary>
    public EmulatedServiceBroker OpenServiceBroker { get; }

    /// <summary>The failures injected from now on.</summary>
    /// <exception cref="ArgumentException">The settings are unusable (an invalid pattern, a rate outside 0 to 1…).</exception>
    public EmulatorFailures Failures
    {
        get => _runtime.Failures;
        set => _runtime.Failures = value;
    }

    /// <summary>
    /// The Instance Manager, Service Manager (<c>/v1</c>), token (<c>/oauth/token</c>) and broker (<c>/osb/v2</c>)
    /// requests answered so far, in order (admin requests are not recorded; the latest 10,000 at most).
    /// </summary>
    public IReadOnlyList<EmulatorRequest> RequestLog => _runtime.Requests;

    /// <summary>Starts an emulator on a loopback port.</summary>
    /// <param name="options">How it behaves; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running emulator; dispose it to stop it.</returns>
    /// <exception cref="ArgumentException">The options are unusable.</exception>
    /// <exception cref="InvalidOperationException">A broker of <see cref="ServiceManagerEmulatorOptions.Brokers"/> could not be registered.</exception>
    public static async Task<InstanceManagerEmulator> StartAsync(InstanceManagerEmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new InstanceManagerEmulatorOptions();
        if (options.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        var runtime = new EmulatorRuntime(options);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port));
        EmulatorApplication.ConfigureServices(builder.Services);
        var app = builder.Build();
        EmulatorApplication.Map(app, runtime);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var emulator = new InstanceManagerEmulator(app, runtime, new Uri(address.TrimEnd('/') + "/"));
        try
        {
            await ServiceBrokerRegistration.RegisterConfiguredAsync(runtime, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await emulator.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return emulator;
    }

    /// <summary>Forgets the request log.</summary>
    public void ClearRequestLog() => _runtime.ClearRequests();

    /// <summary>Stops the emulator (once: disposing it again does nothing).</summary>
    /// <returns>A task that completes when it has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _runtime.Dispose();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
