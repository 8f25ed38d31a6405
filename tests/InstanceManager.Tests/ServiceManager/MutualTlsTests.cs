using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace InstanceManager.Tests.ServiceManager;

/// <summary>
/// An OAuth server and Service Manager on one Kestrel listener that requires a TLS client certificate: the client
/// authenticates with the binding's <c>certificate</c> + <c>key</c> on the token request and on every SM call.
/// </summary>
public sealed class MutualTlsTests : IAsyncLifetime
{
    private readonly string _bundle = Path.Combine(Path.GetTempPath(), $"sm-ca-{Guid.NewGuid():N}.pem");
    private readonly ConcurrentQueue<(string Path, string? ClientThumbprint, string Body)> _requests = new();
    private WebApplication _app = null!;
    private string _baseUrl = null!;
    private string _clientCertificatePem = null!;
    private string _clientKeyPem = null!;
    private string _clientThumbprint = null!;

    public async ValueTask InitializeAsync()
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=ServiceManager Test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

        using var serverKey = RSA.Create(2048);
        var serverRequest = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var serverIssued = serverRequest.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(29), [1, 2, 3, 4]);
        using var serverWithKey = serverIssued.CopyWithPrivateKey(serverKey);
        var serverCertificate = X509CertificateLoader.LoadPkcs12(serverWithKey.Export(X509ContentType.Pkcs12), null);

        using var clientKey = RSA.Create(2048);
        var clientRequest = new CertificateRequest("CN=sb-sm-client", clientKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        clientRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var client = clientRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        _clientCertificatePem = client.ExportCertificatePem();
        _clientKeyPem = clientKey.ExportPkcs8PrivateKeyPem();
        _clientThumbprint = client.Thumbprint;
        await File.WriteAllTextAsync(_bundle, ca.ExportCertificatePem());

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(https =>
        {
            https.ServerCertificate = serverCertificate;
            https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
            https.AllowAnyClientCertificate();
        })));
        _app = builder.Build();
        _app.Run(async context =>
        {
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            _requests.Enqueue((context.Request.Path.Value!, context.Connection.ClientCertificate?.Thumbprint, body));
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(context.Request.Path.Value switch
            {
                "/oauth/token" => SmServer.TokenBody("mtls-token", 3600),
                "/v1/service_offerings" => SmServer.Page([SmServer.Offering(SmServer.OfferingId, "hana")]),
                "/v1/service_plans" => SmServer.Page([SmServer.Plan(SmServer.PlanId, "hdi-shared", SmServer.OfferingId)]),
                _ => SmServer.Page([SmServer.Binding("b1", "t1", "inst-1")]),
            });
        });
        await _app.StartAsync();
        _baseUrl = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        File.Delete(_bundle);
    }

    [Fact]
    public async Task ClientCertificate_IsPresentedToTheOAuthServerAndTheServiceManager_AndNoSecretIsSent()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddInstanceManager(options =>
        {
            options.CaCertificatesPath = _bundle;
            options.ServiceManager = new ServiceManagerOptions
            {
                SmUrl = _baseUrl,
                Url = "https://wrong-host.invalid",
                CertUrl = _baseUrl + "/cert-path",
                ClientId = "sb-sm-client",
                Certificate = _clientCertificatePem,
                Key = _clientKeyPem,
                AllowBinding = false,
            };
        });
        await using var provider = services.BuildServiceProvider();

        var all = await provider.GetRequiredService<IInstanceManagerClient>().GetAllAsync();

        Assert.Equal("t1", Assert.Single(all).TenantId);
        var requests = _requests.ToList();
        Assert.Equal(["/oauth/token", "/v1/service_offerings", "/v1/service_plans", "/v1/service_bindings"], requests.Select(request => request.Path).ToArray());
        Assert.All(requests, request => Assert.Equal(_clientThumbprint, request.ClientThumbprint));
        Assert.Equal("grant_type=client_credentials&client_id=sb-sm-client", requests[0].Body);
    }
}
