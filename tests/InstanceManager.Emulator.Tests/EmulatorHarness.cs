using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using InstanceManager.Tests.Infrastructure;

namespace InstanceManager.Emulator.Tests;

/// <summary>An embedded emulator on a fake clock and a raw HTTP client of it, as any client would talk to it.</summary>
internal sealed class EmulatorHarness : IAsyncDisposable
{
    private EmulatorHarness(InstanceManagerEmulator emulator, TestClock clock)
    {
        Emulator = emulator;
        Clock = clock;
        Http = new HttpClient { BaseAddress = emulator.BaseAddress };
        Http.DefaultRequestHeaders.Authorization = Basic("emulator", "emulator-password");
    }

    public InstanceManagerEmulator Emulator { get; }

    public TestClock Clock { get; }

    public HttpClient Http { get; }

    public const string Base = "instance-manager/managed/managed_instances/emulated-managed-service";

    public static Task<EmulatorHarness> StartAsync(Action<InstanceManagerEmulatorOptions>? configure = null) => StartAsync(new TestClock(), configure);

    /// <summary>An emulator on the given clock, for several emulators (a broker and a platform) on one clock.</summary>
    public static async Task<EmulatorHarness> StartAsync(TestClock clock, Action<InstanceManagerEmulatorOptions>? configure = null)
    {
        var options = new InstanceManagerEmulatorOptions { TimeProvider = clock };
        configure?.Invoke(options);
        return new EmulatorHarness(await InstanceManagerEmulator.StartAsync(options), clock);
    }

    public static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    public Task<HttpResponseMessage> PostAsync(string tenantSegment, string? body = null) =>
        Http.PostAsync($"{Base}/{tenantSegment}", body is null ? null : new StringContent(body, Encoding.UTF8, "application/json"));

    public Task<HttpResponseMessage> GetAsync(string tenantSegment) => Http.GetAsync($"{Base}/{tenantSegment}");

    public Task<HttpResponseMessage> DeleteAsync(string tenantSegment) => Http.DeleteAsync($"{Base}/{tenantSegment}");

    public static async Task<JsonNode> JsonAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    public async Task<string?> StatusAsync(string tenantSegment)
    {
        using var response = await GetAsync(tenantSegment);
        return response.IsSuccessStatusCode ? (string?)(await JsonAsync(response))["status"] : null;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Emulator.DisposeAsync();
    }
}
