using System.Text.Json.Nodes;
using InstanceManager.Backends.ServiceManagerApi;
using InstanceManager.Reconciliation;
using InstanceManager.Tests.ServiceManager;
using Microsoft.Extensions.DependencyInjection;

namespace InstanceManager.Tests.Reconciliation;

/// <summary>Bindings the Service Manager keeps after their creation failed (the emulator drops them), over a loopback server.</summary>
public sealed class ServiceManagerRepairTests
{
    [Fact]
    public async Task AFailedBinding_IsDeleted_AndReplacedByANewOne()
    {
        using var sm = new SmServer();
        sm.Answer("GET", "/v1/service_instances", 200, SmServer.Page([TenantInstance("inst-1", "t1")]));
        sm.Answer("GET", "/v1/service_bindings", 200, SmServer.Page([WithLastOperation(SmServer.Binding("b-failed", "t1", "inst-1", ready: false), "failed")]));
        sm.AsyncOperation("DELETE", "/v1/service_bindings/b-failed", "service_bindings", "b-failed", "op-d", "succeeded");
        sm.AsyncOperation("POST", "/v1/service_bindings", "service_bindings", "bind-9", "op-9", "succeeded");
        sm.Answer("GET", "/v1/service_bindings/bind-9", 200, SmServer.Binding("bind-9", "t1", "inst-1").ToJsonString());

        var report = await sm.Clock.RunAsync(sm.Services.GetRequiredService<TenantReconciler>().ReconcileAsync(["t1"]));

        Assert.Equal(["t1"], report.Repaired);
        Assert.Equal(ReconciliationAction.RepairBinding, Assert.Single(report.Plan).Action);
        Assert.Equal("the instance's binding failed.", report.Plan[0].Reason);
        Assert.Equal(1, sm.Count("DELETE", "/v1/service_bindings/b-failed"));
        var post = Assert.Single(sm.Requests("POST", "/v1/service_bindings")).RequestMessage;
        Assert.Contains("\"service_instance_id\":\"inst-1\"", post.Body, StringComparison.Ordinal);
        Assert.Equal(0, sm.Count("POST", "/v1/service_instances"));
        Assert.Contains("for tenant 't1': the instance had no binding; created one.", Assert.Single(sm.Logs.Entries, entry => entry.EventId.Id == 15).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATenantIdTheServiceManagerCannotQuery_IsReportedAsInvalid_AndTheOthersAreReconciled()
    {
        using var sm = new SmServer();
        sm.Answer("GET", "/v1/service_instances", 200, SmServer.Page([TenantInstance("inst-1", "t1")]));
        sm.Answer("GET", "/v1/service_bindings", 200, SmServer.Page([SmServer.Binding("bind-1", "t1", "inst-1")]));

        var report = await sm.Clock.RunAsync(sm.Services.GetRequiredService<TenantReconciler>().ReconcileAsync(["t1", "a\\b"], new ReconciliationOptions { DryRun = true }));

        var failure = Assert.Single(report.Failed);
        Assert.Equal("a\\b", failure.TenantId);
        Assert.StartsWith("invalid tenant id: ", failure.Error, StringComparison.Ordinal);
        Assert.Contains("may not contain a backslash", failure.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", failure.Error, StringComparison.Ordinal);
        Assert.Equal(1, report.Unchanged);
    }

    [Fact]
    public async Task ABindingBeingCreated_IsLeftToFinish()
    {
        using var sm = new SmServer();
        sm.Answer("GET", "/v1/service_instances", 200, SmServer.Page([TenantInstance("inst-1", "t1")]));
        sm.Answer("GET", "/v1/service_bindings", 200, SmServer.Page([WithLastOperation(SmServer.Binding("b-new", "t1", "inst-1", ready: false), "in progress")]));

        var report = await sm.Clock.RunAsync(sm.Services.GetRequiredService<TenantReconciler>().ReconcileAsync(["t1"]));

        Assert.Equal(1, report.Unchanged);
        Assert.Equal(0, sm.Count("POST", "/v1/service_bindings"));
        Assert.Equal(0, sm.Count("DELETE", "/v1/service_bindings/b-new"));
    }

    [Fact]
    public async Task InstancesNotNamedAsATenantsInstance_AreNotTenants()
    {
        using var sm = new SmServer();
        // Labelled with a tenant, but named by someone else: not the instance the tenant's calls would find.
        sm.Answer("GET", "/v1/service_instances", 200, SmServer.Page([SmServer.Instance("inst-x", "t1", ready: true)]));
        sm.Answer("GET", "/v1/service_bindings", 200, SmServer.Page([]));

        var report = await sm.Clock.RunAsync(sm.Services.GetRequiredService<TenantReconciler>().ReconcileAsync([], new ReconciliationOptions { DryRun = true, DeleteOrphans = true }));

        Assert.Empty(report.Plan);
        Assert.Empty(report.Deleted);
    }

    private static JsonObject TenantInstance(string id, string tenant)
    {
        var instance = SmServer.Instance(id, tenant, ready: true);
        instance["name"] = ManagedInstances.InstanceName(SmServer.PlanId, tenant);
        return instance;
    }

    private static JsonObject WithLastOperation(JsonObject resource, string state)
    {
        resource["last_operation"] = new JsonObject { ["type"] = "create", ["state"] = state, ["description"] = "broker said no" };
        return resource;
    }
}
