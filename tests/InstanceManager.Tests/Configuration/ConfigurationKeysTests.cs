using InstanceManager.Configuration;
using InstanceManager.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace InstanceManager.Tests.Configuration;

/// <summary>The table of keys and the mode are pure logic: no container, no server.</summary>
public sealed class ConfigurationKeysTests
{
    public static TheoryData<string> InstanceManagerKeys => new(ConfigurationKeys.InstanceManager.Select(key => key.Key));

    public static TheoryData<string> ServiceManagerKeys => new(ConfigurationKeys.ServiceManager.Select(key => key.Key));

    [Fact]
    public void InstanceManagerTable_HoldsTheBindingsSixCredentialKeysInOrder()
    {
        Assert.Equal(
            ["user", "password", "post_managed_instance_url", "get_managed_instance_url", "get_all_managed_instances_url", "delete_managed_instance_url"],
            ConfigurationKeys.InstanceManager.Select(key => key.Key));
        Assert.Equal(
            "user, password, post_managed_instance_url, get_managed_instance_url, get_all_managed_instances_url and delete_managed_instance_url",
            ConfigurationKeys.InstanceManagerKeyList);
    }

    [Fact]
    public void ServiceManagerTable_HoldsTheBindingsCredentialKeys()
    {
        Assert.Equal(
            ["sm_url", "url", "clientid", "clientsecret", "certurl", "certificate", "key", "xsappname", "service", "plan"],
            ConfigurationKeys.ServiceManager.Select(key => key.Key));
    }

    [Theory]
    [MemberData(nameof(InstanceManagerKeys))]
    public void EveryInstanceManagerKey_IsBoundIntoItsProperty(string name)
    {
        var key = ConfigurationKeys.InstanceManager.Single(row => row.Key == name);
        var options = new InstanceManagerOptions();

        InstanceManagerOptionsBinder.Bind(Configuration(name, "value-of-" + name), options);

        Assert.Equal("value-of-" + name, key.Get(options));
        Assert.Equal("value-of-" + name, typeof(InstanceManagerOptions).GetProperty(key.Property)!.GetValue(options));
    }

    [Theory]
    [MemberData(nameof(ServiceManagerKeys))]
    public void EveryServiceManagerKey_IsBoundIntoItsProperty(string name)
    {
        var key = ConfigurationKeys.ServiceManager.Single(row => row.Key == name);
        var options = new InstanceManagerOptions();

        InstanceManagerOptionsBinder.BindServiceManager(Configuration(name, "value-of-" + name), options);

        Assert.Equal("value-of-" + name, key.Get(options.ServiceManager!));
        Assert.Equal("value-of-" + name, typeof(ServiceManagerOptions).GetProperty(key.Property)!.GetValue(options.ServiceManager));
    }

    [Theory]
    [MemberData(nameof(InstanceManagerKeys))]
    public void EveryMissingInstanceManagerKey_IsNamedByTheValidator(string name)
    {
        var key = ConfigurationKeys.InstanceManager.Single(row => row.Key == name);
        var options = new InstanceManagerOptions();
        ImServer.Fill(options, "https://im.example");
        key.Set(options, " ");

        var result = new InstanceManagerOptionsValidator().Validate(null, options);

        Assert.Equal($"'{name}' ({key.Property}) is required and may not be empty.", Assert.Single(result.Failures!));
    }

    [Fact]
    public void Options_WithoutServiceManager_AreInInstanceManagerMode()
    {
        var options = new InstanceManagerOptions();

        Assert.Equal(InstanceManagerMode.InstanceManager, options.Mode);
    }

    [Fact]
    public void Options_WithOnlyServiceManager_AreInServiceManagerMode()
    {
        var options = new InstanceManagerOptions { ServiceManager = new ServiceManagerOptions() };

        Assert.Equal(InstanceManagerMode.ServiceManager, options.Mode);
    }

    [Theory]
    [MemberData(nameof(InstanceManagerKeys))]
    public void Options_WithServiceManagerAndAnyInstanceManagerKey_AreInMigrationMode(string name)
    {
        var options = new InstanceManagerOptions { ServiceManager = new ServiceManagerOptions() };
        ConfigurationKeys.InstanceManager.Single(row => row.Key == name).Set(options, "x");

        Assert.Equal(InstanceManagerMode.Migration, options.Mode);
    }

    [Fact]
    public void Validator_InServiceManagerMode_DoesNotAskForInstanceManagerKeys()
    {
        var options = new InstanceManagerOptions
        {
            ServiceManager = new ServiceManagerOptions { SmUrl = "https://sm.example", Url = "https://uaa.example", ClientId = "id", ClientSecret = "secret" },
        };

        var result = new InstanceManagerOptionsValidator().Validate(null, options);

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validator_ForNamedOptions_NamesTheClientInEveryFailure()
    {
        var options = new InstanceManagerOptions();
        ImServer.Fill(options, "https://im.example");
        options.Password = null;
        options.CacheMaxItems = 0;

        var result = new InstanceManagerOptionsValidator().Validate("hana", options);

        Assert.Equal(
            ["Instance Manager client 'hana': 'password' (Password) is required and may not be empty.", "Instance Manager client 'hana': 'cache_max_items' (CacheMaxItems) must be at least 1 (was 0)."],
            result.Failures);
    }

    [Fact]
    public void OptionsProperties_CarryNoConfigurationKeyNameAttributes()
    {
        var properties = typeof(InstanceManagerOptions).GetProperties().Concat(typeof(ServiceManagerOptions).GetProperties());

        Assert.DoesNotContain(properties, property => property.IsDefined(typeof(ConfigurationKeyNameAttribute), inherit: false));
    }

    private static IConfiguration Configuration(string key, string value) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();
}
