using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using InstanceManager.Resilience;
using InstanceManager.Tests.Infrastructure;

namespace InstanceManager.Tests.Hardening;

/// <summary>
/// The decision of the custom CA bundle on each server certificate, and which bundle is used. The end-to-end case
/// (a Kestrel server with a certificate of a private CA) is in <see cref="TlsTests"/>.
/// </summary>
public sealed class CustomCaTrustTests : IDisposable
{
    private readonly X509Certificate2 _root;
    private readonly X509Certificate2 _intermediate;
    private readonly X509Certificate2 _leaf;
    private readonly X509Certificate2 _stranger;
    private readonly string _directory = Directory.CreateTempSubdirectory("im-ca-").FullName;

    public CustomCaTrustTests()
    {
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _root = Authority("CN=Test Root", rootKey, issuer: null, issuerKey: null);
        using var intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _intermediate = Authority("CN=Test Intermediate", intermediateKey, _root, rootKey);
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest("CN=service.example", leafKey, HashAlgorithmName.SHA256);
        _leaf = leafRequest.Create(_intermediate.CopyWithPrivateKey(intermediateKey), DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10), [5, 6, 7]);
        using var strangerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _stranger = Authority("CN=Someone Else", strangerKey, issuer: null, issuerKey: null);
    }

    public void Dispose()
    {
        _root.Dispose();
        _intermediate.Dispose();
        _leaf.Dispose();
        _stranger.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void ACertificateTheSystemAccepts_IsAccepted_WhateverTheBundle()
    {
        Assert.True(CustomCaTrust.Callback([_stranger])(this, _leaf, null, SslPolicyErrors.None));
    }

    [Fact]
    public void ALeafThatChainsToTheBundlesRoot_ThroughTheIntermediateTheServerSent_IsAccepted()
    {
        using var sent = ServerChain(_intermediate);

        Assert.True(CustomCaTrust.Callback([_root])(this, _leaf, sent, SslPolicyErrors.RemoteCertificateChainErrors));
    }

    [Fact]
    public void ALeafWhoseIntermediateIsUnknown_IsRejected()
    {
        using var nothingSent = ServerChain();

        Assert.False(CustomCaTrust.Callback([_root])(this, _leaf, nothingSent, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(CustomCaTrust.Callback([_root])(this, _leaf, null, SslPolicyErrors.RemoteCertificateChainErrors));
    }

    [Fact]
    public void ALeafOfAnotherAuthority_IsRejected()
    {
        using var sent = ServerChain(_intermediate);

        Assert.False(CustomCaTrust.Callback([_stranger])(this, _leaf, sent, SslPolicyErrors.RemoteCertificateChainErrors));
    }

    [Theory]
    [InlineData(SslPolicyErrors.RemoteCertificateNameMismatch)]
    [InlineData(SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateChainErrors)]
    [InlineData(SslPolicyErrors.RemoteCertificateNotAvailable)]
    public void ANameMismatchOrNoCertificate_IsNeverAccepted_EvenFromTheBundlesAuthority(SslPolicyErrors errors)
    {
        using var sent = ServerChain(_intermediate);

        Assert.False(CustomCaTrust.Callback([_root])(this, _leaf, sent, errors));
        Assert.False(CustomCaTrust.Callback([_root])(this, null, sent, SslPolicyErrors.RemoteCertificateChainErrors));
    }

    [Fact]
    public void AFileOfAnotherKind_IsNamedAsTheProblem()
    {
        var empty = Write("empty.pem", "");
        var notPem = Write("not.pem", "just text");
        var broken = Write("broken.pem", "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");
        var good = Write("good.pem", _root.ExportCertificatePem());

        Assert.Equal($"contains no PEM certificate ('{empty}').", CustomCaTrust.Problem(empty));
        Assert.Equal($"contains no PEM certificate ('{notPem}').", CustomCaTrust.Problem(notPem));
        Assert.StartsWith($"could not be read as a PEM certificate bundle ('{broken}'): ", CustomCaTrust.Problem(broken), StringComparison.Ordinal);
        Assert.Equal($"names a file that does not exist ('{good}.missing').", CustomCaTrust.Problem(good + ".missing"));
        Assert.Null(CustomCaTrust.Problem(good));
    }

    [Fact]
    public void TheBundle_IsTheConfiguredOne_ElseSslCertFileWhenItNamesAFile()
    {
        var fromEnvironment = Write("environment.pem", _stranger.ExportCertificatePem());
        var saved = Environment.GetEnvironmentVariable(CustomCaTrust.SslCertFileVariable);
        try
        {
            Environment.SetEnvironmentVariable(CustomCaTrust.SslCertFileVariable, fromEnvironment);
            Assert.Equal("configured.pem", CustomCaTrust.BundlePath("configured.pem"));
            Assert.Equal(fromEnvironment, CustomCaTrust.BundlePath(null));
            Assert.Equal(fromEnvironment, CustomCaTrust.BundlePath(" "));

            Environment.SetEnvironmentVariable(CustomCaTrust.SslCertFileVariable, fromEnvironment + ".missing");
            Assert.Null(CustomCaTrust.BundlePath(null));

            Environment.SetEnvironmentVariable(CustomCaTrust.SslCertFileVariable, " ");
            Assert.Null(CustomCaTrust.BundlePath(null));

            Environment.SetEnvironmentVariable(CustomCaTrust.SslCertFileVariable, null);
            Assert.Null(CustomCaTrust.BundlePath(null));
        }
        finally
        {
            Environment.SetEnvironmentVariable(CustomCaTrust.SslCertFileVariable, saved);
        }
    }

    /// <summary>The chain as the TLS stack hands it to the callback: the leaf and what the server sent, its root unknown to the system.</summary>
    private X509Chain ServerChain(params X509Certificate2[] sent)
    {
        var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ExtraStore.AddRange(sent);
        chain.Build(_leaf);
        return chain;
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static X509Certificate2 Authority(string name, ECDsa key, X509Certificate2? issuer, ECDsa? issuerKey)
    {
        var request = new CertificateRequest(name, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        // Only the public part is kept: the signers below attach their key to a copy.
        using var issued = issuer is null
            ? request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30))
            : request.Create(issuer.CopyWithPrivateKey(issuerKey!), DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(20), [1, 2, 3]);
        return X509CertificateLoader.LoadCertificate(issued.RawData);
    }
}
