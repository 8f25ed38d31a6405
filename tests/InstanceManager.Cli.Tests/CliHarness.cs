using System.Text.Json.Nodes;
using InstanceManager.Emulator;
using InstanceManager.Tests.Infrastructure;
using Spectre.Console.Testing;

namespace InstanceManager.Cli.Tests;

/// <summary>
/// An embedded emulator on a fake clock, and the tool run in-process against it through its real entry point with
/// the emulator's <c>VCAP_SERVICES</c> as its environment. The clock ends each wait the tool (and the emulator) start,
/// so operations that take seconds finish without a real wait.
/// </summary>
internal sealed class CliHarness : IAsyncDisposable
{
    private readonly List<string> _files = [];

    private CliHarness(InstanceManagerEmulator emulator, TestClock clock)
    {
        Emulator = emulator;
        Clock = clock;
        Http = new HttpClient { BaseAddress = emulator.BaseAddress };
    }

    public InstanceManagerEmulator Emulator { get; }

    public TestClock Clock { get; }

    /// <summary>An HTTP client of the emulator's admin endpoints, to see its state independently of the tool.</summary>
    public HttpClient Http { get; }

    /// <summary>The environment of a process bound to the emulator: its <c>VCAP_SERVICES</c> (managed-hana and service-manager bindings).</summary>
    public IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?> { ["VCAP_SERVICES"] = Emulator.VcapServicesJson };

    public static async Task<CliHarness> StartAsync(Action<InstanceManagerEmulatorOptions>? configure = null)
    {
        // The per-attempt HTTP timeout (30 s) is a deadline, not a wait to end.
        var clock = new TestClock { IgnoreAtOrAbove = TimeSpan.FromSeconds(30) };
        var options = new InstanceManagerEmulatorOptions { TimeProvider = clock };
        configure?.Invoke(options);
        return new CliHarness(await InstanceManagerEmulator.StartAsync(options), clock);
    }

    /// <summary>Runs the tool with stdout redirected (not a terminal), bound to the emulator.</summary>
    public Task<CliRun> RunAsync(params string[] args) => RunAsync(Environment, terminal: false, args);

    /// <summary>Runs the tool with the environment given and stdout a terminal or not.</summary>
    public async Task<CliRun> RunAsync(IReadOnlyDictionary<string, string?> environment, bool terminal, string[] args, CancellationToken cancellationToken = default)
    {
        using var stdout = new TestConsole().Width(200);
        using var stderr = new TestConsole().Width(200);
        if (terminal)
        {
            stdout.Interactive().EmitAnsiSequences();
        }

        var context = new CliContext(stdout, stderr, environment, Clock);
        var exitCode = await Clock.RunAsync(CliApplication.RunAsync(args, context, cancellationToken));
        return new CliRun(exitCode, stdout.Output, stderr.Output);
    }

    /// <summary>A temporary file with the given lines, deleted with the harness.</summary>
    public string File(params string[] lines)
    {
        var path = Path.GetTempFileName();
        System.IO.File.WriteAllLines(path, lines);
        _files.Add(path);
        return path;
    }

    /// <summary>The emulator's Instance Manager instances by tenant, as its admin endpoint reports them.</summary>
    public async Task<Dictionary<string, JsonObject>> InstancesAsync()
    {
        var instances = JsonNode.Parse(await Http.GetStringAsync(new Uri("emulator/instances", UriKind.Relative)))!.AsArray();
        return instances.Select(instance => instance!.AsObject()).ToDictionary(instance => (string)instance["tenant_id"]!, StringComparer.Ordinal);
    }

    /// <summary>The Instance Manager requests the emulator saw with that method (its Service Manager's and admin requests not counted).</summary>
    public int Requests(string method, string? tenantId = null) =>
        Emulator.RequestLog.Count(request => request.Method == method && request.Path.StartsWith("/instance-manager/", StringComparison.Ordinal) && (tenantId is null || request.TenantId == tenantId));

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Emulator.DisposeAsync();
        foreach (var file in _files)
        {
            System.IO.File.Delete(file);
        }
    }
}
