namespace InstanceManager.Emulator.Internal.ServiceManager;

/// <summary>One criterion of a <c>fieldQuery</c> or <c>labelQuery</c>: <c>key op value</c> or <c>key in (values)</c>.</summary>
/// <param name="Key">The field or label key.</param>
/// <param name="Operator">One of <c>eq</c>, <c>ne</c>, <c>in</c>, <c>notin</c> (<c>neq</c> is read as <c>ne</c>).</param>
/// <param name="Values">The unquoted values: one for <c>eq</c> and <c>ne</c>, any number for <c>in</c> and <c>notin</c>.</param>
internal sealed record QueryCriterion(string Key, string Operator, IReadOnlyList<string> Values)
{
    /// <summary>Whether a resource whose key has <paramref name="actual"/> (null: the key is absent) meets this criterion.</summary>
    public bool Matches(IReadOnlyList<string>? actual)
    {
        var present = actual is not null && Values.Any(value => actual.Contains(value, StringComparer.Ordinal));
        return Operator is QueryFilter.Equal or QueryFilter.In ? present : !present;
    }
}
