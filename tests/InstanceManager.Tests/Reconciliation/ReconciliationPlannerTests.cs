using InstanceManager.Backends;
using InstanceManager.Reconciliation;

namespace InstanceManager.Tests.Reconciliation;

/// <summary>The plan for each state the service can report (no requests: the planner is pure).</summary>
public sealed class ReconciliationPlannerTests
{
    [Theory]
    [InlineData(InstanceStatus.CreationSucceeded, (int)BindingState.NotApplicable, ReconciliationAction.None, "the instance is usable.")]
    [InlineData(InstanceStatus.CreationSucceeded, (int)BindingState.Ready, ReconciliationAction.None, "the instance is usable.")]
    [InlineData(InstanceStatus.CreationSucceeded, (int)BindingState.Missing, ReconciliationAction.RepairBinding, "the instance has no binding.")]
    [InlineData(InstanceStatus.CreationSucceeded, (int)BindingState.Failed, ReconciliationAction.RepairBinding, "the instance's binding failed.")]
    [InlineData(InstanceStatus.CreationSucceeded, (int)BindingState.InProgress, ReconciliationAction.None, "the instance's binding is being created; the next run sees how it ended.")]
    [InlineData(InstanceStatus.CreationInProgress, (int)BindingState.Missing, ReconciliationAction.AwaitCreation, "the instance is being created.")]
    [InlineData(InstanceStatus.CreationFailed, (int)BindingState.NotApplicable, ReconciliationAction.Recreate, "the instance's creation failed: disk full")]
    [InlineData(InstanceStatus.DeletionInProgress, (int)BindingState.NotApplicable, ReconciliationAction.AwaitDeletionThenCreate, "the instance is being deleted.")]
    [InlineData(InstanceStatus.DeletionFailed, (int)BindingState.NotApplicable, ReconciliationAction.AwaitDeletionThenCreate, "the instance's deletion failed: disk full")]
    [InlineData(InstanceStatus.Unknown, (int)BindingState.NotApplicable, ReconciliationAction.Reject, "the service reports a status this library does not know; the instance is left alone.")]
    public void ADesiredTenant(InstanceStatus status, int binding, ReconciliationAction expected, string reason)
    {
        var step = Assert.Single(ReconciliationPlanner.Plan(["t1"], [new TenantState("t1", status, (BindingState)binding, "disk full")], new ReconciliationOptions()));

        Assert.Equal(expected, step.Action);
        Assert.True(step.Desired);
        Assert.Equal(status, step.Status);
        // The reason is what `reconcile --dry-run` and the report show next to the action.
        Assert.Equal(reason, step.Reason);
    }

    [Fact]
    public void ADesiredTenantWithoutAnInstance_IsCreated()
    {
        var step = Assert.Single(ReconciliationPlanner.Plan(["t1"], [], new ReconciliationOptions()));

        Assert.Equal(("t1", true, null, ReconciliationAction.Create, "the tenant has no instance."), (step.TenantId, step.Desired, step.Status, step.Action, step.Reason));
    }

    [Fact]
    public void TheSteps_AreInOrdinalOrderOfTenantId_DesiredAndOrphansMixed()
    {
        TenantState[] states =
        [
            new("c-orphan", InstanceStatus.CreationSucceeded, BindingState.NotApplicable, null),
            new("B", InstanceStatus.CreationSucceeded, BindingState.NotApplicable, null),
            new("a-orphan", InstanceStatus.CreationSucceeded, BindingState.NotApplicable, null),
        ];

        var plan = ReconciliationPlanner.Plan(["d", "B", "b"], states, new ReconciliationOptions());

        Assert.Equal(["B", "a-orphan", "b", "c-orphan", "d"], plan.Select(step => step.TenantId));
    }

    [Fact]
    public void AFailureMessageLongerThan300Characters_IsCut_AndOneOf300IsKept()
    {
        var exactly = new string('x', 300);
        var longer = new string('y', 301);

        var plan = ReconciliationPlanner.Plan(
            ["t1", "t2"],
            [new("t1", InstanceStatus.CreationFailed, BindingState.NotApplicable, exactly), new("t2", InstanceStatus.CreationFailed, BindingState.NotApplicable, longer)],
            new ReconciliationOptions());

        Assert.Equal("the instance's creation failed: " + exactly, plan[0].Reason);
        Assert.Equal("the instance's creation failed: " + new string('y', 300) + "…", plan[1].Reason);
    }

    [Fact]
    public void AFailedStatusWithoutAMessage_EndsTheReasonWithAFullStop()
    {
        var step = Assert.Single(ReconciliationPlanner.Plan(["t1"], [new TenantState("t1", InstanceStatus.CreationFailed, BindingState.NotApplicable, "")], new ReconciliationOptions()));

        Assert.Equal("the instance's creation failed.", step.Reason);
    }

    [Fact]
    public void AFailureMessage_IsKeptInTheReason_OnOneLine()
    {
        var step = Assert.Single(ReconciliationPlanner.Plan(["t1"], [new TenantState("t1", InstanceStatus.CreationFailed, BindingState.NotApplicable, "quota\nexceeded")], new ReconciliationOptions()));

        Assert.Equal("the instance's creation failed: quota exceeded", step.Reason);
    }

    [Fact]
    public void OrphansBeingDeleted_AreFollowed_WithoutCountingAgainstTheCap()
    {
        TenantState[] states =
        [
            new("a", InstanceStatus.DeletionInProgress, BindingState.NotApplicable, null),
            new("b", InstanceStatus.DeletionFailed, BindingState.NotApplicable, null),
            new("c", InstanceStatus.CreationSucceeded, BindingState.NotApplicable, null),
            new("d", InstanceStatus.CreationFailed, BindingState.NotApplicable, null),
        ];

        var plan = ReconciliationPlanner.Plan([], states, new ReconciliationOptions { DeleteOrphans = true, MaxDeletions = 2 });

        Assert.Equal(
            [("a", ReconciliationAction.DeleteOrphan), ("b", ReconciliationAction.DeleteOrphan), ("c", ReconciliationAction.DeleteOrphan), ("d", ReconciliationAction.ReportOrphan)],
            plan.Select(step => (step.TenantId, step.Action)));
        Assert.All(plan, step => Assert.False(step.Desired));
        Assert.Equal(
            [
                "the tenant is not desired and its instance is being deleted.",
                "the tenant is not desired and its instance's deletion failed.",
                "the tenant is not desired.",
                "the tenant is not desired, but this run already deletes 2 orphan(s) (MaxDeletions).",
            ],
            plan.Select(step => step.Reason));
    }

    [Fact]
    public void OrphansWithoutDeleteOrphans_AreOnlyReported_WhateverTheirState()
    {
        var plan = ReconciliationPlanner.Plan(
            ["t1"],
            [new("a", InstanceStatus.DeletionFailed, BindingState.NotApplicable, "locked"), new("b", InstanceStatus.CreationSucceeded, BindingState.NotApplicable, null)],
            new ReconciliationOptions { DeleteOrphans = false, MaxDeletions = 10 });

        Assert.Equal(
            [("a", false, ReconciliationAction.ReportOrphan), ("b", false, ReconciliationAction.ReportOrphan), ("t1", true, ReconciliationAction.Create)],
            plan.Select(step => (step.TenantId, step.Desired, step.Action)));
        Assert.Equal("the tenant is not desired; deleting orphans was not asked.", plan[0].Reason);
    }

    [Fact]
    public void AnOrphanWhoseDeletionFailed_IsDeletedAgain_WithTheServicesMessage()
    {
        var step = Assert.Single(ReconciliationPlanner.Plan([], [new("a", InstanceStatus.DeletionFailed, BindingState.NotApplicable, "locked by\r\na job")], new ReconciliationOptions { DeleteOrphans = true }));

        Assert.Equal(ReconciliationAction.DeleteOrphan, step.Action);
        Assert.Equal("the tenant is not desired and its instance's deletion failed: locked by a job", step.Reason);
    }

    [Fact]
    public void WithACapOfZero_EveryOrphanIsOnlyReported()
    {
        var plan = ReconciliationPlanner.Plan([], [new("a", InstanceStatus.CreationSucceeded, BindingState.NotApplicable, null)], new ReconciliationOptions { DeleteOrphans = true, MaxDeletions = 0 });

        Assert.Equal(ReconciliationAction.ReportOrphan, Assert.Single(plan).Action);
    }
}
