using InstanceManager.Emulator.Internal.OpenServiceBroker;
using InstanceManager.Emulator.Internal.ServiceManager;

namespace InstanceManager.Emulator.Internal;

/// <summary>What one running emulator holds: options, Instance Manager instances, Service Manager state, the token issuer, the broker's state, the current failures and the request log.</summary>
internal sealed class EmulatorRuntime : IDisposable
{
    /// <summary>A long-running stand-alone emulator keeps only the latest requests.</summary>
    public const int MaxLoggedRequests = 10_000;

    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<EmulatorRequest> _requests = [];
    private RequestWindow _window = new();
    private EmulatorFailures _failures;
    private Random _random;
    private int _disposed;

    public EmulatorRuntime(InstanceManagerEmulatorOptions options)
    {
        Options = options;
        Store = new InstanceStore(options);
        ServiceManager = new ServiceManagerStore(options);
        Tokens = new TokenIssuer(ServiceManager.TokenKey, options.ServiceManager, options.TimeProvider);
        Broker = new OpenServiceBrokerStore(options);
        BrokerClient = BrokerClient.Create(options.ServiceManager);
        Forwarder = new BrokerForwarder(ServiceManager, BrokerClient, options.ServiceManager, options.TimeProvider, _stopping.Token);
        _failures = options.Failures;
        _random = NewRandom(options.Failures);
    }

    public InstanceManagerEmulatorOptions Options { get; }

    public InstanceStore Store { get; }

    public ServiceManagerStore ServiceManager { get; }

    public TokenIssuer Tokens { get; }

    public OpenServiceBrokerStore Broker { get; }

    /// <summary>The Service Manager's client of registered brokers.</summary>
    public BrokerClient BrokerClient { get; }

    public BrokerForwarder Forwarder { get; }

    public EmulatorFailures Failures
    {
        get => Volatile.Read(ref _failures);
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            if (value.Problem() is { } problem)
            {
                throw new ArgumentException(problem, nameof(value));
            }

            lock (_gate)
            {
                _random = NewRandom(value);
                _window = new RequestWindow();
                Volatile.Write(ref _failures, value);
            }
        }
    }

    public IReadOnlyList<EmulatorRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>
    /// Counts an Instance Manager, Service Manager or broker request against <see cref="EmulatorFailures.RequestLimit"/>
    /// and draws whether it is one of the <see cref="EmulatorFailures.ErrorRate"/> that fail: the error to answer
    /// instead of serving it, or <see langword="null"/> to serve it.
    /// </summary>
    public Rejection? Reject(EmulatorFailures failures)
    {
        var now = Options.TimeProvider.GetUtcNow();
        if (failures.RequestLimit is { } limit)
        {
            TimeSpan? wait;
            lock (_gate)
            {
                wait = _window.TryAdmit(limit, failures.RequestLimitWindow, now);
            }

            if (wait is { } untilReset)
            {
                var form = failures.RetryAfterHeader == RetryAfterHeaderForm.None ? RetryAfterHeaderForm.RetryAfterSeconds : failures.RetryAfterHeader;
                return new Rejection(429, RateLimited: true, Rejection.LimitDescription(limit), form, untilReset, now);
            }
        }

        return ShouldFail(failures)
            ? new Rejection(failures.ErrorStatusCode, RateLimited: false, Rejection.InjectedDescription, failures.RetryAfterHeader, failures.RetryAfter, now)
            : null;
    }

    /// <summary>Whether this request is one of the <see cref="EmulatorFailures.ErrorRate"/> that fail.</summary>
    private bool ShouldFail(EmulatorFailures failures)
    {
        if (failures.ErrorRate <= 0)
        {
            return false;
        }

        lock (_gate)
        {
#pragma warning disable CA5394 // Choosing requests to fail, not security.
            return _random.NextDouble() < failures.ErrorRate;
#pragma warning restore CA5394
        }
    }

    public void Record(EmulatorRequest request)
    {
        lock (_gate)
        {
            if (_requests.Count == MaxLoggedRequests)
            {
                _requests.RemoveRange(0, MaxLoggedRequests / 10);
            }

            _requests.Add(request);
        }
    }

    public void ClearRequests()
    {
        lock (_gate)
        {
            _requests.Clear();
        }
    }

    /// <summary>Stops forwarding to brokers (operations still waiting stay in progress) and releases the broker client.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _stopping.Cancel();
        BrokerClient.Dispose();
        _stopping.Dispose();
    }

    private static Random NewRandom(EmulatorFailures failures) => failures.Seed is { } seed ? new Random(seed) : new Random();
}
