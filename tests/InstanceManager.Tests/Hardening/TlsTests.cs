using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using InstanceManager.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace InstanceManager.Tests.Hardening;

/// <summary>A service whose certificate is issued by a private CA, served by Kestrel on loopback.</summary>
public sealed class TlsTests : IAsyncLifetime
{
    private readonly string _bundle = Path.Combine(Path.GetTempPath(), $"im-ca-{Guid.NewGuid():N}.pem");
    private LoopbackServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=InstanceManager Test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

        using var leafKey = RSA.Create(2048);
        var leafRequest = new CertificateRequest("CN=localhost", leafKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        leafRequest.CertificateExtensions.Add(names.Build());
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var issued = leafRequest.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(29), [1, 2, 3, 4]);
        using var withKey = issued.CopyWithPrivateKey(leafKey);
        var leaf = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);

        await File.WriteAllTextAsync(_bundle, ca.ExportCertificatePem());
        _server = await LoopbackServer.StartAsync(
            context =>
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            },
            leaf);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        File.Delete(_bundle);
    }

    [Fact]
    public async Task CustomCaBundle_ServerCertificateIssuedByIt_IsTrusted()
    {
        using var im = new LoopbackClient(_server.BaseUrl, options => options.CaCertificatesPath = _bundle);

        var instance = await im.Client.GetAsync("t1");

        Assert.Null(instance);
        Assert.Equal(1, _server.Requests);
    }

    [Fact]
    public async Task NoBundle_ServerCertificateOfUnknownCa_RejectedWithClearError()
    {
        using var im = new LoopbackClient(_server.BaseUrl, options => options.Resilience.MaxRetryAttempts = 0);

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => im.Client.GetAsync("t1").AsTask());

        Assert.Null(exception.StatusCode);
        Assert.Contains("could not be reached", exception.Message, StringComparison.Ordinal);
        Assert.Equal(0, _server.Requests);
    }

    [Fact]
    public void MissingBundleFile_FailsValidationNamingTheKey()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddInstanceManager(options =>
        {
            ImServer.Fill(options, _server.BaseUrl);
            options.CaCertificatesPath = _bundle + ".missing";
        });
        using var provider = services.BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<InstanceManagerOptions>>().Value);

        Assert.Contains("'ca_certificates_path' (CaCertificatesPath) names a file that does not exist", exception.Message, StringComparison.Ordinal);
    }
}
