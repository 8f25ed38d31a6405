namespace InstanceManager;

/// <summary>
/// How the client rides out transient faults of the service: retries of idempotent requests (GET, DELETE) with
/// exponential backoff and jitter, a timeout per attempt, and a circuit breaker that makes a dead service fail
/// fast. A create's POST is never retried blindly (see <see cref="IInstanceManagerClient.CreateAsync"/>).
/// Bound from the configuration section <c>resilience</c> next to the credentials.
/// </summary>
public sealed class InstanceManagerResilienceOptions
{
    /// <summary>Whether retries, the attempt timeout and the circuit breaker are on. Default <see langword="true"/>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How many times an idempotent request is retried after a transient fault (502, 503, 504, 429, 408, a connection failure, an attempt timeout). Default 3; 0 turns retries off.</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>The first retry's delay; later ones double, with jitter. A <c>Retry-After</c> header takes precedence. Default 200 ms.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long one attempt may take before it is abandoned (and, if idempotent, retried). Default 30 s.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The share of failed requests, within <see cref="CircuitBreakerSamplingDuration"/>, that opens the circuit. Default 0.5.</summary>
    public double CircuitBreakerFailureRatio { get; set; } = 0.5;

    /// <summary>The fewest requests within the sampling duration before the circuit may open. Default 10.</summary>
    public int CircuitBreakerMinimumThroughput { get; set; } = 10;

    /// <summary>The window over which failures are counted. Default 30 s.</summary>
    public TimeSpan CircuitBreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an open circuit fails requests at once before it lets one through to test the service. Default 15 s.</summary>
    public TimeSpan CircuitBreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(15);
}
