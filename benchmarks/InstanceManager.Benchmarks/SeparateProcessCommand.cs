using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using static InstanceManager.Benchmarks.CommandArguments;

namespace InstanceManager.Benchmarks;

/// <summary>
/// Cold gets, churn of a full cache, and the allocation of a large list, against a server in another process
/// (<see cref="NodeServer"/>), so that the client's own CPU cost shows: with the server in-process, client and
/// bare <see cref="HttpClient"/> both look server-bound on two cores. Each figure is the best of several rounds,
/// after a warm-up round.
/// </summary>
internal static class SeparateProcessCommand
{
    private const int Concurrency = 64;
    private const int ColdGetsPerWorker = 250;
    private const int ChurnCapacity = 20_000;
    private const int ChurnTenants = 38_000;
    private const int ListSize = 20_000;

    public static async Task RunAsync(string[] args)
    {
        var rounds = Read(args, "--rounds", 3);
        var only = args.SkipWhile(arg => arg != "--only").Skip(1).FirstOrDefault();
        await using var server = await NodeServer.StartAsync(ListSize);
        Console.WriteLine($"Server: Node.js {server.BaseUrl} (separate process); {Environment.ProcessorCount} cores; best of {rounds} rounds after a warm-up round.");
        if (only is null or "cold")
        {
            await ColdGetsAsync(server, rounds, args.Contains("--allocations"));
        }

        if (only is null or "churn")
        {
            await ChurnAsync(server, rounds);
        }

        if (only is null or "getall")
        {
            await GetAllAsync(server, rounds);
        }
    }

    private static async Task ColdGetsAsync(NodeServer server, int rounds, bool allocations)
    {
        // A one-entry cache: every get is a miss, as for an application's first requests.
        using var client = server.CreateClient(options => options.CacheMaxItems = 1);
        using var withoutResilience = server.CreateClient(options =>
        {
            options.CacheMaxItems = 1;
            options.Resilience.Enabled = false;
        });
        using var bare = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        bare.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("user:password")));
        var tenants = Enumerable.Range(0, Concurrency).Select(worker => Enumerable.Range(0, ColdGetsPerWorker).Select(index => $"cold-{worker:00}-{index:000}").ToArray()).ToArray();
        var urls = tenants.Select(mine => mine.Select(tenant => new Uri(server.BaseUrl + "/" + tenant)).ToArray()).ToArray();

        Func<Task> RoundOf(StandaloneInstanceManagerClient client) => () => Task.WhenAll(tenants.Select(mine => Task.Run(async () =>
        {
            foreach (var tenant in mine)
            {
                _ = await client.GetAsync(tenant) ?? throw new InvalidOperationException("Not found.");
            }
        })));
        var clientRound = RoundOf(client);
        var withoutResilienceRound = RoundOf(withoutResilience);
        Func<Task> bareRound = () => Task.WhenAll(urls.Select(mine => Task.Run(async () =>
        {
            foreach (var url in mine)
            {
                using var response = await bare.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
                response.EnsureSuccessStatusCode();
                await using var body = await response.Content.ReadAsStreamAsync();
                await body.CopyToAsync(Stream.Null);
            }
        })));

        const int Gets = Concurrency * ColdGetsPerWorker;
        Console.WriteLine($"Cold gets: {Concurrency} concurrent callers, distinct existing tenants, {Gets} gets per round.");
        await MeasureAsync(clientRound, Gets);
        await MeasureAsync(withoutResilienceRound, Gets);
        await MeasureAsync(bareRound, Gets);
        var clientBest = Round.None;
        var withoutResilienceBest = Round.None;
        var bareBest = Round.None;
        var throughputRatios = new List<double>(rounds);
        var cpuRatios = new List<double>(rounds);
        for (var round = 1; round <= rounds; round++)
        {
            var mine = await MeasureAsync(clientRound, Gets);
            var plain = await MeasureAsync(withoutResilienceRound, Gets);
            var theirs = await MeasureAsync(bareRound, Gets);
            Console.WriteLine($"  round {round}: client {mine}; without resilience {plain}; bare HttpClient {theirs}; client/bare throughput {mine.PerSecond / theirs.PerSecond:0.00}×, bare/client CPU per get {theirs.CpuMicroseconds / mine.CpuMicroseconds:0.00}×");
            throughputRatios.Add(mine.PerSecond / theirs.PerSecond);
            cpuRatios.Add(theirs.CpuMicroseconds / mine.CpuMicroseconds);
            clientBest = clientBest.Best(mine);
            withoutResilienceBest = withoutResilienceBest.Best(plain);
            bareBest = bareBest.Best(theirs);
        }

        Console.WriteLine($"  best: client {clientBest}; without resilience {withoutResilienceBest}; bare HttpClient {bareBest}");

        // Rounds of one configuration vary by up to 1.6× on a shared 2-core machine, so the best of each can pair a
        // lucky bare round with an ordinary client round; the median of the rounds' own ratios (client and bare run
        // back to back) is the steadier figure.
        Console.WriteLine($"  median of the rounds' ratios: client/bare throughput {Median(throughputRatios):0.00}×, bare/client CPU per get {Median(cpuRatios):0.00}×");
        if (allocations)
        {
            foreach (var (name, round) in new[] { ("client", clientRound), ("bare HttpClient", bareRound) })
            {
                using var sampler = new AllocationSampler();
                sampler.Start();
                var perGet = (await MeasureAsync(round, Gets)).BytesPerGet;
                Console.WriteLine($"  allocated per get by type, {name} (sampled, {perGet:0} B in all):");
                foreach (var (type, share) in sampler.Stop().Take(30))
                {
                    Console.WriteLine($"    {share * perGet,6:0} B  {(type.Length > 150 ? type[..150] + "…" : type)}");
                }
            }
        }

        Console.WriteLine($"  client/bare throughput {clientBest.PerSecond / bareBest.PerSecond:0.00}× ({withoutResilienceBest.PerSecond / bareBest.PerSecond:0.00}× without resilience); bare/client CPU per get {bareBest.CpuMicroseconds / clientBest.CpuMicroseconds:0.00}× ({bareBest.CpuMicroseconds / withoutResilienceBest.CpuMicroseconds:0.00}× without resilience)");
    }

    private static async Task ChurnAsync(NodeServer server, int rounds)
    {
        using var evicting = server.CreateClient(options => options.CacheMaxItems = ChurnCapacity);
        using var keeping = server.CreateClient(options => options.CacheMaxItems = 1_000_000);
        Console.WriteLine($"Churn: {ChurnTenants} distinct tenants read once each by {Concurrency} callers per round; cache of {ChurnCapacity} (full after the first round) against a cache that never evicts.");

        Func<Task> RoundOf(StandaloneInstanceManagerClient client, string prefix) => () =>
        {
            var next = -1;
            return Task.WhenAll(Enumerable.Range(0, Concurrency).Select(caller => Task.Run(async () =>
            {
                int index;
                while ((index = Interlocked.Increment(ref next)) < ChurnTenants)
                {
                    _ = await client.GetAsync($"{prefix}-{index}") ?? throw new InvalidOperationException("Not found.");
                }
            })));
        };

        await MeasureAsync(RoundOf(evicting, "warm"), ChurnTenants);
        await MeasureAsync(RoundOf(keeping, "warm"), ChurnTenants);
        var evictingBest = Round.None;
        var keepingBest = Round.None;
        var ratios = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            var mine = await MeasureAsync(RoundOf(evicting, $"churn-{round}"), ChurnTenants);
            var theirs = await MeasureAsync(RoundOf(keeping, $"churn-{round}"), ChurnTenants);
            Console.WriteLine($"  round {round}: cache of {ChurnCapacity} {mine}; never evicting {theirs}; ratio {mine.PerSecond / theirs.PerSecond:0.00}×");
            ratios.Add(mine.PerSecond / theirs.PerSecond);
            evictingBest = evictingBest.Best(mine);
            keepingBest = keepingBest.Best(theirs);
        }

        Console.WriteLine($"  best: cache of {ChurnCapacity} {evictingBest}; never evicting {keepingBest}; ratio of the best {evictingBest.PerSecond / keepingBest.PerSecond:0.00}×, median ratio of a round {Median(ratios):0.00}×");
    }

    private static async Task GetAllAsync(NodeServer server, int rounds)
    {
        Console.WriteLine($"GetAllAsync of {ListSize} instances: bytes allocated by one call (fewest of {rounds}).");
        foreach (var (name, capacity) in new[] { ("default options (cache of 500)", (int?)null), ($"cache of {ListSize} (holds every tenant)", ListSize) })
        {
            using var client = server.CreateClient(options => options.CacheMaxItems = capacity ?? options.CacheMaxItems);
            _ = await client.GetAllAsync();
            var fewest = long.MaxValue;
            var fastest = TimeSpan.MaxValue;
            for (var round = 0; round < rounds; round++)
            {
                GC.Collect();
                var before = GC.GetTotalAllocatedBytes(precise: true);
                var started = Stopwatch.GetTimestamp();
                var count = (await client.GetAllAsync()).Count;
                var elapsed = Stopwatch.GetElapsedTime(started);
                var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
                if (count != ListSize)
                {
                    throw new InvalidOperationException($"{count} instances instead of {ListSize}.");
                }

                fewest = Math.Min(fewest, allocated);
                fastest = elapsed < fastest ? elapsed : fastest;
            }

            Console.WriteLine($"  {name}: {fewest / 1024.0 / 1024.0:0.0} MB allocated, {fastest.TotalMilliseconds:0} ms");
        }
    }

    private static async Task<Round> MeasureAsync(Func<Task> run, int gets)
    {
        GC.Collect();
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var started = Stopwatch.GetTimestamp();
        await run();
        var elapsed = Stopwatch.GetElapsedTime(started);
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        // The total can go backwards when thread-pool threads exit during the round: then the round has no figure.
        return new Round(gets / elapsed.TotalSeconds, cpu.TotalMicroseconds / gets, allocated > 0 ? (double)allocated / gets : double.MaxValue);
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private readonly record struct Round(double PerSecond, double CpuMicroseconds, double BytesPerGet)
    {
        public static Round None => new(0, double.MaxValue, double.MaxValue);

        public Round Best(Round other) => new(Math.Max(PerSecond, other.PerSecond), Math.Min(CpuMicroseconds, other.CpuMicroseconds), Math.Min(BytesPerGet, other.BytesPerGet));

        public override string ToString() => $"{PerSecond / 1000:0.0}k gets/s, {CpuMicroseconds:0} µs CPU/get, " + (BytesPerGet == double.MaxValue ? "allocation not measured" : $"{BytesPerGet / 1024:0.0} KB/get");
    }
}
