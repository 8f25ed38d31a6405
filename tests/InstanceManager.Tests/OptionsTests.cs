using InstanceManager.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace InstanceManager.Tests;

public sealed class OptionsTests
{
    private const string Base = "https://im.example/instance-manager/managed/managed_instances/svc-1";

    private static void Valid(InstanceManagerOptions options) => ImServer.Fill(options, "https://im.example");

    private static ServiceProvider Build(Action<IServiceCollection> register)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        register(services);
        return services.BuildServiceProvider();
    }

    private static OptionsValidationException StartupFails(Action<InstanceManagerOptions> configure)
    {
        using var provider = Build(services => services.AddInstanceManager(options =>
        {
            Valid(options);
            configure(options);
        }));
        return Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
    }

    /// <summary>A complete set of Instance Manager credential keys, as a binding holds them.</summary>
    internal static Dictionary<string, string?> Credentials() => new()
    {
        ["user"] = ImServer.User,
        ["password"] = ImServer.Password,
        ["post_managed_instance_url"] = Base + "/{tenant_id}",
        ["get_managed_instance_url"] = Base + "/{tenant_id}",
        ["get_all_managed_instances_url"] = Base,
        ["delete_managed_instance_url"] = Base + "/{tenant_id}",
    };

    /// <summary>A container with the client registered from <paramref name="values"/> as configuration.</summary>
    internal static ServiceProvider FromConfiguration(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        return Build(services => services.AddInstanceManager(configuration));
    }

    public static TheoryData<string, string> InvalidOptions => new()
    {
        { "user=null", "'user' (User) is required" },
        { "user=", "'user' (User) is required" },
        { "password=null", "'password' (Password) is required" },
        { "password= ", "'password' (Password) is required" },
        { "post=null", "'post_managed_instance_url' (PostManagedInstanceUrl) is required" },
        { "get=null", "'get_managed_instance_url' (GetManagedInstanceUrl) is required" },
        { "getall=null", "'get_all_managed_instances_url' (GetAllManagedInstancesUrl) is required" },
        { "delete=null", "'delete_managed_instance_url' (DeleteManagedInstanceUrl) is required" },
        { "post=/relative/{tenant_id}", "'post_managed_instance_url' (PostManagedInstanceUrl) must be an absolute http or https URL" },
        { "get=ftp://im.example/{tenant_id}", "'get_managed_instance_url' (GetManagedInstanceUrl) must be an absolute http or https URL" },
        { "getall=file:///etc/passwd", "'get_all_managed_instances_url' (GetAllManagedInstancesUrl) must be an absolute http or https URL" },
        { "delete=https://im.example/x", "'delete_managed_instance_url' (DeleteManagedInstanceUrl) must contain the placeholder '{tenant_id}' exactly once" },
        { "post=https://im.example/{tenant_id}/{tenant_id}", "'post_managed_instance_url' (PostManagedInstanceUrl) must contain the placeholder '{tenant_id}' exactly once" },
        { "getall=https://im.example/{tenant_id}", "'get_all_managed_instances_url' (GetAllManagedInstancesUrl) may not contain the placeholder '{tenant_id}'" },
        { "interval=-1", "'polling_interval_millis' (PollingInterval) must be at least 0 ms" },
        { "timeout=999", "'polling_timeout_seconds' (PollingTimeout) must be at least 1 s" },
        { "maxitems=0", "'cache_max_items' (CacheMaxItems) must be at least 1 (was 0)" },
        { "expire=999", "'cache_item_expire_seconds' (CacheItemExpiration) must be at least 1 s" },
        { "maxdelay=100", "'max_polling_delay_millis' (MaxPollingDelay) must be positive and at least the polling interval" },
    };

    private static void Apply(string change, InstanceManagerOptions options)
    {
        var (name, value) = (change[..change.IndexOf('=', StringComparison.Ordinal)], change[(change.IndexOf('=', StringComparison.Ordinal) + 1)..]);
        var text = value == "null" ? null : value;
        switch (name)
        {
            case "user": options.User = text; break;
            case "password": options.Password = text; break;
            case "post": options.PostManagedInstanceUrl = text; break;
            case "get": options.GetManagedInstanceUrl = text; break;
            case "getall": options.GetAllManagedInstancesUrl = text; break;
            case "delete": options.DeleteManagedInstanceUrl = text; break;
            case "interval": options.PollingInterval = TimeSpan.FromMilliseconds(int.Parse(value, System.Globalization.CultureInfo.InvariantCulture)); break;
            case "timeout": options.PollingTimeout = TimeSpan.FromMilliseconds(int.Parse(value, System.Globalization.CultureInfo.InvariantCulture)); break;
            case "maxitems": options.CacheMaxItems = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "expire": options.CacheItemExpiration = TimeSpan.FromMilliseconds(int.Parse(value, System.Globalization.CultureInfo.InvariantCulture)); break;
            case "maxdelay": options.MaxPollingDelay = TimeSpan.FromMilliseconds(int.Parse(value, System.Globalization.CultureInfo.InvariantCulture)); break;
            default: throw new ArgumentOutOfRangeException(nameof(change), change, "unknown option");
        }
    }

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void InvalidOptions_FailAtStartUpNamingTheKey(string change, string expected)
    {
        var error = StartupFails(options => Apply(change, options));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Single(error.Failures);
        Assert.DoesNotContain(ImServer.Password, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidOptions_PassStartUpValidation()
    {
        using var provider = Build(services => services.AddInstanceManager(Valid));

        provider.GetRequiredService<IStartupValidator>().Validate();

        Assert.Equal(ImServer.User, provider.GetRequiredService<IOptions<InstanceManagerOptions>>().Value.User);
    }

    [Fact]
    public void SeveralProblems_AreAllReported()
    {
        var error = StartupFails(options =>
        {
            options.User = null;
            options.CacheMaxItems = -5;
            options.PollingTimeout = TimeSpan.Zero;
        });

        Assert.Equal(3, error.Failures.Count());
        Assert.Contains("'user'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'cache_max_items'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'polling_timeout_seconds'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UrlValidation_NeverEchoesThePasswordEvenWhenItIsInTheUrl()
    {
        var error = StartupFails(options => options.GetAllManagedInstancesUrl = $"ftp://{ImServer.User}:{ImServer.Password}@im.example/list");

        Assert.Contains("'get_all_managed_instances_url'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ImServer.Password, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResolvingTheClient_WithInvalidOptions_ThrowsNamingTheKey()
    {
        using var provider = Build(services => services.AddInstanceManager(options =>
        {
            Valid(options);
            options.Password = null;
        }));

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IInstanceManagerClient>());

        Assert.Contains("'password'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Configuration_IsBoundFromTheBindingKeys()
    {
        var values = Credentials();
        values["polling_interval_millis"] = "250";
        values["polling_timeout_seconds"] = "30";
        values["cache_max_items"] = "7";
        values["cache_item_expire_seconds"] = "60";
        values["polling_strategy"] = "referencecompatible";
        values["max_polling_delay_millis"] = "5000";
        values["resilience:MaxRetryAttempts"] = "1";
        values["resilience:Enabled"] = "false";
        using var provider = FromConfiguration(values);

        provider.GetRequiredService<IStartupValidator>().Validate();
        var options = provider.GetRequiredService<IOptions<InstanceManagerOptions>>().Value;

        Assert.Equal(ImServer.User, options.User);
        Assert.Equal(ImServer.Password, options.Password);
        Assert.Equal(Base + "/{tenant_id}", options.PostManagedInstanceUrl);
        Assert.Equal(Base + "/{tenant_id}", options.GetManagedInstanceUrl);
        Assert.Equal(Base, options.GetAllManagedInstancesUrl);
        Assert.Equal(Base + "/{tenant_id}", options.DeleteManagedInstanceUrl);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.PollingInterval);
        Assert.Equal(TimeSpan.FromSeconds(30), options.PollingTimeout);
        Assert.Equal(7, options.CacheMaxItems);
        Assert.Equal(TimeSpan.FromSeconds(60), options.CacheItemExpiration);
        Assert.Equal(PollingStrategy.ReferenceCompatible, options.PollingStrategy);
        Assert.Equal(TimeSpan.FromSeconds(5), options.MaxPollingDelay);
        Assert.Equal(1, options.Resilience.MaxRetryAttempts);
        Assert.False(options.Resilience.Enabled);
    }

    [Fact]
    public void Configuration_WithoutTuningKeys_UsesTheReferenceDefaults()
    {
        using var provider = FromConfiguration(Credentials());

        var options = provider.GetRequiredService<IOptions<InstanceManagerOptions>>().Value;

        Assert.Equal(TimeSpan.FromMilliseconds(300), options.PollingInterval);
        Assert.Equal(TimeSpan.FromSeconds(120), options.PollingTimeout);
        Assert.Equal(500, options.CacheMaxItems);
        Assert.Equal(TimeSpan.FromSeconds(600), options.CacheItemExpiration);
        Assert.Equal(PollingStrategy.Adaptive, options.PollingStrategy);
    }

    [Fact]
    public void Configuration_WithTheCredentialsUnderASection_IsBoundFromThatSection()
    {
        var values = Credentials().ToDictionary(pair => "VCAP:managed-hana:credentials:" + pair.Key, pair => pair.Value);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        using var provider = Build(services => services.AddInstanceManager(configuration.GetSection("VCAP:managed-hana:credentials")));

        provider.GetRequiredService<IStartupValidator>().Validate();

        Assert.Equal(Base, provider.GetRequiredService<IOptions<InstanceManagerOptions>>().Value.GetAllManagedInstancesUrl);
    }

    [Theory]
    [InlineData("polling_interval_millis", "abc", "'polling_interval_millis' must be an integer (was 'abc')")]
    [InlineData("polling_interval_millis", "1.5", "'polling_interval_millis' must be an integer (was '1.5')")]
    [InlineData("polling_interval_millis", "-1", "'polling_interval_millis' (PollingInterval) must be at least 0 ms")]
    [InlineData("polling_timeout_seconds", "0", "'polling_timeout_seconds' (PollingTimeout) must be at least 1 s")]
    [InlineData("polling_timeout_seconds", "99999999999", "'polling_timeout_seconds' must be an integer (was '99999999999')")]
    [InlineData("cache_max_items", "0", "'cache_max_items' (CacheMaxItems) must be at least 1")]
    [InlineData("cache_max_items", "many", "'cache_max_items' must be an integer (was 'many')")]
    [InlineData("cache_item_expire_seconds", "0", "'cache_item_expire_seconds' (CacheItemExpiration) must be at least 1 s")]
    [InlineData("polling_strategy", "fastest", "'polling_strategy' must be one of Adaptive, ReferenceCompatible (was 'fastest')")]
    [InlineData("polling_strategy", "7", "'polling_strategy' must be one of Adaptive, ReferenceCompatible (was '7')")]
    [InlineData("post_managed_instance_url", "im.example/{tenant_id}", "'post_managed_instance_url' (PostManagedInstanceUrl) must be an absolute http or https URL")]
    [InlineData("user", "", "'user' (User) is required")]
    public void Configuration_WithABadValue_FailsAtStartUpNamingTheKey(string key, string value, string expected)
    {
        var values = Credentials();
        values[key] = value;
        using var provider = FromConfiguration(values);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ImServer.Password, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Configuration_WithAResilienceValueOfTheWrongType_FailsAtStartUp()
    {
        var values = Credentials();
        values["resilience:MaxRetryAttempts"] = "lots";
        using var provider = FromConfiguration(values);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("'resilience'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_HidesThePassword()
    {
        var options = new InstanceManagerOptions();
        Valid(options);

        var text = options.ToString();

        Assert.DoesNotContain(ImServer.Password, text, StringComparison.Ordinal);
        Assert.Contains("Password = (hidden)", text, StringComparison.Ordinal);
        Assert.Contains("User = (set)", text, StringComparison.Ordinal);
        Assert.Contains("CacheMaxItems = 500", text, StringComparison.Ordinal);
        Assert.Contains("User = (none), Password = (none)", new InstanceManagerOptions().ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_AreThoseOfTheOfficialClients()
    {
        var options = new InstanceManagerOptions();

        Assert.Equal(TimeSpan.FromMilliseconds(300), options.PollingInterval);
        Assert.Equal(TimeSpan.FromSeconds(120), options.PollingTimeout);
        Assert.Equal(500, options.CacheMaxItems);
        Assert.Equal(TimeSpan.FromSeconds(600), options.CacheItemExpiration);
    }
}
