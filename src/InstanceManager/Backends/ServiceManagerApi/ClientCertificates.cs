using System.Security.Cryptography.X509Certificates;

namespace InstanceManager.Backends.ServiceManagerApi;

/// <summary>Turns the binding's PEM certificate and key into a certificate TLS can present as a client certificate.</summary>
internal static class ClientCertificates
{
    public static X509Certificate2 Load(string certificatePem, string keyPem)
    {
        using var fromPem = X509Certificate2.CreateFromPem(certificatePem, keyPem);
        // A key created from PEM is ephemeral; some platforms' TLS stacks only present persisted (PKCS#12-loaded) keys.
        return X509CertificateLoader.LoadPkcs12(fromPem.Export(X509ContentType.Pkcs12), password: null);
    }
}
