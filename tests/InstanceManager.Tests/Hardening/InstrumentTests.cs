using System.Diagnostics.Metrics;
using InstanceManager.Diagnostics;
using InstanceManager.Reconciliation;
using Microsoft.Extensions.DependencyInjection;

namespace InstanceManager.Tests.Hardening;

/// <summary>The instruments an exporter sees: the names, kinds and units the README documents, each with a description.</summary>
public sealed class InstrumentTests
{
    [Fact]
    public void EveryInstrument_HasItsDocumentedKindAndUnit_AndADescription()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meterFactory = services.GetRequiredService<IMeterFactory>();
        var published = new List<Instrument>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, meterFactory))
                {
                    lock (published)
                    {
                        published.Add(instrument);
                    }
                }
            },
        };
        listener.Start();

        using var client = new InstanceManagerMetrics(meterFactory);
        using var reconciler = new ReconcilerMetrics(meterFactory);

        Assert.Equal(
            [
                ("instance_manager.operation.duration", "Histogram`1", "s"),
                ("instance_manager.operation.active", "UpDownCounter`1", "{operation}"),
                ("instance_manager.operation.polls", "Histogram`1", "{poll}"),
                ("instance_manager.cache.hits", "Counter`1", "{hit}"),
                ("instance_manager.cache.misses", "Counter`1", "{miss}"),
                ("instance_manager.http.retries", "Counter`1", "{retry}"),
                ("instance_manager.http.rate_limited", "Counter`1", "{response}"),
                ("instance_manager.http.rate_limit_wait", "Histogram`1", "s"),
                ("instance_manager.http.queued", "UpDownCounter`1", "{request}"),
                ("instance_manager.reconciler.tenants", "Counter`1", "{tenant}"),
                ("instance_manager.reconciler.duration", "Histogram`1", "s"),
            ],
            published.Select(instrument => (instrument.Name, instrument.GetType().Name, instrument.Unit)));
        Assert.All(published, instrument => Assert.Equal(InstanceManagerTelemetry.Name, instrument.Meter.Name));
        Assert.All(published, instrument => Assert.False(string.IsNullOrWhiteSpace(instrument.Description), instrument.Name));
        Assert.Equal(published.Count, published.Select(instrument => instrument.Description).Distinct().Count());
    }
}
