using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace InstanceManager.Redis.Tests;

public sealed class OptionsTests
{
    [Theory]
    [InlineData(null, null, "'InstanceManagerRedis:Configuration' is required")]
    [InlineData("127.0.0.1:6379,nonsense=1", null, "'InstanceManagerRedis:Configuration' is not a valid StackExchange.Redis configuration string")]
    [InlineData("127.0.0.1:6379", "c2hvcnQ=", "'InstanceManagerRedis:EncryptionKey' must be the Base64 text of 32 bytes")]
    public async Task Invalid_options_fail_when_the_host_starts_naming_the_key(string? configuration, string? encryptionKey, string expected)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddInstanceManager(Credentials()).AddRedis(options =>
        {
            options.Configuration = configuration;
            options.EncryptionKey = encryptionKey;
        });
        using var host = builder.Build();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Timeouts_out_of_range_fail_when_the_host_starts_naming_each_key()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddInstanceManagerRedis(options =>
        {
            options.Configuration = "127.0.0.1:6379";
            options.OperationTimeout = TimeSpan.Zero;
            options.LockTimeout = TimeSpan.FromMilliseconds(10);
            options.ListReuse = TimeSpan.FromSeconds(-1);
        });
        using var host = builder.Build();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("'InstanceManagerRedis:OperationTimeout'", failure.Message, StringComparison.Ordinal);
        Assert.Contains("'InstanceManagerRedis:LockTimeout'", failure.Message, StringComparison.Ordinal);
        Assert.Contains("'InstanceManagerRedis:ListReuse'", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_bind_from_a_configuration_section_and_hide_secrets()
    {
        var section = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["InstanceManagerRedis:Configuration"] = "redis:6379,password=very-secret",
                ["InstanceManagerRedis:KeyPrefix"] = "app1:",
                ["InstanceManagerRedis:OperationTimeout"] = "00:00:00.5",
            })
            .Build()
            .GetSection(InstanceManagerRedisOptions.SectionName);
        var services = new ServiceCollection();
        services.AddInstanceManagerRedis(section);
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<InstanceManagerRedisOptions>>().Value;

        Assert.Equal("app1:", options.KeyPrefix);
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.OperationTimeout);
        Assert.DoesNotContain("very-secret", options.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_options_of_a_keyed_client_fail_when_the_host_starts_under_its_key()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddKeyedInstanceManager("hana", Credentials()).AddRedis(options => options.OperationTimeout = TimeSpan.Zero);
        using var host = builder.Build();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Equal("hana", failure.OptionsName);
        Assert.Contains("'InstanceManagerRedis:Configuration' is required", failure.Message, StringComparison.Ordinal);
        Assert.Contains("'InstanceManagerRedis:OperationTimeout'", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_overload_without_options_needs_a_connection_multiplexer_in_the_services()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddInstanceManager(Credentials()).AddRedis();
        using var provider = services.BuildServiceProvider();

        var failure = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IInstanceManagerClient>());

        Assert.Contains("IConnectionMultiplexer", failure.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Credentials() =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["user"] = "user",
                ["password"] = "password",
                ["post_managed_instance_url"] = "http://127.0.0.1:1/instances/{tenant_id}",
                ["get_managed_instance_url"] = "http://127.0.0.1:1/instances/{tenant_id}",
                ["get_all_managed_instances_url"] = "http://127.0.0.1:1/instances",
                ["delete_managed_instance_url"] = "http://127.0.0.1:1/instances/{tenant_id}",
            })
            .Build();
}
