using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace InstanceManager.Resilience;

/// <summary>
/// Trusts the certificate authorities of a PEM bundle in addition to the system's: a server certificate the system
/// accepts is accepted; one whose only fault is an untrusted chain is accepted if it chains to one of the bundle's
/// authorities. Name mismatches are never accepted.
/// </summary>
internal static class CustomCaTrust
{
    public const string SslCertFileVariable = "SSL_CERT_FILE";

    /// <summary>Why the file cannot serve as a CA bundle, or <see langword="null"/> when it can.</summary>
    public static string? Problem(string path)
    {
        if (!File.Exists(path))
        {
            return $"names a file that does not exist ('{path}').";
        }

        try
        {
            return Load(path).Count == 0 ? $"contains no PEM certificate ('{path}')." : null;
        }
        catch (Exception exception) when (exception is CryptographicException or IOException or UnauthorizedAccessException)
        {
            return $"could not be read as a PEM certificate bundle ('{path}'): {exception.Message}";
        }
    }

    public static X509Certificate2Collection Load(string path)
    {
        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPemFile(path);
        return certificates;
    }

    /// <summary>The bundle to trust: the configured one, else <c>SSL_CERT_FILE</c> when it names an existing file.</summary>
    public static string? BundlePath(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        var fromEnvironment = Environment.GetEnvironmentVariable(SslCertFileVariable);
        return !string.IsNullOrWhiteSpace(fromEnvironment) && File.Exists(fromEnvironment) ? fromEnvironment : null;
    }

    public static RemoteCertificateValidationCallback Callback(X509Certificate2Collection authorities) =>
        (_, certificate, chain, errors) =>
        {
            if (errors == SslPolicyErrors.None)
            {
                return true;
            }

            if (errors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is null)
            {
                return false;
            }

            using var custom = new X509Chain();
            custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            custom.ChainPolicy.CustomTrustStore.AddRange(authorities);
            custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            if (chain is not null)
            {
                foreach (var element in chain.ChainElements)
                {
                    custom.ChainPolicy.ExtraStore.Add(element.Certificate);
                }
            }

            return custom.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
        };
}
