using InstanceManager.Backends;
using InstanceManager.Tests.Infrastructure;
using InstanceManager.Tests.ServiceManager;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace InstanceManager.Tests.Migration;

public sealed class MigrationTests
{
    [Fact]
    public void BothKindsOfCredentials_SelectTheMigrationBackend()
    {
        using var sm = MigrationServer.Start();

        Assert.Equal("migration", sm.Services.GetRequiredService<IInstanceBackend>().Name);
    }

    [Fact]
    public void ImOptsAndSmOptsSections_AreBoundAsTheOfficialClientsTakeThem()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["imOpts:user"] = "im-user",
            ["imOpts:password"] = "im-password",
            ["imOpts:post_managed_instance_url"] = "https://im.example/x/{tenant_id}",
            ["imOpts:get_managed_instance_url"] = "https://im.example/x/{tenant_id}",
            ["imOpts:get_all_managed_instances_url"] = "https://im.example/x",
            ["imOpts:delete_managed_instance_url"] = "https://im.example/x/{tenant_id}",
            ["imOpts:cache_max_items"] = "42",
            ["smOpts:sm_url"] = "https://sm.example",
            ["smOpts:url"] = "https://uaa.example",
            ["smOpts:clientid"] = "client",
            ["smOpts:clientsecret"] = "secret",
            ["smOpts:plan"] = "schema",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddInstanceManager(configuration);
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<InstanceManagerOptions>>().Value;

        Assert.Equal("migration", provider.GetRequiredService<IInstanceBackend>().Name);
        Assert.Equal("https://im.example/x", options.GetAllManagedInstancesUrl);
        Assert.Equal(42, options.CacheMaxItems);
        Assert.Equal("https://sm.example", options.ServiceManager!.SmUrl);
        Assert.Equal("schema", options.ServiceManager.Plan);
    }

    [Fact]
    public void SomeInstanceManagerKeysWithServiceManagerCredentials_FailValidationNamingTheMissingKeys()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddInstanceManager(options =>
        {
            options.User = "im-user";
            options.ServiceManager = new ServiceManagerOptions { SmUrl = "https://sm.example", Url = "https://uaa.example", ClientId = "c", ClientSecret = "s" };
        });
        using var provider = services.BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<InstanceManagerOptions>>().Value);

        Assert.Contains(exception.Failures, failure => failure.Contains("'password'", StringComparison.Ordinal));
        Assert.Contains(exception.Failures, failure => failure.Contains("'get_all_managed_instances_url'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CreateAsync_CreatesInTheServiceManager_AfterCheckingTheInstanceManager()
    {
        using var sm = MigrationServer.Start();
        sm.Answer("GET", MigrationServer.TenantPath("t1"), 404, """{"description":"not found"}""");
        sm.AsyncOperation("POST", "/v1/service_instances", "service_instances", "inst-1", "op-i", "succeeded");
        sm.AsyncOperation("POST", "/v1/service_bindings", "service_bindings", "b1", "op-b", "succeeded");
        sm.Answer("GET", "/v1/service_bindings/b1", 200, SmServer.Binding("b1", "t1", "inst-1").ToJsonString());

        var instance = await sm.Clock.RunAsync(sm.Client.CreateAsync("t1"));

        Assert.Equal("SCHEMA_b1", instance.GetCredential("schema"));
        Assert.Equal(1, sm.Count("POST", "/v1/service_instances"));
        Assert.Equal(1, sm.Count("GET", MigrationServer.TenantPath("t1")));
        Assert.Equal(0, sm.Count("POST", MigrationServer.TenantPath("t1")));
    }

    [Fact]
    public async Task CreateAsync_OfATenantTheInstanceManagerHolds_Is409WithoutASecondInstance()
    {
        using var sm = MigrationServer.Start();
        sm.Answer("GET", MigrationServer.TenantPath("t1"), 200, InstanceJson.Instance("t1", "CREATION_SUCCEEDED"));

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => sm.Clock.RunAsync(sm.Client.CreateAsync("t1")));

        Assert.Equal(409, exception.StatusCode);
        Assert.Contains("already has an instance in the Instance Manager (status CreationSucceeded)", exception.Message, StringComparison.Ordinal);
        Assert.Equal("Instance already exists in the Instance Manager", exception.ServerDescription);
        Assert.Equal(0, sm.Count("POST", "/v1/service_instances"));
    }

    [Fact]
    public async Task CreateAsync_OfATenantIdTheServiceManagerCannotHold_IsRefusedBeforeAnyRequest()
    {
        using var sm = MigrationServer.Start();

        await Assert.ThrowsAsync<ArgumentException>(() => sm.Clock.RunAsync(sm.Client.CreateAsync("a\\b")));

        Assert.Empty(sm.Server.LogEntries);
    }

    [Fact]
    public async Task DeleteAsync_OfATenantIdTheServiceManagerCannotHold_DeletesFromTheInstanceManagerAlone()
    {
        using var sm = MigrationServer.Start();
        sm.Answer("DELETE", MigrationServer.TenantPath("a\\b"), 204);
        sm.Answer("GET", MigrationServer.TenantPath("a\\b"), 404, "");

        await sm.Clock.RunAsync(sm.Client.DeleteAsync("a\\b"));

        Assert.Equal(1, sm.Count("DELETE", MigrationServer.TenantPath("a\\b")));
        Assert.DoesNotContain(sm.Server.LogEntries, entry => entry.RequestMessage.Path.StartsWith("/v1/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetAsync_FoundInTheServiceManager_DoesNotAskTheInstanceManager()
    {
        using var sm = MigrationServer.Start();
        sm.Answer("GET", "/v1/service_bindings", 200, SmServer.Page([SmServer.Binding("b1", "t1", "inst-1")]));

        var instance = await sm.Client.GetAsync("t1");

        Assert.Equal("SCHEMA_b1", instance!.GetCredential("schema"));
        Assert.Equal(0, MigrationServer.InstanceManagerRequests(sm));
    }

    [Fact]
    public async Task GetAsync_AbsentFromTheServiceManager_IsReadFromTheInstanceManager()
    {
        using var sm = MigrationServer.Start();
        MigrationServer.ServiceManagerEmpty(sm);
        sm.Answer("GET", MigrationServer.TenantPath("t1"), 200, InstanceJson.Instance("t1", "CREATION_SUCCEEDED"));

        var instance = await sm.Client.GetAsync("t1");

        Assert.Equal("SCHEMA_T1", instance!.GetCredential("schema"));
        Assert.Equal(1, sm.Count("GET", "/v1/service_bindings"));
        Assert.Equal(1, sm.Count("GET", MigrationServer.TenantPath("t1")));
    }

    [Fact]
    public async Task GetAsync_WhenTheServiceManagerFails_FallsBackToTheInstanceManager()
    {
        using var sm = MigrationServer.Start();
        sm.Answer("GET", "/v1/service_bindings", 500, """{"error":"InternalError","description":"database down"}""");
        sm.Answer("GET", MigrationServer.TenantPath("t1"), 200, InstanceJson.Instance("t1", "CREATION_SUCCEEDED"));

        var instance = await sm.Client.GetAsync("t1");

        Assert.Equal("SCHEMA_T1", instance!.GetCredential("schema"));
    }

    [Fact]
    public async Task GetAsync_WhenTheServiceManagerFailsAndTheInstanceManagerHasNothing_ReportsTheFailureInsteadOfNull()
    {
        using var sm = MigrationServer.Start();
        sm.Answer("GET", "/v1/service_bindings", 500, """{"error":"InternalError","description":"database down"}""");
        sm.Answer("GET", MigrationServer.TenantPath("t1"), 404, """{"description":"not found"}""");

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => sm.Client.GetAsync("t1").AsTask());

        Assert.Equal(500, exception.StatusCode);
        Assert.Contains("database down", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAsync_WhenBothFail_NamesBothFailures()
    {
        using var sm = MigrationServer.Start();
        sm.Answer("GET", "/v1/service_bindings", 500, """{"error":"InternalError","description":"sm database down"}""");
        sm.Answer("GET", MigrationServer.TenantPath("t1"), 403, """{"description":"im forbidden"}""");

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => sm.Client.GetAsync("t1").AsTask());

        Assert.Equal(500, exception.StatusCode);
        Assert.Contains("sm database down", exception.Message, StringComparison.Ordinal);
        Assert.Contains("im forbidden", exception.Message, StringComparison.Ordinal);
        Assert.Equal(2, Assert.IsType<AggregateException>(exception.InnerException).InnerExceptions.Count);
        Assert.Equal("sm database down", exception.ServerDescription);
    }

    [Fact]
    public async Task GetAsync_WhenBothFail_AndTheServiceManagerGaveNoDescription_TheInstanceManagersIsTheServers()
    {
        using var sm = MigrationServer.Start();
        sm.Answer("GET", "/v1/service_bindings", 500, "");
        sm.Answer("GET", MigrationServer.TenantPath("t1"), 403, """{"description":"im forbidden"}""");

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => sm.Client.GetAsync("t1").AsTask());

        Assert.Equal("im forbidden", exception.ServerDescription);
    }

    [Fact]
    public async Task GetAsync_OfATenantIdTheServiceManagerCannotQuery_IsReadFromTheInstanceManagerAlone()
    {
        using var sm = MigrationServer.Start();
        sm.Answer("GET", MigrationServer.TenantPath("a\\b"), 200, InstanceJson.Instance("a\\b", "CREATION_SUCCEEDED"));

        var instance = await sm.Client.GetAsync("a\\b");

        Assert.Equal("a\\b", instance!.TenantId);
        Assert.Equal(0, sm.Count("GET", "/v1/service_bindings"));
    }

    [Fact]
    public async Task GetAllAsync_MergesBothLists_TheServiceManagerWinning_AndFillsTheCache()
    {
        using var sm = MigrationServer.Start();
        sm.Answer("GET", "/v1/service_bindings", 200, SmServer.Page([SmServer.Binding("b1", "t1", "inst-1")]));
        sm.Answer("GET", "/v1/service_instances", 200, SmServer.Page([SmServer.Instance("inst-1", "t1", ready: true)]));
        sm.Answer("GET", ImServer.BasePath, 200, InstanceJson.List(InstanceJson.Node("t1", "CREATION_SUCCEEDED"), InstanceJson.Node("t2", "CREATION_SUCCEEDED")));

        var all = await sm.Client.GetAllAsync();
        var requestsAfterList = sm.Server.LogEntries.Count;
        var t1 = await sm.Client.GetAsync("t1");
        var t2 = await sm.Client.GetAsync("t2");

        Assert.Equal(["t1", "t2"], all.Select(instance => instance.TenantId).Order(StringComparer.Ordinal));
        Assert.Equal("SCHEMA_b1", all.Single(instance => instance.TenantId == "t1").GetCredential("schema"));
        Assert.Equal("SCHEMA_b1", t1!.GetCredential("schema"));
        Assert.Equal("SCHEMA_T2", t2!.GetCredential("schema"));
        Assert.Equal(requestsAfterList, sm.Server.LogEntries.Count);
    }

    [Fact]
    public async Task GetAllAsync_WhenOneServiceFails_ReturnsTheOthersInstances()
    {
        using var sm = MigrationServer.Start();
        sm.Answer("GET", "/v1/service_bindings", 500, """{"error":"InternalError","description":"sm down"}""");
        sm.Answer("GET", ImServer.BasePath, 200, InstanceJson.List(InstanceJson.Node("t2", "CREATION_SUCCEEDED")));

        var all = await sm.Client.GetAllAsync();

        Assert.Equal("t2", Assert.Single(all).TenantId);
    }

    [Fact]
    public async Task GetAllAsync_WhenBothFail_Throws()
    {
        using var sm = MigrationServer.Start();
        sm.Answer("GET", "/v1/service_bindings", 500, """{"error":"InternalError","description":"sm down"}""");
        sm.Answer("GET", ImServer.BasePath, 500, """{"description":"im down"}""");

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => sm.Client.GetAllAsync());

        Assert.Equal("GetAll", exception.Operation);
        Assert.Contains("sm down", exception.Message, StringComparison.Ordinal);
        Assert.Contains("im down", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteAsync_OfATenantInTheServiceManagerOnly_Succeeds()
    {
        using var sm = MigrationServer.Start();
        sm.Answer("DELETE", MigrationServer.TenantPath("t1"), 404, """{"description":"not found"}""");
        sm.Answer("GET", "/v1/service_bindings", 200, SmServer.Page([SmServer.Binding("b1", "t1", "inst-1")]));
        sm.AsyncOperation("DELETE", "/v1/service_bindings/b1", "service_bindings", "b1", "op-b", "succeeded");
        sm.Answer("GET", "/v1/service_instances", 200, SmServer.Page([SmServer.Instance("inst-1", "t1", ready: true)]));
        sm.AsyncOperation("DELETE", "/v1/service_instances/inst-1", "service_instances", "inst-1", "op-i", "succeeded");

        await sm.Clock.RunAsync(sm.Client.DeleteAsync("t1"));

        Assert.Equal(1, sm.Count("DELETE", MigrationServer.TenantPath("t1")));
        Assert.Equal(1, sm.Count("DELETE", "/v1/service_instances/inst-1"));
    }

    [Fact]
    public async Task DeleteAsync_OfATenantInTheInstanceManagerOnly_Succeeds()
    {
        using var sm = MigrationServer.Start();
        sm.Answer("DELETE", MigrationServer.TenantPath("t1"), 204);
        sm.Answer("GET", MigrationServer.TenantPath("t1"), 404, """{"description":"not found"}""");
        MigrationServer.ServiceManagerEmpty(sm);

        await sm.Clock.RunAsync(sm.Client.DeleteAsync("t1"));

        Assert.Equal(1, sm.Count("DELETE", MigrationServer.TenantPath("t1")));
        Assert.DoesNotContain(sm.Server.LogEntries, entry => entry.RequestMessage.Method == "DELETE" && entry.RequestMessage.Path.StartsWith("/v1/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DeleteAsync_OfATenantNeitherHolds_Is404()
    {
        using var sm = MigrationServer.Start();
        sm.Answer("DELETE", MigrationServer.TenantPath("t1"), 404, """{"description":"not found"}""");
        MigrationServer.ServiceManagerEmpty(sm);

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => sm.Clock.RunAsync(sm.Client.DeleteAsync("t1")));

        Assert.Equal(404, exception.StatusCode);
    }

    [Fact]
    public async Task DeleteAsync_ThatFailsInOneService_IsReported_EvenWhenTheOtherSucceeded()
    {
        using var sm = MigrationServer.Start();
        sm.Answer("DELETE", MigrationServer.TenantPath("t1"), 500, """{"description":"im cannot delete"}""");
        sm.Answer("GET", "/v1/service_bindings", 200, SmServer.Page([]));
        sm.Answer("GET", "/v1/service_instances", 200, SmServer.Page([SmServer.Instance("inst-1", "t1", ready: true)]));
        sm.AsyncOperation("DELETE", "/v1/service_instances/inst-1", "service_instances", "inst-1", "op-i", "succeeded");

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => sm.Clock.RunAsync(sm.Client.DeleteAsync("t1")));

        Assert.Equal(500, exception.StatusCode);
        Assert.Contains("im cannot delete", exception.Message, StringComparison.Ordinal);
        Assert.Equal(1, sm.Count("DELETE", "/v1/service_instances/inst-1"));
    }

    [Fact]
    public async Task DeleteAsync_WhenBothFail_ReportsTheLargerStatus()
    {
        using var sm = MigrationServer.Start();
        sm.Answer("DELETE", MigrationServer.TenantPath("t1"), 404, """{"description":"not found"}""");
        sm.Answer("GET", "/v1/service_instances", 500, """{"error":"InternalError","description":"sm down"}""");

        var exception = await Assert.ThrowsAsync<InstanceManagerException>(() => sm.Clock.RunAsync(sm.Client.DeleteAsync("t1")));

        Assert.Equal(500, exception.StatusCode);
        Assert.Contains("sm down", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FailingServiceManager_DoesNotOpenTheCircuitOfTheInstanceManager()
    {
        using var sm = MigrationServer.Start(options =>
        {
            // The same server under two host names: the Service Manager as "localhost", the Instance Manager as 127.0.0.1.
            var port = new Uri(options.ServiceManager!.SmUrl!).Port;
            options.ServiceManager.SmUrl = $"http://localhost:{port}";
            ImServer.Fill(options, $"http://127.0.0.1:{port}");
            options.Resilience.MaxRetryAttempts = 0;
            options.Resilience.CircuitBreakerMinimumThroughput = 2;
        });
        sm.Answer("GET", "/v1/service_bindings", 503, """{"error":"Unavailable","description":"sm down"}""");
        sm.Answer("GET", MigrationServer.TenantPath("t1"), 404, """{"description":"not found"}""");
        sm.Answer("GET", MigrationServer.TenantPath("t2"), 200, InstanceJson.Instance("t2", "CREATION_SUCCEEDED"));

        for (var attempt = 0; attempt < 4; attempt++)
        {
            await Assert.ThrowsAsync<InstanceManagerException>(() => sm.Client.GetAsync("t1").AsTask());
        }

        var instance = await sm.Client.GetAsync("t2");

        Assert.Equal("t2", instance!.TenantId);
        // The Service Manager's circuit opened before the fourth get (half of its calls, catalog and token included,
        // had failed); the Instance Manager kept answering every call.
        Assert.InRange(sm.Count("GET", "/v1/service_bindings"), 2, 3);
        Assert.Equal(4, sm.Count("GET", MigrationServer.TenantPath("t1")));
    }
}
