using System.Text;
using InstanceManager.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace InstanceManager.Tests.Infrastructure;

/// <summary>
/// A WireMock.Net Instance Manager on loopback and a client wired to it through <c>AddInstanceManager</c>, on a
/// <see cref="TestClock"/>.
/// </summary>
public sealed class ImServer : IDisposable
{
    public const string User = "im-user";
    public const string Password = "Im-Binding-Pa55word!";
    public const string BasePath = "/instance-manager/managed/managed_instances/svc-1";

    private readonly ServiceProvider _provider;

    public ImServer(Action<InstanceManagerOptions>? configure = null, Action<IServiceCollection>? configureServices = null)
    {
        Server = WireMockServer.Start();
        // A client that fails to build (an invalid option) must not leave the server listening: a test process that
        // runs many such tests (a mutation run) would pile up its threads.
        try
        {
            Clock = new TestClock();
            var services = new ServiceCollection();
            services.AddLogging();
            services.AddSingleton<TimeProvider>(Clock);
            services.AddInstanceManager(options =>
            {
                Fill(options, Server.Url!);
                configure?.Invoke(options);
            });
            configureServices?.Invoke(services);
            _provider = services.BuildServiceProvider();
            Options = _provider.GetRequiredService<IOptions<InstanceManagerOptions>>().Value;
            // The polling timeout and the per-attempt HTTP timeout are deadlines, not waits between polls.
            Clock.IgnoreAtOrAbove = Options.PollingTimeout < Options.Resilience.AttemptTimeout ? Options.PollingTimeout : Options.Resilience.AttemptTimeout;
            Client = _provider.GetRequiredService<IInstanceManagerClient>();
        }
        catch
        {
            _provider?.Dispose();
            StopServer();
            throw;
        }
    }

    public WireMockServer Server { get; }

    public TestClock Clock { get; }

    public IInstanceManagerClient Client { get; }

    public InstanceManagerOptions Options { get; }

    public IServiceProvider Services => _provider;

    public static void Fill(InstanceManagerOptions options, string baseUrl)
    {
        options.User = User;
        options.Password = Password;
        options.PostManagedInstanceUrl = baseUrl + BasePath + "/{tenant_id}";
        options.GetManagedInstanceUrl = baseUrl + BasePath + "/{tenant_id}";
        options.GetAllManagedInstancesUrl = baseUrl + BasePath;
        options.DeleteManagedInstanceUrl = baseUrl + BasePath + "/{tenant_id}";
    }

    public static string TenantPath(string tenantId) => BasePath + "/" + tenantId;

    public IReadOnlyList<ILogEntry> Requests(string method) =>
        Server.LogEntries.Where(entry => entry.RequestMessage.Method == method).ToList();

    public int Count(string method) => Requests(method).Count;

    public int Count(string method, string tenantId) =>
        Requests(method).Count(entry => entry.RequestMessage.Path == TenantPath(tenantId));

    /// <summary>GET of the tenant answers the given responses in turn; the last one repeats.</summary>
    public void GetAnswers(string tenantId, params (int Status, string Body)[] answers) =>
        Answers("GET", TenantPath(tenantId), answers);

    public void Answers(string method, string path, params (int Status, string Body)[] answers)
    {
        if (answers.Length == 1)
        {
            Answer(method, path, answers[0].Status, answers[0].Body);
            return;
        }

        var scenario = method + " " + path;
        for (var index = 0; index < answers.Length; index++)
        {
            var mapping = Server.Given(Request.Create().WithPath(path).UsingMethod(method)).InScenario(scenario);
            if (index > 0)
            {
                mapping = mapping.WhenStateIs("step" + index);
            }

            // The last state sets itself again: a step without a next state would end the scenario, and WireMock
            // would then start over with the first answer.
            mapping = mapping.WillSetStateTo("step" + Math.Min(index + 1, answers.Length - 1));

            mapping.RespondWith(Respond(answers[index].Status, answers[index].Body));
        }
    }

    public void Answer(string method, string path, int status, string body = "") =>
        Server.Given(Request.Create().WithPath(path).UsingMethod(method)).RespondWith(Respond(status, body));

    public static IResponseBuilder Respond(int status, string body)
    {
        var response = Response.Create().WithStatusCode(status);
        if (body.Length > 0)
        {
            response = response
                .WithHeader("Content-Type", body.StartsWith('{') || body.StartsWith('[') ? "application/json" : "text/plain")
                .WithBody(Encoding.UTF8.GetBytes(body));
        }

        return response;
    }

    /// <summary>Disposes the container, as the host does when it stops; the server keeps running.</summary>
    public void DisposeServices() => _provider.Dispose();

    public void Dispose()
    {
        _provider.Dispose();
        StopServer();
    }

    private void StopServer()
    {
        Server.Stop();
        Server.Dispose();
    }
}
