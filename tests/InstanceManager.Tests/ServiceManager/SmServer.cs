using System.Text;
using System.Text.Json.Nodes;
using InstanceManager.ServiceManagement;
using InstanceManager.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace InstanceManager.Tests.ServiceManager;

/// <summary>
/// A WireMock.Net Service Manager and OAuth server on loopback, and a client wired to it through
/// <c>AddInstanceManager</c> with Service Manager credentials, on a <see cref="TestClock"/>. The catalog holds the
/// offering <c>hana</c> (<see cref="OfferingId"/>) with the plan <c>hdi-shared</c> (<see cref="PlanId"/>).
/// </summary>
public sealed class SmServer : IDisposable
{
    public const string ClientId = "sb-sm-client!b1";
    public const string ClientSecret = "Sm-Client-Secret-Pa55!";
    public const string Token = "eyJ-sm-access-token-1";
    public const string OfferingId = "off-hana";
    public const string PlanId = "plan-hdi-shared";
    public const string TokenPath = "/oauth/token";

    private readonly ServiceProvider _provider;

    public SmServer(Action<ServiceManagerOptions>? configure = null, bool catalog = true, bool token = true, Action<IServiceCollection>? configureServices = null)
    {
        Server = WireMockServer.Start();
        // A client that fails to build (an invalid option) must not leave the server listening: a test process that
        // runs many such tests (a mutation run) would pile up its threads.
        try
        {
            Clock = new TestClock();
            var services = new ServiceCollection();
            services.AddLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
            services.AddSingleton<TimeProvider>(Clock);
            services.AddInstanceManager(options =>
            {
                options.ServiceManager = new ServiceManagerOptions
                {
                    SmUrl = Server.Url,
                    // A path in url is replaced by /oauth/token, not extended.
                    Url = Server.Url + "/uaa/some/path",
                    ClientId = ClientId,
                    ClientSecret = ClientSecret,
                };
                configure?.Invoke(options.ServiceManager);
            });
            configureServices?.Invoke(services);
            _provider = services.BuildServiceProvider();
            Options = _provider.GetRequiredService<IOptions<InstanceManagerOptions>>().Value;
            Clock.IgnoreAtOrAbove = Options.PollingTimeout < Options.Resilience.AttemptTimeout ? Options.PollingTimeout : Options.Resilience.AttemptTimeout;
            Client = _provider.GetRequiredService<IInstanceManagerClient>();
            if (token)
            {
                Answer("POST", TokenPath, 200, TokenBody(Token, 3600));
            }

            if (catalog)
            {
                Answer("GET", "/v1/service_offerings", 200, Page([Offering(OfferingId, "hana")]));
                Answer("GET", "/v1/service_plans", 200, Page([Plan(PlanId, "hdi-shared", OfferingId)]));
            }
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

    public LogCapture Logs { get; } = new();

    public IInstanceManagerClient Client { get; }

    public InstanceManagerOptions Options { get; }

    /// <summary>The low-level client, as <c>AddInstanceManager</c> registered it.</summary>
    public ServiceManagerClient ServiceManager => _provider.GetRequiredService<ServiceManagerClient>();

    public IServiceProvider Services => _provider;

    public IReadOnlyList<ILogEntry> Requests(string method, string path) =>
        Server.LogEntries.Where(entry => entry.RequestMessage.Method == method && entry.RequestMessage.Path == path).ToList();

    public int Count(string method, string path) => Requests(method, path).Count;

    /// <summary>Every request in arrival order as "METHOD path".</summary>
    public IReadOnlyList<string> Sequence() =>
        Server.LogEntries.OrderBy(entry => entry.RequestMessage.DateTime).Select(entry => entry.RequestMessage.Method + " " + entry.RequestMessage.Path).ToList();

    public void Answer(string method, string path, int status, string body = "", string? location = null, int priority = 10) =>
        Server.Given(Request.Create().WithPath(path).UsingMethod(method)).AtPriority(priority).RespondWith(Respond(status, body, location));

    /// <summary>The path answers the given responses in turn; the last one repeats.</summary>
    public void Answers(string method, string path, params (int Status, string Body)[] answers)
    {
        if (answers.Length == 1)
        {
            Answer(method, path, answers[0].Status, answers[0].Body, priority: 5);
            return;
        }

        var scenario = method + " " + path + " " + Guid.NewGuid();
        for (var index = 0; index < answers.Length; index++)
        {
            var mapping = Server.Given(Request.Create().WithPath(path).UsingMethod(method)).AtPriority(5).InScenario(scenario);
            if (index > 0)
            {
                mapping = mapping.WhenStateIs("step" + index);
            }

            if (index < answers.Length - 1)
            {
                mapping = mapping.WillSetStateTo("step" + (index + 1));
            }

            mapping.RespondWith(Respond(answers[index].Status, answers[index].Body, location: null));
        }
    }

    /// <summary>An asynchronous create or delete: 202 with the operation's location, which answers the given states in turn.</summary>
    public void AsyncOperation(string method, string path, string resource, string resourceId, string operationId, params string[] states)
    {
        var operationPath = $"/v1/{resource}/{resourceId}/operations/{operationId}";
        Answer(method, path, 202, location: operationPath);
        Answers("GET", operationPath, states.Select(state => (200, Operation(operationId, state, resourceId, resource))).ToArray());
    }

    public static IResponseBuilder Respond(int status, string body, string? location)
    {
        var response = Response.Create().WithStatusCode(status);
        if (location is not null)
        {
            response = response.WithHeader("Location", location);
        }

        if (body.Length > 0)
        {
            response = response.WithHeader("Content-Type", "application/json").WithBody(Encoding.UTF8.GetBytes(body));
        }

        return response;
    }

    /// <summary>A page answered only to the request carrying <paramref name="pageToken"/> as its <c>token</c> parameter.</summary>
    public void AnswerPage(string path, string pageToken, string body) =>
        Server.Given(Request.Create().WithPath(path).UsingGet().WithParam("token", pageToken)).AtPriority(1).RespondWith(Respond(200, body, location: null));

    public static string TokenBody(string token, int expiresIn) =>
        new JsonObject { ["access_token"] = token, ["token_type"] = "bearer", ["expires_in"] = expiresIn, ["scope"] = "uaa.resource" }.ToJsonString();

    public static string Page(JsonObject[] items, string? token = null)
    {
        var page = new JsonObject { ["num_items"] = items.Length, ["items"] = new JsonArray(items) };
        if (token is not null)
        {
            page["token"] = token;
        }

        return page.ToJsonString();
    }

    public static JsonObject Offering(string id, string catalogName) =>
        new() { ["id"] = id, ["name"] = catalogName, ["catalog_name"] = catalogName, ["tags"] = new JsonArray("hana", "database") };

    public static JsonObject Plan(string id, string catalogName, string offeringId) =>
        new() { ["id"] = id, ["name"] = catalogName, ["catalog_name"] = catalogName, ["service_offering_id"] = offeringId };

    public static JsonObject Instance(string id, string tenantId, bool ready) =>
        new()
        {
            ["id"] = id,
            ["name"] = "name-of-" + id,
            ["service_plan_id"] = PlanId,
            ["labels"] = new JsonObject { ["tenant_id"] = new JsonArray(tenantId) },
            ["ready"] = ready,
            ["created_at"] = "2026-06-23T01:01:47.698606Z",
            ["updated_at"] = "2026-06-23T01:01:47.698606Z",
        };

    public static JsonObject Binding(string id, string tenantId, string instanceId, bool ready = true, string createdAt = "2026-06-23T01:01:47.698606Z") =>
        new()
        {
            ["id"] = id,
            ["name"] = "binding-" + id,
            ["service_instance_id"] = instanceId,
            ["labels"] = new JsonObject
            {
                ["tenant_id"] = new JsonArray(tenantId),
                ["service_plan_id"] = new JsonArray(PlanId),
                ["managing_client_lib"] = new JsonArray("instance-manager-client-lib"),
            },
            ["credentials"] = new JsonObject { ["host"] = "hana.example", ["schema"] = "SCHEMA_" + id, ["password"] = InstanceJson.InstancePassword },
            ["ready"] = ready,
            ["created_at"] = createdAt,
        };

    public static string Operation(string id, string state, string resourceId, string resource, JsonNode? errors = null)
    {
        var operation = new JsonObject { ["id"] = id, ["type"] = "create", ["state"] = state, ["resource_id"] = resourceId, ["resource_type"] = "/v1/" + resource };
        if (errors is not null)
        {
            operation["errors"] = errors;
        }

        return operation.ToJsonString();
    }

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
