using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace InstanceManager.Tests.Bindings;

public sealed class AddInstanceManagerFromBindingTests : IDisposable
{
    private readonly BindingEnvironment _env = new();

    public void Dispose() => _env.Dispose();

    [Fact]
    public async Task VcapServicesFile_ConfiguresTheClientWhichAuthenticatesWithTheBindingsCredentials()
    {
        using var server = WireMockServer.Start();
        const string ListPath = "/instance-manager/managed/managed_instances/svc-1";
        server.Given(Request.Create().WithPath(ListPath).UsingGet()).RespondWith(Response.Create().WithStatusCode(200).WithBody("[]"));
        var credentials = new JsonObject([.. BindingEnvironment.ImCredentials("vcap-user", server.Url!).Select(pair => KeyValuePair.Create(pair.Key, (JsonNode?)pair.Value))]);
        var file = _env.Write("vcap.json", VcapJson.Document(VcapJson.Binding("tenant-containers", "managed-hana", "hdi-shared", [], credentials)));
        _env.Set("VCAP_SERVICES_FILE_PATH", file);
        var services = new ServiceCollection().AddLogging();

        services.AddInstanceManagerFromBinding(query: null, fallback: null, _env.Reader, _env.LegacyRoot);
        await using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<InstanceManagerOptions>>().Value;
        Assert.Equal("vcap-user", options.User);
        Assert.Equal(BindingEnvironment.Password, options.Password);
        Assert.Equal(server.Url + ListPath, options.GetAllManagedInstancesUrl);
        Assert.Equal(server.Url + ListPath + "/{tenant_id}", options.PostManagedInstanceUrl);

        var all = await provider.GetRequiredService<IInstanceManagerClient>().GetAllAsync(TestContext.Current.CancellationToken);

        Assert.Empty(all);
        var request = Assert.Single(server.LogEntries).RequestMessage;
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("vcap-user:" + BindingEnvironment.Password));
        Assert.Equal(expected, request.Headers!["Authorization"][0]);
    }

    [Fact]
    public void BindingWithoutAKey_FailsValidationNamingTheKey()
    {
        var credentials = VcapJson.ImCredentials("vcap-user");
        credentials.Remove("get_all_managed_instances_url");
        _env.Set("VCAP_SERVICES", VcapJson.Document(VcapJson.Binding("tenant-containers", "managed-hana", null, [], credentials)));
        var services = new ServiceCollection();

        services.AddInstanceManagerFromBinding(query: null, fallback: null, _env.Reader, _env.LegacyRoot);
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<InstanceManagerOptions>>().Value);
        Assert.Equal(["'get_all_managed_instances_url' (GetAllManagedInstancesUrl) is required and may not be empty."], error.Failures);
        Assert.DoesNotContain(BindingEnvironment.Password, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NoBindingSource_UsesTheFallback()
    {
        var fallback = new ConfigurationBuilder()
            .AddInMemoryCollection(BindingEnvironment.ImCredentials("local-user").ToDictionary(pair => "InstanceManager:" + pair.Key, pair => (string?)pair.Value))
            .Build()
            .GetSection("InstanceManager");
        var services = new ServiceCollection();

        services.AddInstanceManagerFromBinding(query: null, fallback, _env.Reader, _env.LegacyRoot);
        using var provider = services.BuildServiceProvider();

        Assert.Equal("local-user", provider.GetRequiredService<IOptions<InstanceManagerOptions>>().Value.User);
    }

    [Fact]
    public void BindingSource_TakesPrecedenceOverTheFallback()
    {
        _env.Set("VCAP_SERVICES", VcapJson.Typical());
        var fallback = new ConfigurationBuilder().AddInMemoryCollection(BindingEnvironment.ImCredentials("local-user").Select(pair => KeyValuePair.Create(pair.Key, (string?)pair.Value))).Build();
        var services = new ServiceCollection();

        services.AddInstanceManagerFromBinding(query: null, fallback, _env.Reader, _env.LegacyRoot);
        using var provider = services.BuildServiceProvider();

        Assert.Equal("hdi-user", provider.GetRequiredService<IOptions<InstanceManagerOptions>>().Value.User);
    }

    [Fact]
    public void NoMatchingBinding_ThrowsAtRegistrationEvenWithAFallback()
    {
        _env.Set("VCAP_SERVICES", VcapJson.Typical());
        var fallback = new ConfigurationBuilder().AddInMemoryCollection(BindingEnvironment.ImCredentials("local-user").Select(pair => KeyValuePair.Create(pair.Key, (string?)pair.Value))).Build();
        var services = new ServiceCollection();

        var error = Assert.Throws<ServiceBindingException>(() => services.AddInstanceManagerFromBinding(new ServiceBindingQuery { Name = "other" }, fallback, _env.Reader, _env.LegacyRoot));

        Assert.StartsWith("No service binding in the environment variable VCAP_SERVICES matches name 'other'.", error.Message, StringComparison.Ordinal);
        Assert.Empty(services);
    }

    [Fact]
    public void NeitherBindingNorFallback_ExplainsTheThreeWays()
    {
        var emptySection = new ConfigurationBuilder().Build().GetSection("InstanceManager");
        var services = new ServiceCollection();

        var error = Assert.Throws<ServiceBindingException>(() => services.AddInstanceManagerFromBinding(query: null, emptySection, _env.Reader, _env.LegacyRoot));

        Assert.StartsWith("No Instance Manager credentials were found (label 'managed-hana'). Provide them in one of three ways:", error.Message, StringComparison.Ordinal);
        Assert.Contains("VCAP_SERVICES", error.Message, StringComparison.Ordinal);
        Assert.Contains("SERVICE_BINDING_ROOT", error.Message, StringComparison.Ordinal);
        Assert.Contains("fallback", error.Message, StringComparison.Ordinal);
        Assert.Contains(
            "the keys user, password, post_managed_instance_url, get_managed_instance_url, get_all_managed_instances_url and delete_managed_instance_url as the fallback",
            error.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutServices_FailsBeforeLookingForABinding()
    {
        var error = Assert.Throws<ArgumentNullException>(() => ((IServiceCollection)null!).AddInstanceManagerFromBinding(query: null, fallback: null, _env.Reader, _env.LegacyRoot));

        Assert.Equal("services", error.ParamName);
    }

    [Fact]
    public void NeitherBindingNorFallback_ForTheServiceManager_NamesItsKeys()
    {
        var services = new ServiceCollection();

        var error = Assert.Throws<ServiceBindingException>(() => services.AddInstanceManagerFromBinding(new ServiceBindingQuery { Label = "service-manager" }, fallback: null, _env.Reader, _env.LegacyRoot));

        Assert.StartsWith("No Service Manager credentials were found (label 'service-manager').", error.Message, StringComparison.Ordinal);
        Assert.Contains("sm_url, url, clientid and clientsecret", error.Message, StringComparison.Ordinal);
    }
}
