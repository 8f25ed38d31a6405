namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Configures one registered <see cref="InstanceManager.IInstanceManagerClient"/>: returned by every
/// <c>AddInstanceManager…</c> and <c>AddKeyedInstanceManager</c> method so that further configuration, and packages
/// that extend the client, hang off the registration they belong to, as <see cref="IHttpClientBuilder"/> does for a
/// named <see cref="HttpClient"/>.
/// </summary>
public interface IInstanceManagerBuilder
{
    /// <summary>The application's services, in which the client is registered.</summary>
    IServiceCollection Services { get; }

    /// <summary>
    /// The key of a keyed client (<c>[FromKeyedServices(key)] IInstanceManagerClient</c>), or <see langword="null"/>
    /// for the client registered without a key.
    /// </summary>
    object? ServiceKey { get; }

    /// <summary>
    /// The builder of the <see cref="HttpClient"/> that carries every call of this client (Instance Manager, OAuth
    /// server, Service Manager), to add handlers or change resilience.
    /// </summary>
    /// <remarks>
    /// A keyed client lives in a container of its own (see <c>AddKeyedInstanceManager</c>), so this builder's
    /// <see cref="IHttpClientBuilder.Services"/> are that container's: register there what its handlers need.
    /// </remarks>
    IHttpClientBuilder HttpClientBuilder { get; }
}
