using System.Globalization;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// What <c>AddKeyedInstanceManager</c> registered for one key: the name of its options and the services of the
/// client's own container, which <see cref="KeyedClientContainer"/> builds when the client is first resolved.
/// Registered in the application's services as a keyed instance, so that a second call with the same key adds to the
/// same registration.
/// </summary>
internal sealed class KeyedClientRegistration
{
    public KeyedClientRegistration(object serviceKey, string optionsName)
    {
        ServiceKey = serviceKey;
        OptionsName = optionsName;
        HttpClientBuilder = InstanceManagerServiceCollectionExtensions.AddClientServices(Services);
    }

    public object ServiceKey { get; }

    /// <summary>The name of the client's <see cref="InstanceManager.InstanceManagerOptions"/>: the key's text.</summary>
    public string OptionsName { get; }

    /// <summary>The services of the client's own container, without the ones shared with the application.</summary>
    public ServiceCollection Services { get; } = [];

    public IHttpClientBuilder HttpClientBuilder { get; }

    /// <summary>Whether the cache warm-up of this client is registered.</summary>
    public bool WarmsUp { get; set; }

    /// <summary>
    /// What packages that extend this client (<c>InstanceManager.Redis</c>) add to its container when it is built, from
    /// the application's services: their options, read and validated there under <see cref="OptionsName"/>, and
    /// services the application owns.
    /// </summary>
    public List<Action<IServiceCollection, IServiceProvider>> ContainerSetup { get; } = [];

    public static KeyedClientRegistration? Find(IServiceCollection services, object serviceKey)
    {
        var name = OptionsNameOf(serviceKey);
        foreach (var descriptor in services)
        {
            if (descriptor is { IsKeyedService: true, KeyedImplementationInstance: KeyedClientRegistration registration })
            {
                if (Equals(registration.ServiceKey, serviceKey))
                {
                    return registration;
                }

                if (registration.OptionsName == name)
                {
                    throw new ArgumentException($"The Instance Manager client keys '{registration.ServiceKey}' ({registration.ServiceKey.GetType().Name}) and '{serviceKey}' ({serviceKey.GetType().Name}) have the same text, which names their options; use keys with different texts.", nameof(serviceKey));
                }
            }
        }

        return null;
    }

    /// <summary>The options name of a key: its text, which may not be empty (the name of the client without a key).</summary>
    public static string OptionsNameOf(object serviceKey)
    {
        var name = Convert.ToString(serviceKey, CultureInfo.InvariantCulture);
        return string.IsNullOrEmpty(name)
            ? throw new ArgumentException("The key of an Instance Manager client must have a non-empty text, which names its options.", nameof(serviceKey))
            : name;
    }
}
