using Polly;
using Polly.Registry;

namespace InstanceManager.Resilience;

/// <summary>
/// Runs each request through the resilience pipeline. Unlike <c>Microsoft.Extensions.Http.Resilience</c>'s
/// <c>ResilienceHandler</c>, it does not snapshot every request to be able to resend it: the pipeline retries GET,
/// DELETE and HEAD, which carry no content, and requests refused with 429, whose content (JSON or a form, serialized
/// from its value each time) can be sent again, so the same message is sent again. Each request host has its own
/// pipeline (and so its own circuit breaker), built on first use.
/// </summary>
// The snapshot per request cost about 10 µs of every cold get on loopback (README, Performance: the cold-get benchmark).
internal sealed class ResilientRequestHandler(Action<ResiliencePipelineBuilder<HttpResponseMessage>, string> configure) : DelegatingHandler
{
    private readonly ResiliencePipelineRegistry<string> _pipelines = new();
    private readonly Action<ResiliencePipelineBuilder<HttpResponseMessage>, ConfigureBuilderContext<string>> _configure = (builder, context) => configure(builder, context.PipelineKey);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var pipeline = _pipelines.GetOrAddPipeline<HttpResponseMessage>(request.RequestUri?.Host ?? string.Empty, _configure);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.SetRequestMessage(request);
        try
        {
            var outcome = await pipeline.ExecuteOutcomeAsync(
                static async (context, state) =>
                {
                    try
                    {
                        return Outcome.FromResult(await state.Handler.SendInnerAsync(state.Request, context.CancellationToken).ConfigureAwait(context.ContinueOnCapturedContext));
                    }
                    catch (Exception exception)
                    {
                        return Outcome.FromException<HttpResponseMessage>(exception);
                    }
                },
                context,
                (Handler: this, Request: request)).ConfigureAwait(false);
            outcome.ThrowIfException();
            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _pipelines.Dispose();
        }

        base.Dispose(disposing);
    }

    private Task<HttpResponseMessage> SendInnerAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);
}
