using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using InstanceManager.Configuration;

namespace InstanceManager.Tests.ServiceManager;

/// <summary>Each rule of the Service Manager credentials, message by message.</summary>
public sealed class OptionsValidationTests
{
    private static InstanceManagerOptions Valid() => new()
    {
        ServiceManager = new ServiceManagerOptions
        {
            SmUrl = "https://service-manager.example",
            Url = "https://sub.authentication.example",
            ClientId = "sb-client",
            ClientSecret = "Top-Secret-Value-123",
        },
    };

    private static string[] Failures(Action<ServiceManagerOptions> change)
    {
        var options = Valid();
        change(options.ServiceManager!);
        var result = new InstanceManagerOptionsValidator().Validate(null, options);
        return result.Succeeded ? [] : [.. result.Failures!];
    }

    public static TheoryData<string, string> Invalid => new()
    {
        { "sm_url=", "'sm_url' (SmUrl) is required and may not be empty." },
        { "sm_url=ftp://service-manager.example", "'sm_url' (SmUrl) must be an absolute http or https URL." },
        { "url= ", "'url' (Url) is required and may not be empty." },
        { "url=/oauth/token", "'url' (Url) must be an absolute http or https URL." },
        { "certurl=file:///etc/hosts", "'certurl' (CertUrl) must be an absolute http or https URL." },
        { "clientid=", "'clientid' (ClientId) is required and may not be empty." },
        { "clientsecret= ", "'clientsecret' (ClientSecret) or 'certificate' and 'key' are required." },
        { "service=", "'service' (Service) may not be empty." },
        { "plan= ", "'plan' (Plan) may not be empty." },
        { "service=hana\\x", "'service' (Service) may not contain a backslash: the Service Manager's query grammar cannot carry it unchanged." },
        { "plan='hdi-shared'", "'plan' (Plan) may not start or end with a single quote: the Service Manager strips those from query values." },
    };

    private static void Apply(string change, ServiceManagerOptions options)
    {
        var (name, value) = (change[..change.IndexOf('=', StringComparison.Ordinal)], change[(change.IndexOf('=', StringComparison.Ordinal) + 1)..]);
        switch (name)
        {
            case "sm_url": options.SmUrl = value; break;
            case "url": options.Url = value; break;
            case "certurl": options.CertUrl = value; break;
            case "clientid": options.ClientId = value; break;
            case "clientsecret": options.ClientSecret = value; break;
            case "service": options.Service = value; break;
            case "plan": options.Plan = value; break;
            default: throw new ArgumentOutOfRangeException(nameof(change), change, "unknown key");
        }
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void AnInvalidValue_FailsWithOneMessageNamingTheKey(string change, string expected)
    {
        Assert.Equal([expected], Failures(options => Apply(change, options)));
    }

    [Theory]
    [InlineData("http://service-manager.example", "")]
    [InlineData("https://service-manager.example", " ")]
    [InlineData("https://service-manager.example", "https://sub.authentication.cert.example")]
    public void HttpUrls_AndAnEmptyOrValidCertUrl_Pass(string smUrl, string certUrl)
    {
        Assert.Empty(Failures(options =>
        {
            options.SmUrl = smUrl;
            options.CertUrl = certUrl;
        }));
    }

    [Fact]
    public void ACertificateWithoutItsKey_FailsNamingBoth()
    {
        Assert.Equal(
            ["'key' (Key) is required with 'certificate' and may not be empty."],
            Failures(options =>
            {
                options.ClientSecret = null;
                options.Certificate = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----";
                options.Key = " ";
            }));
    }

    [Fact]
    public void AValidCertificateAndKey_PassWithoutAClientSecret()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=sb-client", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        Assert.Empty(Failures(options =>
        {
            options.ClientSecret = null;
            options.Certificate = certificate.ExportCertificatePem();
            options.Key = key.ExportPkcs8PrivateKeyPem();
        }));
    }

    [Fact]
    public void ACertificateWithTheKeyOfAnotherOne_Fails()
    {
        using var key = RSA.Create(2048);
        using var otherKey = RSA.Create(2048);
        var request = new CertificateRequest("CN=sb-client", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        Assert.Equal(
            ["'certificate' and 'key' (Certificate, Key) must be a PEM certificate and its PEM private key."],
            Failures(options =>
            {
                options.ClientSecret = null;
                options.Certificate = certificate.ExportCertificatePem();
                options.Key = otherKey.ExportPkcs8PrivateKeyPem();
            }));
    }

    [Fact]
    public void MigrationMode_AlsoNeedsEveryInstanceManagerKey()
    {
        var options = Valid();
        options.User = "im-user";

        var result = new InstanceManagerOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("'password' (Password) is required and may not be empty.", result.Failures!);
        Assert.DoesNotContain(result.Failures!, failure => failure.StartsWith("'user'", StringComparison.Ordinal));
    }
}
