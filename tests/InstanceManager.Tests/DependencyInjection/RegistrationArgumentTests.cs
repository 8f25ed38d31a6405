using InstanceManager.Reconciliation;
using InstanceManager.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace InstanceManager.Tests.DependencyInjection;

/// <summary>
/// Registration methods refuse missing arguments where they are called, naming the parameter, instead of failing
/// later when the container builds the client; and the health checks register with the documented defaults.
/// </summary>
public sealed class RegistrationArgumentTests
{
    private static readonly IConfiguration Empty = new ConfigurationBuilder().Build();

    public static TheoryData<string, Action> NullArguments() => new()
    {
        { "services", () => ((IServiceCollection)null!).AddInstanceManager(Empty) },
        { "credentials", () => new ServiceCollection().AddInstanceManager((IConfiguration)null!) },
        { "services", () => ((IServiceCollection)null!).AddInstanceManager(_ => { }) },
        { "configure", () => new ServiceCollection().AddInstanceManager((Action<InstanceManagerOptions>)null!) },
        { "services", () => ((IServiceCollection)null!).AddKeyedInstanceManager("k", Empty) },
        { "credentials", () => new ServiceCollection().AddKeyedInstanceManager("k", (IConfiguration)null!) },
        { "services", () => ((IServiceCollection)null!).AddKeyedInstanceManager("k", _ => { }) },
        { "configure", () => new ServiceCollection().AddKeyedInstanceManager("k", (Action<InstanceManagerOptions>)null!) },
        { "services", () => ((IServiceCollection)null!).AddInstanceManagerCacheWarmUp() },
        { "builder", () => ((IInstanceManagerBuilder)null!).AddCacheWarmUp() },
        { "services", () => ((IServiceCollection)null!).AddInstanceManagerReconciler() },
        { "services", () => ((IServiceCollection)null!).AddInstanceManagerReconciler(_ => { }) },
        { "configure", () => new ServiceCollection().AddInstanceManagerReconciler((Action<TenantReconcilerOptions>)null!) },
        { "services", () => ((IServiceCollection)null!).AddInstanceManagerReconciler(Empty) },
        { "section", () => new ServiceCollection().AddInstanceManagerReconciler((IConfiguration)null!) },
        { "builder", () => ((IHealthChecksBuilder)null!).AddInstanceManager() },
        { "builder", () => ((IHealthChecksBuilder)null!).AddInstanceManagerReconciler() },
    };

    [Theory]
    [MemberData(nameof(NullArguments))]
    public void AMissingArgument_IsRefusedWhereTheMethodIsCalled(string parameter, Action register)
    {
        var error = Assert.Throws<ArgumentNullException>(register);

        Assert.Equal(parameter, error.ParamName);
    }

    [Fact]
    public void AMissingArgument_LeavesTheServicesAsTheyWere()
    {
        var services = new ServiceCollection();

        Assert.Throws<ArgumentNullException>(() => services.AddInstanceManager((IConfiguration)null!));
        Assert.Throws<ArgumentNullException>(() => services.AddKeyedInstanceManager("k", (Action<InstanceManagerOptions>)null!));
        Assert.Throws<ArgumentNullException>(() => services.AddInstanceManagerReconciler((IConfiguration)null!));

        Assert.Empty(services);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void AHealthCheckWithoutAName_IsRefused(string name)
    {
        var checks = new ServiceCollection().AddHealthChecks();

        Assert.Equal("name", Assert.ThrowsAny<ArgumentException>(() => checks.AddInstanceManager(name)).ParamName);
        Assert.Equal("name", Assert.ThrowsAny<ArgumentException>(() => checks.AddInstanceManagerReconciler(name)).ParamName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void ADegradedLatencyThatIsNotPositive_IsRefused(int milliseconds)
    {
        var checks = new ServiceCollection().AddHealthChecks();

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => checks.AddInstanceManager(degradedLatency: TimeSpan.FromMilliseconds(milliseconds)));

        Assert.Equal("degradedLatency", error.ParamName);
    }

    [Fact]
    public void TheHealthChecks_RegisterWithTheirNamesTagsAndFailureStatuses()
    {
        var services = new ServiceCollection();
        services.AddHealthChecks()
            .AddInstanceManager()
            .AddInstanceManagerReconciler()
            .AddInstanceManager("im-ready", HealthStatus.Degraded, ["ready"])
            .AddInstanceManagerReconciler("reconciler-live", HealthStatus.Unhealthy, ["live"]);
        using var provider = services.BuildServiceProvider();

        var registrations = provider.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations;

        Assert.Equal(
            [
                ("instance-manager", HealthStatus.Unhealthy, ""),
                ("instance-manager-reconciler", HealthStatus.Degraded, ""),
                ("im-ready", HealthStatus.Degraded, "ready"),
                ("reconciler-live", HealthStatus.Unhealthy, "live"),
            ],
            registrations.Select(registration => (registration.Name, registration.FailureStatus, string.Join(",", registration.Tags))));
    }

    [Fact]
    public async Task TheReconcilerHealthCheck_WorksWithoutTheReconciler_AndSaysNoRunHappened()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddHealthChecks().AddInstanceManagerReconciler();
        using var provider = services.BuildServiceProvider();

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        var entry = Assert.Single(report.Entries).Value;
        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Equal("No reconciliation has run yet.", entry.Description);
    }
}
