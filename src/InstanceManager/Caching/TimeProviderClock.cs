using Microsoft.Extensions.Internal;

namespace InstanceManager.Caching;

/// <summary>Lets <see cref="Microsoft.Extensions.Caching.Memory.MemoryCache"/>, which predates <see cref="TimeProvider"/>, run on the injected clock.</summary>
internal sealed class TimeProviderClock(TimeProvider timeProvider) : ISystemClock
{
    public DateTimeOffset UtcNow => timeProvider.GetUtcNow();
}
