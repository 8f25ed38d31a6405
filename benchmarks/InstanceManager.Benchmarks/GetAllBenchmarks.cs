using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace InstanceManager.Benchmarks;

/// <summary>
/// <see cref="IInstanceManagerClient.GetAllAsync"/> and <see cref="IInstanceManagerClient.EnumerateAllAsync"/> of a
/// large list, against a loopback server that sends a pre-rendered body (so the server's own cost is the same
/// for every method), compared with a bare <see cref="HttpClient"/> that only downloads the body.
/// </summary>
[MemoryDiagnoser]
public class GetAllBenchmarks
{
    private WebApplication _server = null!;
    private StandaloneInstanceManagerClient _client = null!;
    private HttpClient _bare = null!;
    private Uri _listUrl = null!;

    [Params(20_000, 100_000)]
    public int Instances { get; set; }

    public long BodyBytes { get; private set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var body = RenderList(Instances);
        BodyBytes = body.Length;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _server = builder.Build();
        _server.MapGet("/managed_instances/svc", () => Results.Bytes(body, "application/json"));
        await _server.StartAsync();
        var address = _server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _listUrl = new Uri(address + "/managed_instances/svc");

        _client = InstanceManagerClientFactory.Create(options =>
        {
            options.User = "user";
            options.Password = "password";
            options.PostManagedInstanceUrl = address + "/managed_instances/svc/{tenant_id}";
            options.GetManagedInstanceUrl = address + "/managed_instances/svc/{tenant_id}";
            options.GetAllManagedInstancesUrl = _listUrl.ToString();
            options.DeleteManagedInstanceUrl = address + "/managed_instances/svc/{tenant_id}";
        });
        _bare = new HttpClient(new SocketsHttpHandler());
        Console.WriteLine($"// {Instances} instances: {body.Length / 1024.0 / 1024.0:0.0} MB of JSON");
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _client.Dispose();
        _bare.Dispose();
        await _server.DisposeAsync();
    }

    [Benchmark(Baseline = true)]
    public async Task<long> BareHttpClient_Download()
    {
        using var response = await _bare.GetAsync(_listUrl, HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            total += read;
        }

        return total;
    }

    [Benchmark]
    public async Task<int> Client_GetAllAsync() => (await _client.GetAllAsync()).Count;

    [Benchmark]
    public async Task<int> Client_EnumerateAllAsync()
    {
        var count = 0;
        await foreach (var _ in _client.EnumerateAllAsync())
        {
            count++;
        }

        return count;
    }

    private static byte[] RenderList(int count)
    {
        var list = new JsonArray();
        for (var index = 0; index < count; index++)
        {
            var tenant = $"tenant-{index:000000}";
            list.Add(new JsonObject
            {
                ["id"] = Guid.NewGuid().ToString(),
                ["tenant_id"] = tenant,
                ["managed_service_id"] = "4f38aaaa-0000-0000-0000-000000000001",
                ["managed_plan_id"] = "2c1b0000-0000-0000-0000-000000000002",
                ["status"] = "CREATION_SUCCEEDED",
                ["credentials"] = new JsonObject
                {
                    ["host"] = "hana.example.com",
                    ["port"] = "30015",
                    ["schema"] = "SCHEMA_" + index,
                    ["user"] = "USER_" + index + "_RT",
                    ["password"] = "Pw" + Guid.NewGuid().ToString("N"),
                    ["hdi_user"] = "HDI_" + index + "_DT",
                    ["hdi_password"] = "Pw" + Guid.NewGuid().ToString("N"),
                    ["url"] = $"jdbc:sap://hana.example.com:30015/?currentschema=SCHEMA_{index}",
                    ["driver"] = "com.sap.db.jdbc.Driver",
                },
                ["created_on"] = "2026-11-23T10:00:00Z",
                ["updated_on"] = "2026-11-23T10:00:01Z",
            });
        }

        return System.Text.Encoding.UTF8.GetBytes(list.ToJsonString());
    }
}
