using InstanceManager.Calls;
using InstanceManager.Diagnostics;
using Microsoft.Extensions.Logging;

namespace InstanceManager.Backends;

/// <summary>
/// A create's POST is never replayed blindly. When its outcome is unknown (a connection failure, a timeout, a 502,
/// 503 or 504: a transient <see cref="InstanceManagerException"/>), the service is asked first: what the POST may
/// have created is resumed; when there is nothing, the POST is sent once more, and a 409 then means the first one
/// arrived after all, so what it created is resumed. Both backends create this way.
/// </summary>
internal static class CreateOnce
{
    /// <param name="call">The create.</param>
    /// <param name="logger">Where the unknown outcome is logged.</param>
    /// <param name="post">Sends the POST and goes on to the result.</param>
    /// <param name="find">Looks for what a POST created, <see langword="null"/> when there is nothing.</param>
    /// <param name="resume">
    /// Goes on from what was found: waits for it, or refuses it when it was there before the call. Its flag says whether
    /// what was found is known to come from this call (found after the repeated POST's 409) rather than possibly older.
    /// </param>
    /// <param name="cancellationToken">Stops the create.</param>
    public static async Task<TResult> RunAsync<TFound, TResult>(
        CallContext call,
        ILogger logger,
        Func<CancellationToken, Task<TResult>> post,
        Func<CancellationToken, Task<TFound?>> find,
        Func<TFound, bool, CancellationToken, Task<TResult>> resume,
        CancellationToken cancellationToken)
        where TFound : class
    {
        InstanceManagerException firstFailure;
        try
        {
            return await post(cancellationToken).ConfigureAwait(false);
        }
        catch (InstanceManagerException exception) when (exception.IsTransient)
        {
            firstFailure = exception;
        }

        Log.CreateOutcomeUnknown(logger, call.Tenant, firstFailure.Message);
        if (await find(cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return await resume(existing, false, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            return await post(cancellationToken).ConfigureAwait(false);
        }
        catch (InstanceManagerException conflict) when (conflict.StatusCode == 409)
        {
            // The first POST arrived meanwhile.
            if (await find(cancellationToken).ConfigureAwait(false) is not { } arrived)
            {
                throw;
            }

            return await resume(arrived, true, cancellationToken).ConfigureAwait(false);
        }
        catch (InstanceManagerException again) when (again.IsTransient)
        {
            throw ServiceErrors.FailedAgain(call, firstFailure, again);
        }
    }
}
