using System.Text.Json.Nodes;
using InstanceManager.Backends;
using InstanceManager.Tests.Bindings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace InstanceManager.Tests.Migration;

public sealed class MigrationBindingTests : IDisposable
{
    private readonly BindingEnvironment _env = new();

    public void Dispose() => _env.Dispose();

    private static JsonObject SmCredentials() => new()
    {
        ["sm_url"] = "https://sm.example",
        ["url"] = "https://uaa.example",
        ["clientid"] = "sb-client!b1",
        ["clientsecret"] = "sm-secret",
        ["xsappname"] = "app",
    };

    [Fact]
    public void AddInstanceManagerMigrationFromBindings_ReadsBothBindings()
    {
        _env.Set("VCAP_SERVICES", VcapJson.Document(
            VcapJson.Binding("tenant-containers", "managed-hana", "hdi-shared", [], VcapJson.ImCredentials("vcap-user")),
            VcapJson.Binding("tenant-sm", "service-manager", "container", [], SmCredentials())));
        var services = new ServiceCollection().AddLogging();

        services.AddInstanceManagerMigrationFromBindings(instanceManager: null, serviceManager: null, _env.Reader, _env.LegacyRoot);
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<InstanceManagerOptions>>().Value;
        Assert.Equal("vcap-user", options.User);
        Assert.Equal("https://sm.example", options.ServiceManager!.SmUrl);
        Assert.Equal("migration", provider.GetRequiredService<IInstanceBackend>().Name);
    }

    [Fact]
    public void AddInstanceManagerMigrationFromBindings_WithoutTheServiceManagerBinding_FailsAtRegistrationNamingIt()
    {
        _env.Set("VCAP_SERVICES", VcapJson.Document(VcapJson.Binding("tenant-containers", "managed-hana", "hdi-shared", [], VcapJson.ImCredentials("vcap-user"))));
        var services = new ServiceCollection();

        var exception = Assert.Throws<ServiceBindingException>(() => services.AddInstanceManagerMigrationFromBindings(null, null, _env.Reader, _env.LegacyRoot));

        Assert.Contains("service-manager", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(BindingEnvironment.Password, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddInstanceManagerMigrationFromBindings_ReadsTheBindingsTheQueriesName()
    {
        _env.Set("VCAP_SERVICES", VcapJson.Document(
            VcapJson.Binding("default-hana", "managed-hana", "hdi-shared", [], VcapJson.ImCredentials("default-user")),
            VcapJson.Binding("tenant-containers", "my-hana", "hdi-shared", [], VcapJson.ImCredentials("chosen-user")),
            VcapJson.Binding("tenant-sm", "my-sm", "container", [], SmCredentials())));
        var services = new ServiceCollection().AddLogging();

        services.AddInstanceManagerMigrationFromBindings(new ServiceBindingQuery { Label = "my-hana" }, new ServiceBindingQuery { Label = "my-sm" }, _env.Reader, _env.LegacyRoot);
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<InstanceManagerOptions>>().Value;
        Assert.Equal("chosen-user", options.User);
        Assert.Equal("https://sm.example", options.ServiceManager!.SmUrl);
    }

    [Fact]
    public void AddInstanceManagerMigrationFromBindings_WithNoBindingSourceAtAll_FailsAtRegistrationSayingWhereBindingsAreLooked()
    {
        var services = new ServiceCollection();

        var exception = Assert.Throws<ServiceBindingException>(() => services.AddInstanceManagerMigrationFromBindings(null, null, _env.Reader, _env.LegacyRoot));

        Assert.StartsWith(
            "No Instance Manager credentials were found (label 'managed-hana'): migration mode needs a binding of both the Instance Manager and the Service Manager, found in VCAP_SERVICES, VCAP_SERVICES_FILE_PATH or SERVICE_BINDING_ROOT.",
            exception.Message,
            StringComparison.Ordinal);
        Assert.Empty(services);
    }

    [Fact]
    public void AddInstanceManagerMigrationFromBindings_WithoutServices_FailsBeforeLookingForBindings()
    {
        var error = Assert.Throws<ArgumentNullException>(() => ((IServiceCollection)null!).AddInstanceManagerMigrationFromBindings(null, null, _env.Reader, _env.LegacyRoot));

        Assert.Equal("services", error.ParamName);
    }
}
