using System.Text.Json.Nodes;
using InstanceManager.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace InstanceManager.Tests.RateLimiting;

/// <summary><c>max_concurrent_requests</c>, <c>max_rate_limit_wait_seconds</c> and <c>default_parameters</c>: binding, defaults and validation.</summary>
public sealed class RequestOptionsTests
{
    [Fact]
    public void Defaults_Are16ConcurrentRequests_A60SecondCap_AndNoDefaultParameters()
    {
        var options = new InstanceManagerOptions();

        Assert.Equal(16, options.MaxConcurrentRequests);
        Assert.Equal(TimeSpan.FromSeconds(60), options.MaxRateLimitWait);
        Assert.Null(options.DefaultParameters);
    }

    [Fact]
    public void TheKeys_AreBoundFromTheCredentials()
    {
        var values = OptionsTests.Credentials();
        values["max_concurrent_requests"] = "4";
        values["max_rate_limit_wait_seconds"] = "120";
        values["default_parameters:provisioning_parameters:database_id"] = "db-2";
        values["default_parameters:binding_parameters:role"] = "reader";

        var options = Bound(values);

        Assert.Equal(4, options.MaxConcurrentRequests);
        Assert.Equal(TimeSpan.FromSeconds(120), options.MaxRateLimitWait);
        Assert.Equal("db-2", (string?)options.DefaultParameters!.ProvisioningParameters!["database_id"]);
        Assert.Equal("reader", (string?)options.DefaultParameters.BindingParameters!["role"]);
    }

    [Fact]
    public void DefaultParameters_AsOneJsonValue_KeepTheirTypes()
    {
        var values = OptionsTests.Credentials();
        values["default_parameters"] = """{"provisioning_parameters":{"database_id":"db-2","replicas":2,"secure":true}}""";

        var options = Bound(values);

        var provisioning = options.DefaultParameters!.ProvisioningParameters!;
        Assert.Equal("db-2", (string?)provisioning["database_id"]);
        Assert.Equal(2, (int)provisioning["replicas"]!);
        Assert.True((bool)provisioning["secure"]!);
        Assert.Null(options.DefaultParameters.BindingParameters);
    }

    [Theory]
    [InlineData("max_concurrent_requests", "0", "'max_concurrent_requests' (MaxConcurrentRequests) must be between 1 and 10000 (was 0)")]
    [InlineData("max_concurrent_requests", "10001", "'max_concurrent_requests' (MaxConcurrentRequests) must be between 1 and 10000 (was 10001)")]
    [InlineData("max_concurrent_requests", "lots", "'max_concurrent_requests' must be an integer (was 'lots')")]
    [InlineData("max_rate_limit_wait_seconds", "-1", "'max_rate_limit_wait_seconds' (MaxRateLimitWait) must be between 0 and 3600 s (was -1 s)")]
    [InlineData("max_rate_limit_wait_seconds", "3601", "'max_rate_limit_wait_seconds' (MaxRateLimitWait) must be between 0 and 3600 s (was 3601 s)")]
    [InlineData("default_parameters", "[1,2]", "'default_parameters' must be an object with 'provisioning_parameters' and/or 'binding_parameters' objects.")]
    [InlineData("default_parameters", """{"database_id":"db-2"}""", "'default_parameters' must be an object with 'provisioning_parameters' and/or 'binding_parameters' objects.")]
    [InlineData("default_parameters:database_id", "db-2", "'default_parameters' may hold only 'provisioning_parameters' and 'binding_parameters' (found 'database_id').")]
    public void ABadValue_FailsAtStartUpNamingTheKey(string key, string value, string expected)
    {
        var values = OptionsTests.Credentials();
        values[key] = value;
        using var provider = OptionsTests.FromConfiguration(values);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1", "0")]
    [InlineData("10000", "3600")]
    public void TheLimits_AreAccepted(string maxConcurrent, string maxWait)
    {
        var values = OptionsTests.Credentials();
        values["max_concurrent_requests"] = maxConcurrent;
        values["max_rate_limit_wait_seconds"] = maxWait;

        var options = Bound(values);

        Assert.Equal(int.Parse(maxConcurrent, System.Globalization.CultureInfo.InvariantCulture), options.MaxConcurrentRequests);
    }

    [Fact]
    public async Task DefaultParameters_AreMergedIntoEveryCreate_AndTheCallsOwnWin()
    {
        using var im = new ImServer(options => options.DefaultParameters = new InstanceParameters
        {
            ProvisioningParameters = new JsonObject { ["database_id"] = "db-2", ["size"] = "small" },
        });
        im.Answer("POST", ImServer.TenantPath("t1"), 201);
        im.Answer("POST", ImServer.TenantPath("t2"), 201);
        im.GetAnswers("t1", (200, InstanceJson.Instance("t1", "CREATION_SUCCEEDED")));
        im.GetAnswers("t2", (200, InstanceJson.Instance("t2", "CREATION_SUCCEEDED")));

        await im.Clock.RunAsync(im.Client.CreateAsync("t1"));
        await im.Clock.RunAsync(im.Client.CreateAsync("t2", new InstanceParameters { ProvisioningParameters = new JsonObject { ["size"] = "large" } }));

        var bodies = im.Requests("POST").ToDictionary(entry => entry.RequestMessage.Path, entry => JsonNode.Parse(entry.RequestMessage.Body!)!["provisioning_parameters"]!.ToJsonString());
        Assert.Equal("""{"database_id":"db-2","size":"small"}""", bodies[ImServer.TenantPath("t1")]);
        Assert.Equal("""{"database_id":"db-2","size":"large"}""", bodies[ImServer.TenantPath("t2")]);
        Assert.Equal(2, im.Options.DefaultParameters!.ProvisioningParameters!.Count);
        Assert.Equal("small", (string?)im.Options.DefaultParameters.ProvisioningParameters["size"]);
    }

    private static InstanceManagerOptions Bound(Dictionary<string, string?> values)
    {
        using var provider = OptionsTests.FromConfiguration(values);
        provider.GetRequiredService<IStartupValidator>().Validate();
        return provider.GetRequiredService<IOptions<InstanceManagerOptions>>().Value;
    }
}
