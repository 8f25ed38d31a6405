using System.Diagnostics.Metrics;
using InstanceManager.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InstanceManager.Tests.DependencyInjection;

/// <summary>Keyed clients, each against its own WireMock server, in one container.</summary>
public sealed class KeyedRegistrationTests : IDisposable
{
    private static readonly string Succeeded = InstanceJson.Instance("t1", "CREATION_SUCCEEDED");

    private readonly ImServer _hana = new();
    private readonly ImServer _other = new();

    public void Dispose()
    {
        _hana.Dispose();
        _other.Dispose();
    }

    /// <summary>A consumer as an application writes one.</summary>
    private sealed class TenantService([FromKeyedServices("hana")] IInstanceManagerClient hana, [FromKeyedServices("other")] IInstanceManagerClient other)
    {
        public IInstanceManagerClient Hana { get; } = hana;

        public IInstanceManagerClient Other { get; } = other;
    }

    private sealed class CountingHandler : DelegatingHandler
    {
        public int Count;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Count);
            return base.SendAsync(request, cancellationToken);
        }
    }

    private ServiceProvider BuildTwoKeyed(Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddKeyedInstanceManager("hana", options => ImServer.Fill(options, _hana.Server.Url!));
        services.AddKeyedInstanceManager("other", options => ImServer.Fill(options, _other.Server.Url!));
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task TwoKeyedClients_EachSendOnlyToTheirOwnServer()
    {
        _hana.GetAnswers("t1", (200, Succeeded));
        _other.GetAnswers("t1", (200, Succeeded));
        using var provider = BuildTwoKeyed();

        await provider.GetRequiredKeyedService<IInstanceManagerClient>("hana").GetAsync("t1");

        Assert.Equal(1, _hana.Count("GET", "t1"));
        Assert.Empty(_other.Server.LogEntries);

        await provider.GetRequiredKeyedService<IInstanceManagerClient>("other").GetAsync("t1");

        Assert.Equal(1, _hana.Count("GET", "t1"));
        Assert.Equal(1, _other.Count("GET", "t1"));
    }

    [Fact]
    public async Task TwoKeyedClients_HaveCachesOfTheirOwn()
    {
        _hana.GetAnswers("t1", (200, Succeeded));
        _other.GetAnswers("t1", (200, Succeeded));
        using var provider = BuildTwoKeyed();
        var hana = provider.GetRequiredKeyedService<IInstanceManagerClient>("hana");
        var other = provider.GetRequiredKeyedService<IInstanceManagerClient>("other");

        await hana.GetAsync("t1");
        await hana.GetAsync("t1");
        await other.GetAsync("t1");

        Assert.NotSame(hana, other);
        Assert.Equal(1, _hana.Count("GET", "t1"));
        Assert.Equal(1, _other.Count("GET", "t1"));
    }

    [Fact]
    public void TwoKeyedClients_HaveNamedOptionsOfTheirOwn_ThatTheApplicationCanConfigure()
    {
        using var provider = BuildTwoKeyed(services => services.Configure<InstanceManagerOptions>("hana", options => options.CacheMaxItems = 7));
        var monitor = provider.GetRequiredService<IOptionsMonitor<InstanceManagerOptions>>();

        Assert.Equal(7, monitor.Get("hana").CacheMaxItems);
        Assert.Equal(500, monitor.Get("other").CacheMaxItems);
        Assert.StartsWith(_hana.Server.Url!, monitor.Get("hana").GetAllManagedInstancesUrl, StringComparison.Ordinal);
        Assert.StartsWith(_other.Server.Url!, monitor.Get("other").GetAllManagedInstancesUrl, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeyedClients_AreInjectedWithFromKeyedServices()
    {
        _hana.GetAnswers("t1", (200, Succeeded));
        _other.GetAnswers("t1", (200, Succeeded));
        using var provider = BuildTwoKeyed();
        var consumer = ActivatorUtilities.CreateInstance<TenantService>(provider);

        await consumer.Hana.GetAsync("t1");

        Assert.Same(provider.GetRequiredKeyedService<IInstanceManagerClient>("hana"), consumer.Hana);
        Assert.Equal(1, _hana.Count("GET"));
        Assert.Empty(_other.Server.LogEntries);
    }

    [Fact]
    public async Task KeyedAndUnkeyedClients_Coexist()
    {
        _hana.GetAnswers("t1", (200, Succeeded));
        _other.GetAnswers("t1", (200, Succeeded));
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddInstanceManager(options => ImServer.Fill(options, _hana.Server.Url!));
        services.AddKeyedInstanceManager("other", options => ImServer.Fill(options, _other.Server.Url!));
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();

        await provider.GetRequiredService<IInstanceManagerClient>().GetAsync("t1");
        await provider.GetRequiredKeyedService<IInstanceManagerClient>("other").GetAsync("t1");
        await provider.GetRequiredKeyedService<IInstanceManagerClient>("other").GetAsync("t1");

        Assert.Equal(1, _hana.Count("GET"));
        Assert.Equal(1, _other.Count("GET"));
        Assert.Null(provider.GetKeyedService<IInstanceManagerClient>("hana"));
    }

    [Fact]
    public void InvalidKeyedOptions_FailAtStartNamingTheClientAndTheKey_WithoutTheSecret()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddInstanceManager(options => ImServer.Fill(options, _hana.Server.Url!));
        services.AddKeyedInstanceManager("other", options =>
        {
            ImServer.Fill(options, _other.Server.Url!);
            options.GetManagedInstanceUrl = "not a url " + ImServer.Password;
            options.CacheMaxItems = 0;
        });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal("other", error.OptionsName);
        Assert.Contains("Instance Manager client 'other': 'get_managed_instance_url' (GetManagedInstanceUrl) must be an absolute http or https URL.", error.Message, StringComparison.Ordinal);
        Assert.Contains("Instance Manager client 'other': 'cache_max_items' (CacheMaxItems)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ImServer.Password, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResolvingAKeyedClientWithInvalidOptions_ThrowsNamingTheClientAndTheKey()
    {
        var services = new ServiceCollection();
        services.AddKeyedInstanceManager("hana", options => ImServer.Fill(options, _hana.Server.Url!));
        services.AddKeyedInstanceManager("other", options => ImServer.Fill(options, "ftp://other.example"));
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredKeyedService<IInstanceManagerClient>("other"));

        Assert.Contains("Instance Manager client 'other': 'post_managed_instance_url'", error.Message, StringComparison.Ordinal);
        Assert.NotNull(provider.GetRequiredKeyedService<IInstanceManagerClient>("hana"));
    }

    [Fact]
    public async Task AKeyedClient_FromConfiguration_IsBoundFromTheBindingKeys()
    {
        _other.GetAnswers("t1", (200, Succeeded));
        var credentials = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["user"] = ImServer.User,
            ["password"] = ImServer.Password,
            ["post_managed_instance_url"] = _other.Server.Url + ImServer.BasePath + "/{tenant_id}",
            ["get_managed_instance_url"] = _other.Server.Url + ImServer.BasePath + "/{tenant_id}",
            ["get_all_managed_instances_url"] = _other.Server.Url + ImServer.BasePath,
            ["delete_managed_instance_url"] = _other.Server.Url + ImServer.BasePath + "/{tenant_id}",
            ["cache_max_items"] = "3",
        }).Build();
        var services = new ServiceCollection();
        services.AddKeyedInstanceManager("other", credentials);
        using var provider = services.BuildServiceProvider();

        var instance = await provider.GetRequiredKeyedService<IInstanceManagerClient>("other").GetAsync("t1");

        Assert.Equal("SCHEMA_T1", instance!.GetCredential("schema"));
        Assert.Equal(3, provider.GetRequiredService<IOptionsMonitor<InstanceManagerOptions>>().Get("other").CacheMaxItems);
        Assert.Equal(1, _other.Count("GET", "t1"));
    }

    [Fact]
    public async Task AKeyedClient_UsesTheApplicationsClockAndLogging()
    {
        var clock = new TestClock { IgnoreAtOrAbove = TimeSpan.FromSeconds(30) };
        var logs = new LogCapture();
        _hana.Answer("POST", ImServer.TenantPath("t1"), 201);
        _hana.GetAnswers("t1", (200, InstanceJson.Instance("t1", "CREATION_IN_PROGRESS")), (200, Succeeded));
        using var provider = BuildTwoKeyed(services =>
        {
            services.AddSingleton<TimeProvider>(clock);
            services.AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        });

        await clock.RunAsync(provider.GetRequiredKeyedService<IInstanceManagerClient>("hana").CreateAsync("t1"));

        Assert.NotEmpty(clock.Waits);
        Assert.NotEmpty(logs.Entries);
    }

    [Fact]
    public async Task AKeyedClient_RetriesExactlyAsTheClientWithoutAKey()
    {
        var clock = new TestClock { IgnoreAtOrAbove = TimeSpan.FromSeconds(30) };
        _hana.GetAnswers("t1", (503, """{"description":"overloaded"}"""));
        _other.GetAnswers("t1", (503, """{"description":"overloaded"}"""));
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(clock);
        services.AddInstanceManager(options => ImServer.Fill(options, _hana.Server.Url!));
        services.AddKeyedInstanceManager("other", options => ImServer.Fill(options, _other.Server.Url!));
        using var provider = services.BuildServiceProvider();

        await Assert.ThrowsAsync<InstanceManagerException>(() => clock.RunAsync(provider.GetRequiredService<IInstanceManagerClient>().GetAsync("t1").AsTask()));
        await Assert.ThrowsAsync<InstanceManagerException>(() => clock.RunAsync(provider.GetRequiredKeyedService<IInstanceManagerClient>("other").GetAsync("t1").AsTask()));

        Assert.True(_hana.Count("GET") > 1, "the client without a key did not retry");
        Assert.Equal(_hana.Count("GET"), _other.Count("GET"));
    }

    [Fact]
    public async Task DisposingTheContainer_DisposesTheKeyedClients()
    {
        var provider = BuildTwoKeyed();
        var hana = provider.GetRequiredKeyedService<IInstanceManagerClient>("hana");

        await provider.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await hana.GetAsync("t1"));
        Assert.Empty(_hana.Server.LogEntries);
    }

    [Fact]
    public async Task AHandlerAddedToAKeyedBuilder_SeesOnlyThatClientsRequests()
    {
        _hana.GetAnswers("t1", (200, Succeeded));
        _other.GetAnswers("t1", (200, Succeeded));
        var counting = new CountingHandler();
        var services = new ServiceCollection();
        services.AddKeyedInstanceManager("hana", options => ImServer.Fill(options, _hana.Server.Url!)).HttpClientBuilder.AddHttpMessageHandler(() => counting);
        services.AddKeyedInstanceManager("other", options => ImServer.Fill(options, _other.Server.Url!));
        using var provider = services.BuildServiceProvider();

        await provider.GetRequiredKeyedService<IInstanceManagerClient>("other").GetAsync("t1");
        await provider.GetRequiredKeyedService<IInstanceManagerClient>("hana").GetAsync("t1");

        Assert.Equal(1, counting.Count);
    }

    [Fact]
    public void TheKeyedBuilder_NamesItsKeyAndTheApplicationsServices()
    {
        var services = new ServiceCollection();

        var builder = services.AddKeyedInstanceManager("hana", options => ImServer.Fill(options, _hana.Server.Url!));

        Assert.Equal("hana", builder.ServiceKey);
        Assert.Same(services, builder.Services);
        Assert.Equal(InstanceManagerServiceCollectionExtensions.HttpClientName, builder.HttpClientBuilder.Name);
    }

    [Fact]
    public void TheSameKeyTwice_RegistersOneClientWhoseOptionsAccumulate()
    {
        var services = new ServiceCollection();
        services.AddKeyedInstanceManager("hana", options => ImServer.Fill(options, _hana.Server.Url!));
        services.AddKeyedInstanceManager("hana", options => options.CacheMaxItems = 9);
        using var provider = services.BuildServiceProvider();

        Assert.Single(provider.GetKeyedServices<IInstanceManagerClient>("hana"));
        Assert.Equal(9, provider.GetRequiredService<IOptionsMonitor<InstanceManagerOptions>>().Get("hana").CacheMaxItems);
        Assert.StartsWith(_hana.Server.Url!, provider.GetRequiredService<IOptionsMonitor<InstanceManagerOptions>>().Get("hana").GetManagedInstanceUrl, StringComparison.Ordinal);
    }

    [Fact]
    public void KeysWithTheSameText_AreRefused()
    {
        var services = new ServiceCollection();
        services.AddKeyedInstanceManager(1, options => ImServer.Fill(options, _hana.Server.Url!));

        var error = Assert.Throws<ArgumentException>("serviceKey", () => services.AddKeyedInstanceManager("1", options => ImServer.Fill(options, _other.Server.Url!)));

        Assert.Contains("same text", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AKeyWithEmptyText_IsRefused()
    {
        var services = new ServiceCollection();

        var error = Assert.Throws<ArgumentException>("serviceKey", () => services.AddKeyedInstanceManager(string.Empty, options => ImServer.Fill(options, _hana.Server.Url!)));

        Assert.StartsWith("The key of an Instance Manager client must have a non-empty text, which names its options.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANullKey_RegistersTheClientWithoutAKey()
    {
        _hana.GetAnswers("t1", (200, Succeeded));
        var services = new ServiceCollection();

        var builder = services.AddKeyedInstanceManager(null, options => ImServer.Fill(options, _hana.Server.Url!));
        using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<IInstanceManagerClient>().GetAsync("t1");

        Assert.Null(builder.ServiceKey);
        Assert.Equal(1, _hana.Count("GET"));
    }

    [Fact]
    public async Task CacheWarmUpOfAKeyedClient_ListsThatClientsServiceOnce_ThenGetsAreCacheHits()
    {
        _other.Answer("GET", ImServer.BasePath, 200, InstanceJson.List(InstanceJson.Node("t1", "CREATION_SUCCEEDED")));
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddKeyedInstanceManager("hana", options => ImServer.Fill(options, _hana.Server.Url!));
        services.AddKeyedInstanceManager("other", options => ImServer.Fill(options, _other.Server.Url!)).AddCacheWarmUp().AddCacheWarmUp();
        using var provider = services.BuildServiceProvider();

        var warmUp = Assert.IsAssignableFrom<BackgroundService>(Assert.Single(provider.GetServices<IHostedService>()));
        await warmUp.StartAsync(CancellationToken.None);
        await warmUp.ExecuteTask!;
        await provider.GetRequiredKeyedService<IInstanceManagerClient>("other").GetAsync("t1");
        await warmUp.StopAsync(CancellationToken.None);

        Assert.Equal(1, _other.Count("GET"));
        Assert.Empty(_hana.Server.LogEntries);
    }

    [Fact]
    public void CacheWarmUpOfTwoKeyedClients_RegistersOneHostedServiceEach()
    {
        using var provider = BuildTwoKeyed(services =>
        {
            services.AddKeyedInstanceManager("hana", _ => { }).AddCacheWarmUp();
            services.AddKeyedInstanceManager("other", _ => { }).AddCacheWarmUp();
        });

        Assert.Equal(2, provider.GetServices<IHostedService>().Count());
    }

    [Fact]
    public void CacheWarmUpOnTheUnkeyedBuilder_IsTheSameAsAddInstanceManagerCacheWarmUp()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddInstanceManager(options => ImServer.Fill(options, _hana.Server.Url!)).AddCacheWarmUp();
        Assert.Single(services, descriptor => descriptor.ServiceType == typeof(IHostedService));
        services.AddInstanceManagerCacheWarmUp();
        using var provider = services.BuildServiceProvider();

        Assert.Single(provider.GetServices<IHostedService>());
    }

    [Fact]
    public async Task AKeyedClient_RecordsOnTheApplicationsMeters()
    {
        _hana.GetAnswers("t1", (200, Succeeded));
        using var provider = BuildTwoKeyed(services => services.AddMetrics());
        var meterFactory = provider.GetRequiredService<IMeterFactory>();
        var misses = 0L;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name == InstanceManagerTelemetry.CacheMisses && ReferenceEquals(instrument.Meter.Scope, meterFactory))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref misses, value));
        listener.Start();

        await provider.GetRequiredKeyedService<IInstanceManagerClient>("hana").GetAsync("t1");
        listener.RecordObservableInstruments();

        Assert.Equal(1, Interlocked.Read(ref misses));
    }

    [Fact]
    public async Task CacheWarmUpOfAKeyedClient_WorksWithoutLoggingRegistered()
    {
        _hana.Answer("GET", ImServer.BasePath, 200, InstanceJson.List(InstanceJson.Node("t1", "CREATION_SUCCEEDED")));
        var services = new ServiceCollection();
        services.AddKeyedInstanceManager("hana", options => ImServer.Fill(options, _hana.Server.Url!)).AddCacheWarmUp();
        using var provider = services.BuildServiceProvider();

        var warmUp = Assert.Single(provider.GetServices<IHostedService>());
        await warmUp.StartAsync(CancellationToken.None);
        await ((BackgroundService)warmUp).ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, _hana.Count("GET"));
    }

    [Fact]
    public async Task CacheWarmUpOfAKeyedClient_LogsToTheApplicationsLogging()
    {
        var logs = new LogCapture();
        _hana.Answer("GET", ImServer.BasePath, 200, InstanceJson.List(InstanceJson.Node("t1", "CREATION_SUCCEEDED")));
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(logs));
        services.AddKeyedInstanceManager("hana", options => ImServer.Fill(options, _hana.Server.Url!)).AddCacheWarmUp();
        using var provider = services.BuildServiceProvider();

        var warmUp = Assert.IsAssignableFrom<BackgroundService>(Assert.Single(provider.GetServices<IHostedService>()));
        await warmUp.StartAsync(CancellationToken.None);
        await warmUp.ExecuteTask!;

        var warmedUp = Assert.Single(logs.Entries, entry => entry.EventId.Id == 7);
        Assert.Contains("Cache warmed up with the list of 1 instances.", warmedUp.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void CacheWarmUp_OfABuilderWhoseKeyIsNotRegistered_FailsNamingTheKey()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new UnregisteredKeyBuilder().AddCacheWarmUp());

        Assert.Equal("No Instance Manager client is registered with the key 'nowhere' in these services.", error.Message);
    }

    [Fact]
    public void AKeyedClientsContainer_RunsTheSetupsThatPackagesAddToItsRegistration()
    {
        var services = new ServiceCollection();
        var applicationMarker = new Uri("urn:application-service");
        services.AddSingleton(applicationMarker);
        services.AddKeyedInstanceManager("hana", options => ImServer.Fill(options, _hana.Server.Url!));
        KeyedClientRegistration.Find(services, "hana")!.ContainerSetup.Add(
            (own, application) => own.AddKeyedSingleton("from-application", application.GetRequiredService<Uri>()));
        using var provider = services.BuildServiceProvider();

        var container = provider.GetRequiredKeyedService<KeyedClientContainer>("hana");

        Assert.Same(applicationMarker, container.Services.GetRequiredKeyedService<Uri>("from-application"));
        Assert.Null(provider.GetKeyedService<Uri>("from-application"));
    }

    private sealed class UnregisteredKeyBuilder : IInstanceManagerBuilder
    {
        public IServiceCollection Services { get; } = new ServiceCollection();

        public object? ServiceKey => "nowhere";

        public IHttpClientBuilder HttpClientBuilder => throw new NotSupportedException();
    }
}
