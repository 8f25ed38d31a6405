using InstanceManager.Configuration;
using Microsoft.Extensions.Configuration;

namespace InstanceManager.Tests.ServiceManager;

public sealed class OptionsTests
{
    private static InstanceManagerOptions Bind(Dictionary<string, string?> credentials)
    {
        var options = new InstanceManagerOptions();
        InstanceManagerOptionsBinder.Bind(new ConfigurationBuilder().AddInMemoryCollection(credentials).Build(), options);
        return options;
    }

    private static Dictionary<string, string?> Credentials() => new()
    {
        ["sm_url"] = "https://service-manager.example",
        ["url"] = "https://sub.authentication.example",
        ["clientid"] = "sb-client",
        ["clientsecret"] = "Top-Secret-Value-123",
        ["xsappname"] = "app!b1",
    };

    [Fact]
    public void Credentials_WithSmUrl_BindTheServiceManagerOptions_AndNeedNoInstanceManagerKeys()
    {
        var credentials = Credentials();
        credentials["service"] = "postgresql-db";
        credentials["plan"] = "trial";
        credentials["allow_binding"] = "false";

        var options = Bind(credentials);

        Assert.NotNull(options.ServiceManager);
        Assert.Equal("https://service-manager.example", options.ServiceManager.SmUrl);
        Assert.Equal("sb-client", options.ServiceManager.ClientId);
        Assert.Equal("postgresql-db", options.ServiceManager.Service);
        Assert.Equal("trial", options.ServiceManager.Plan);
        Assert.False(options.ServiceManager.AllowBinding);
        Assert.True(new InstanceManagerOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Credentials_WithoutSmUrl_LeaveTheServiceManagerUnset()
    {
        var options = Bind(new() { ["user"] = "u" });

        Assert.Null(options.ServiceManager);
    }

    [Fact]
    public void Defaults_AreHanaHdiSharedWithBinding()
    {
        var options = Bind(Credentials()).ServiceManager!;

        Assert.Equal("hana", options.Service);
        Assert.Equal("hdi-shared", options.Plan);
        Assert.True(options.AllowBinding);
    }

    [Fact]
    public void MissingKeys_FailNamingTheKeys_NeverTheSecret()
    {
        var credentials = Credentials();
        credentials.Remove("clientid");
        credentials["url"] = "not a url";
        credentials["allowBinding"] = "maybe";

        var result = new InstanceManagerOptionsValidator().Validate(null, Bind(credentials));

        Assert.True(result.Failed);
        Assert.Contains("'clientid'", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("'url'", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("'allowBinding'", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("'user'", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("Top-Secret-Value-123", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void NeitherSecretNorCertificate_FailsNamingBoth()
    {
        var credentials = Credentials();
        credentials.Remove("clientsecret");

        var result = new InstanceManagerOptionsValidator().Validate(null, Bind(credentials));

        Assert.Contains("'clientsecret' (ClientSecret) or 'certificate' and 'key' are required.", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidCertificate_FailsNamingTheKeys_NeverThePem()
    {
        var credentials = Credentials();
        credentials.Remove("clientsecret");
        credentials["certificate"] = "-----BEGIN CERTIFICATE-----\nnot-really-SECRETPEM\n-----END CERTIFICATE-----";
        credentials["key"] = "-----BEGIN PRIVATE KEY-----\nKEYMATERIAL\n-----END PRIVATE KEY-----";

        var result = new InstanceManagerOptionsValidator().Validate(null, Bind(credentials));

        Assert.Contains("'certificate' and 'key'", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRETPEM", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("KEYMATERIAL", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_HidesSecretCertificateAndKey()
    {
        var options = Bind(Credentials());
        options.ServiceManager!.Certificate = "CERT-PEM-TEXT";
        options.ServiceManager.Key = "KEY-PEM-TEXT";

        var text = options.ToString();

        Assert.Contains("ClientId = (set), ClientSecret = (hidden), Certificate = (hidden), Key = (hidden)", text, StringComparison.Ordinal);
        Assert.Contains("ClientId = (none), ClientSecret = (none), Certificate = (none), Key = (none)", new ServiceManagerOptions().ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Top-Secret-Value-123", text, StringComparison.Ordinal);
        Assert.DoesNotContain("CERT-PEM-TEXT", text, StringComparison.Ordinal);
        Assert.DoesNotContain("KEY-PEM-TEXT", text, StringComparison.Ordinal);
    }
}
