using InstanceManager.Backends;
using InstanceManager.Reconciliation;

namespace InstanceManager.Tests.Reconciliation;

/// <summary>The plan for each state the service can report (no requests: the planner is pure).</summary>
public sealed class ReconciliationPlannerTests
{
    [Theory]
    [InlineData(InstanceStatus.CreationSucceeded, (int)BindingState.NotApplicable, ReconciliationAction.None)]
    [InlineData(InstanceStatus.CreationSucceeded, (int)BindingState.Ready, ReconciliationAction.None)]
    [InlineData(InstanceStatus.CreationSucceeded, (int)BindingState.Missing, ReconciliationAction.RepairBinding)]
    [InlineData(InstanceStatus.CreationSucceeded, (int)BindingState.Failed, ReconciliationAction.RepairBinding)]
    [InlineData(InstanceStatus.CreationSucceeded, (int)BindingState.InProgress, ReconciliationAction.None)]
    [InlineData(InstanceStatus.CreationInProgress, (int)BindingState.Missing, ReconciliationAction.AwaitCreation)]
    [InlineData(InstanceStatus.CreationFailed, (int)BindingState.NotApplicable, ReconciliationAction.Recreate)]
    [InlineData(InstanceStatus.DeletionInProgress, (int)BindingState.NotApplicable, ReconciliationAction.AwaitDeletionThenCreate)]
    [InlineData(InstanceStatus.DeletionFailed, (int)BindingState.NotApplicable, ReconciliationAction.AwaitDeletionThenCreate)]
    [InlineData(InstanceStatus.Unknown, (int)BindingState.NotApplicable, ReconciliationAction.Reject)]
    public void ADesiredTenant(InstanceStatus status, int binding, ReconciliationAction expected)
    {
        var step = Assert.Single(ReconciliationPlanner.Plan(["t1"], [new TenantState("t1", status, (BindingState)binding, "disk full")], new ReconciliationOptions()));

        Assert.Equal(expected, step.Action);
        Assert.True(step.Desired);
        Assert.Equal(status, step.Status);
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
    }

    [Fact]
    public void WithACapOfZero_EveryOrphanIsOnlyReported()
    {
        var plan = ReconciliationPlanner.Plan([], [new("a", InstanceStatus.CreationSucceeded, BindingState.NotApplicable, null)], new ReconciliationOptions { DeleteOrphans = true, MaxDeletions = 0 });

        Assert.Equal(ReconciliationAction.ReportOrphan, Assert.Single(plan).Action);
    }
}
