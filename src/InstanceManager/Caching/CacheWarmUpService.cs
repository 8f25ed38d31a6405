using InstanceManager.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace InstanceManager.Caching;

/// <summary>
/// Fills the cache with one <see cref="IInstanceManagerClient.GetAllAsync"/> in the background when the host starts.
/// The official clients do this synchronously while they are constructed, delaying start-up; here the application
/// starts at once and early requests are answered by the service until the list arrives. A failure is logged and
/// ignored: the cache then fills on demand.
/// </summary>
internal sealed class CacheWarmUpService(IInstanceManagerClient client, ILogger<CacheWarmUpService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var instances = await client.GetAllAsync(stoppingToken).ConfigureAwait(false);
            Log.WarmedUp(logger, instances.Count);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (InstanceManagerException exception)
        {
            Log.WarmUpFailed(logger, exception.Message);
        }
    }
}
