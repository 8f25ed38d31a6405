using Microsoft.Extensions.Options;

namespace InstanceManager.Reconciliation;

/// <summary>Fails the start of the host for out-of-range reconciler options, naming each key.</summary>
internal sealed class TenantReconcilerOptionsValidator : IValidateOptions<TenantReconcilerOptions>
{
    public ValidateOptionsResult Validate(string? name, TenantReconcilerOptions options) =>
        ReconciliationOptionsValidation.Problems(options) is [_, ..] problems
            ? ValidateOptionsResult.Fail(problems.Select(problem => $"InstanceManager reconciler: {problem}"))
            : ValidateOptionsResult.Success;
}
