using InstanceManager.Tests.Infrastructure;

namespace InstanceManager.Tests.Configuration;

/// <summary>Values exactly on a limit of the Instance Manager options start; one step past it fails once, naming the key.</summary>
public sealed class OptionBoundaryTests
{
    [Fact]
    public void MaxPollingDelay_EqualToThePollingInterval_Starts()
    {
        Assert.Null(StartupValidation.Run(options =>
        {
            options.PollingInterval = TimeSpan.FromSeconds(2);
            options.MaxPollingDelay = TimeSpan.FromSeconds(2);
        }));
    }

    [Fact]
    public void MaxPollingDelay_OneTickBelowThePollingInterval_Fails()
    {
        var error = StartupValidation.Run(options =>
        {
            options.PollingInterval = TimeSpan.FromSeconds(2);
            options.MaxPollingDelay = TimeSpan.FromSeconds(2) - TimeSpan.FromTicks(1);
        });

        Assert.NotNull(error);
        Assert.StartsWith("'max_polling_delay_millis' (MaxPollingDelay) must be positive and at least the polling interval", Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void MaxPollingDelay_OfZero_FailsEvenWithAPollingIntervalOfZero()
    {
        var error = StartupValidation.Run(options =>
        {
            options.PollingInterval = TimeSpan.Zero;
            options.MaxPollingDelay = TimeSpan.Zero;
        });

        Assert.NotNull(error);
        Assert.Equal("'max_polling_delay_millis' (MaxPollingDelay) must be positive and at least the polling interval (was 0 ms).", Assert.Single(error.Failures));
    }

    [Fact]
    public void PollingIntervalOfZero_AndTheSmallestPositiveMaxPollingDelay_Start()
    {
        Assert.Null(StartupValidation.Run(options =>
        {
            options.PollingInterval = TimeSpan.Zero;
            options.MaxPollingDelay = TimeSpan.FromTicks(1);
        }));
    }

    [Fact]
    public void PollingInterval_OneTickBelowZero_Fails()
    {
        var error = StartupValidation.Run(options => options.PollingInterval = -TimeSpan.FromTicks(1));

        Assert.NotNull(error);
        Assert.StartsWith("'polling_interval_millis' (PollingInterval) must be at least 0 ms", Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void CacheItemExpirationAndPollingTimeout_OfExactlyOneSecond_Start()
    {
        Assert.Null(StartupValidation.Run(options =>
        {
            options.CacheItemExpiration = TimeSpan.FromSeconds(1);
            options.PollingTimeout = TimeSpan.FromSeconds(1);
        }));
    }

    [Fact]
    public void CacheItemExpiration_OneTickBelowOneSecond_Fails()
    {
        var error = StartupValidation.Run(options => options.CacheItemExpiration = TimeSpan.FromSeconds(1) - TimeSpan.FromTicks(1));

        Assert.NotNull(error);
        Assert.StartsWith("'cache_item_expire_seconds' (CacheItemExpiration) must be at least 1 s", Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void PollingTimeout_OneTickBelowOneSecond_Fails()
    {
        var error = StartupValidation.Run(options => options.PollingTimeout = TimeSpan.FromSeconds(1) - TimeSpan.FromTicks(1));

        Assert.NotNull(error);
        Assert.StartsWith("'polling_timeout_seconds' (PollingTimeout) must be at least 1 s", Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void CacheMaxItems_OfOne_Starts()
    {
        Assert.Null(StartupValidation.Run(options => options.CacheMaxItems = 1));
    }

    [Fact]
    public void AnUndefinedPollingStrategy_Fails()
    {
        var error = StartupValidation.Run(options => options.PollingStrategy = (PollingStrategy)42);

        Assert.NotNull(error);
        Assert.Equal("'polling_strategy' (PollingStrategy) is not a known strategy (was 42).", Assert.Single(error.Failures));
    }

    [Theory]
    [InlineData("relative/path")]
    [InlineData("ftp://im.example/instances")]
    public void APerTenantUrlThatIsInvalidAndLacksThePlaceholder_IsReportedOnce(string url)
    {
        var error = StartupValidation.Run(options => options.DeleteManagedInstanceUrl = url);

        Assert.NotNull(error);
        Assert.Equal("'delete_managed_instance_url' (DeleteManagedInstanceUrl) must be an absolute http or https URL.", Assert.Single(error.Failures));
    }

    [Fact]
    public void TheListUrlThatIsInvalidAndHasThePlaceholder_IsReportedOnce()
    {
        var error = StartupValidation.Run(options => options.GetAllManagedInstancesUrl = "ftp://im.example/{tenant_id}");

        Assert.NotNull(error);
        Assert.Equal("'get_all_managed_instances_url' (GetAllManagedInstancesUrl) must be an absolute http or https URL.", Assert.Single(error.Failures));
    }

    [Fact]
    public void HttpAndHttpsUrls_BothStart()
    {
        Assert.Null(StartupValidation.Run(options =>
        {
            options.GetManagedInstanceUrl = "http://im.example/x/{tenant_id}";
            options.PostManagedInstanceUrl = "https://im.example/x/{tenant_id}";
        }));
    }
}
