using System.Net.Http.Headers;
using System.Text;
using BenchmarkDotNet.Attributes;
using InstanceManager.Emulator;

namespace InstanceManager.Benchmarks;

/// <summary>
/// Cold <see cref="IInstanceManagerClient.GetAsync"/>: 64 concurrent callers, each on a distinct existing tenant that
/// is not cached, against the loopback emulator — compared with a bare <see cref="HttpClient"/> sending the same
/// GETs and reading the bodies without parsing them.
/// </summary>
[MemoryDiagnoser]
public class ColdGetBenchmarks
{
    private const int Concurrency = 64;
    private readonly string[] _tenants = Enumerable.Range(0, Concurrency).Select(index => $"cold-tenant-{index:000}").ToArray();
    private InstanceManagerEmulator _emulator = null!;
    private StandaloneInstanceManagerClient _client = null!;
    private StandaloneInstanceManagerClient _clientWithoutResilience = null!;
    private HttpClient _bare = null!;
    private Uri[] _urls = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _emulator = await InstanceManagerEmulator.StartAsync(new InstanceManagerEmulatorOptions { ProvisioningDelay = TimeSpan.Zero });
        // A one-entry cache: every get of these 64 tenants in turn is a miss, as for an application's first requests.
        _client = EmulatorClients.Create(_emulator, options => options.CacheMaxItems = 1);
        await Task.WhenAll(_tenants.Select(tenant => _client.CreateAsync(tenant)));
        _clientWithoutResilience = EmulatorClients.Create(_emulator, options =>
        {
            options.CacheMaxItems = 1;
            options.Resilience.Enabled = false;
        });

        _bare = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        var credentials = _emulator.Credentials;
        _bare.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials["user"]}:{credentials["password"]}")));
        _urls = _tenants.Select(tenant => new Uri(credentials["get_managed_instance_url"].Replace("{tenant_id}", tenant, StringComparison.Ordinal))).ToArray();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _client.Dispose();
        _clientWithoutResilience.Dispose();
        _bare.Dispose();
        await _emulator.DisposeAsync();
    }

    [Benchmark(OperationsPerInvoke = Concurrency)]
    public Task Client_GetAsync_Cold() =>
        Task.WhenAll(_tenants.Select(tenant => _client.GetAsync(tenant).AsTask()));

    /// <summary>The same without retries, circuit breaker and attempt timeout: what the resilience pipeline costs.</summary>
    [Benchmark(OperationsPerInvoke = Concurrency)]
    public Task Client_GetAsync_Cold_WithoutResilience() =>
        Task.WhenAll(_tenants.Select(tenant => _clientWithoutResilience.GetAsync(tenant).AsTask()));

    [Benchmark(Baseline = true, OperationsPerInvoke = Concurrency)]
    public Task BareHttpClient_Get() =>
        Task.WhenAll(_urls.Select(async url =>
        {
            using var response = await _bare.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            await using var body = await response.Content.ReadAsStreamAsync();
            await body.CopyToAsync(Stream.Null);
        }));
}
