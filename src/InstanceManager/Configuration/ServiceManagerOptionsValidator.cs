using System.Security.Cryptography;
using InstanceManager.Backends.ServiceManagerApi;
using InstanceManager.ServiceManagement;

namespace InstanceManager.Configuration;

/// <summary>Validates <see cref="ServiceManagerOptions"/>; messages name the configuration key, never a value of a secret.</summary>
internal static class ServiceManagerOptionsValidator
{
    public static void Validate(ServiceManagerOptions options, List<string> failures)
    {
        RequireUrl(options.SmUrl, ConfigurationKeys.SmUrl, nameof(options.SmUrl), failures);
        RequireUrl(options.Url, ConfigurationKeys.Url, nameof(options.Url), failures);
        if (!string.IsNullOrWhiteSpace(options.CertUrl))
        {
            RequireUrl(options.CertUrl, ConfigurationKeys.CertUrl, nameof(options.CertUrl), failures);
        }

        if (string.IsNullOrWhiteSpace(options.ClientId))
        {
            failures.Add($"'{ConfigurationKeys.ClientId}' ({nameof(options.ClientId)}) is required and may not be empty.");
        }

        if (options.UsesCertificate)
        {
            if (string.IsNullOrWhiteSpace(options.Key))
            {
                failures.Add($"'{ConfigurationKeys.Key}' ({nameof(options.Key)}) is required with '{ConfigurationKeys.Certificate}' and may not be empty.");
            }
            else
            {
                try
                {
                    using var certificate = ClientCertificates.Load(options.Certificate!, options.Key);
                }
                catch (Exception exception) when (exception is CryptographicException or ArgumentException)
                {
                    // The exception's message may quote the PEM; only the keys are named.
                    failures.Add($"'{ConfigurationKeys.Certificate}' and '{ConfigurationKeys.Key}' ({nameof(options.Certificate)}, {nameof(options.Key)}) must be a PEM certificate and its PEM private key.");
                }
            }
        }
        else if (string.IsNullOrWhiteSpace(options.ClientSecret))
        {
            failures.Add($"'{ConfigurationKeys.ClientSecret}' ({nameof(options.ClientSecret)}) or '{ConfigurationKeys.Certificate}' and '{ConfigurationKeys.Key}' are required.");
        }

        RequireCatalogName(options.Service, ConfigurationKeys.Service, nameof(options.Service), failures);
        RequireCatalogName(options.Plan, ConfigurationKeys.Plan, nameof(options.Plan), failures);
    }

    private static void RequireUrl(string? value, string key, string property, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            failures.Add($"'{key}' ({property}) is required and may not be empty.");
        }
        else if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add($"'{key}' ({property}) must be an absolute http or https URL.");
        }
    }

    private static void RequireCatalogName(string? value, string key, string property, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            failures.Add($"'{key}' ({property}) may not be empty.");
            return;
        }

        var problem = ServiceManagerQuery.Problem(value);
        if (problem is not null)
        {
            failures.Add($"'{key}' ({property}) {problem}");
        }
    }
}
