using InstanceManager.Configuration.Bindings;
using Microsoft.Extensions.Configuration;

namespace InstanceManager;

/// <summary>
/// Finds the credentials of a bound service where the platform put them. The first source present is used, in this
/// order: the <c>VCAP_SERVICES</c> environment variable (Cloud Foundry), the file named by
/// <c>VCAP_SERVICES_FILE_PATH</c>, the directories under <c>SERVICE_BINDING_ROOT</c> (Kubernetes, servicebinding.io and
/// the SAP BTP service operator), and the legacy SAP layout <c>/etc/secrets/sapcp/&lt;label&gt;/&lt;instance&gt;/</c>.
/// </summary>
public static class ServiceBindings
{
    private const string VcapServicesVariable = "VCAP_SERVICES";
    private const string VcapServicesFileVariable = "VCAP_SERVICES_FILE_PATH";

    /// <summary>
    /// Returns the credentials of the one binding that matches <paramref name="query"/>, as configuration whose keys
    /// are the credential keys (nested JSON values get <c>a:b</c> keys), ready for
    /// <c>services.AddInstanceManager(credentials)</c>.
    /// </summary>
    /// <param name="query">Which binding to take.</param>
    /// <returns>The credentials, or <see langword="null"/> when no binding source exists at all (for example locally).</returns>
    /// <exception cref="ServiceBindingException">
    /// A source exists but no binding or more than one matches, or the source is malformed; the message names the query
    /// and the bindings seen, never credential values.
    /// </exception>
    public static IConfiguration? FindCredentials(ServiceBindingQuery query) =>
        FindCredentials(query, Environment.GetEnvironmentVariable, LegacySecretsReader.DefaultRoot);

    /// <summary>As <see cref="FindCredentials(ServiceBindingQuery)"/>, reading the environment and the legacy root given.</summary>
    internal static IConfiguration? FindCredentials(ServiceBindingQuery query, Func<string, string?> environment, string legacyRoot)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(legacyRoot);

        BindingSource? source;
        try
        {
            source = ReadSource(environment, legacyRoot);
        }
        catch (Exception exception) when (exception is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new ServiceBindingException($"Could not look for a service binding ({query}): {exception.Message}", query, [], exception);
        }

        if (source is null)
        {
            return null;
        }

        var seen = source.Bindings.Select(binding => binding.ToString()).ToArray();
        var matches = source.Bindings.Where(query.Matches).ToList();
        if (matches.Count == 0)
        {
            throw new ServiceBindingException(
                $"No service binding in {source.Description} matches {query}. Bindings seen: {(seen.Length == 0 ? "none" : string.Join("; ", seen))}.",
                query,
                seen);
        }

        if (matches.Count > 1)
        {
            throw new ServiceBindingException(
                $"More than one service binding in {source.Description} matches {query}: {string.Join("; ", matches)}. Choose one by its name ({nameof(ServiceBindingQuery)}.{nameof(ServiceBindingQuery.Name)}).",
                query,
                seen);
        }

        try
        {
            return CredentialsConfiguration.Build(matches[0]);
        }
        catch (Exception exception) when (exception is InvalidDataException or IOException or UnauthorizedAccessException or FormatException)
        {
            throw new ServiceBindingException($"The credentials of the service binding {matches[0]} in {source.Description} could not be read: {exception.Message}", query, seen, exception);
        }
    }

    private static BindingSource? ReadSource(Func<string, string?> environment, string legacyRoot)
    {
        if (environment(VcapServicesVariable) is { } json && !string.IsNullOrWhiteSpace(json))
        {
            return VcapServicesReader.Read(json, $"the environment variable {VcapServicesVariable}");
        }

        if (environment(VcapServicesFileVariable) is { } file && !string.IsNullOrWhiteSpace(file))
        {
            if (!File.Exists(file))
            {
                throw new InvalidDataException($"{VcapServicesFileVariable} names '{file}', which is not a file.");
            }

            return VcapServicesReader.Read(BindingDirectory.Read(file), $"the file {file} (named by {VcapServicesFileVariable})");
        }

        if (environment(KubernetesBindingReader.RootVariable) is { } root && !string.IsNullOrWhiteSpace(root))
        {
            return KubernetesBindingReader.Read(root);
        }

        return LegacySecretsReader.Read(legacyRoot);
    }
}
