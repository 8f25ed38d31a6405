using System.Text;

namespace InstanceManager.ServiceManagement;

/// <summary>
/// An immutable filter for the Service Manager's lists: criteria on the resources' fields (<c>fieldQuery</c>) and on
/// their labels (<c>labelQuery</c>), each <c>&lt;key&gt; eq '&lt;value&gt;'</c>, joined by <c> and </c>. Start from
/// <see cref="Empty"/>; every <c>Where…</c> returns a new query.
/// </summary>
/// <remarks>
/// Values are quoted and a single quote inside a value is doubled, as the grammar allows (<c>'it''s'</c>), so no value
/// can end its string early and add criteria. Two kinds of value cannot be carried unchanged and are refused with
/// <see cref="ArgumentException"/> instead: values containing a backslash (the grammar reads <c>\x</c> as an escape
/// pair that the server never unescapes) and values starting or ending with a single quote (the server strips every
/// leading and trailing quote of a value). Keys are field or label names: ASCII letters, digits and <c>_ - . /</c>,
/// so that no key can carry an operator or a quote.
/// </remarks>
/// <example>
/// <code>
/// var query = ServiceManagerQuery.Empty
///     .WhereField("service_plan_id", planId)
///     .WhereLabel("tenant_id", tenantId);
/// await foreach (var instance in serviceManager.Instances.ListAsync(query)) { … }
/// </code>
/// </example>
public sealed class ServiceManagerQuery
{
    private ServiceManagerQuery(string? fieldQuery, string? labelQuery)
    {
        FieldQuery = fieldQuery;
        LabelQuery = labelQuery;
    }

    /// <summary>The query without criteria: lists return every resource.</summary>
    public static ServiceManagerQuery Empty { get; } = new(null, null);

    /// <summary>The <c>fieldQuery</c> sent, for example <c>catalog_name eq 'hana'</c>; <see langword="null"/> without field criteria.</summary>
    public string? FieldQuery { get; }

    /// <summary>The <c>labelQuery</c> sent, for example <c>tenant_id eq 't1'</c>; <see langword="null"/> without label criteria.</summary>
    public string? LabelQuery { get; }

    /// <summary>This query and the criterion that the field <paramref name="field"/> equals <paramref name="value"/>.</summary>
    /// <param name="field">The field's name, for example <c>catalog_name</c> or <c>service_plan_id</c>.</param>
    /// <param name="value">The value; compared as a string.</param>
    /// <returns>A new query; this one is unchanged.</returns>
    /// <exception cref="ArgumentException">The field name is not a plain name, or the value cannot be carried unchanged by the grammar (see the remarks).</exception>
    public ServiceManagerQuery WhereField(string field, string value) =>
        new(Append(FieldQuery, field, nameof(field), value, nameof(value)), LabelQuery);

    /// <summary>This query and the criterion that the label <paramref name="label"/> has the value <paramref name="value"/>.</summary>
    /// <param name="label">The label's key, for example <c>tenant_id</c>.</param>
    /// <param name="value">One of the values the label must have.</param>
    /// <returns>A new query; this one is unchanged.</returns>
    /// <exception cref="ArgumentException">The label key is not a plain name, or the value cannot be carried unchanged by the grammar (see the remarks).</exception>
    public ServiceManagerQuery WhereLabel(string label, string value) =>
        new(FieldQuery, Append(LabelQuery, label, nameof(label), value, nameof(value)));

    /// <summary>Both queries as they are sent.</summary>
    public override string ToString() => $"fieldQuery: {FieldQuery ?? "(none)"}; labelQuery: {LabelQuery ?? "(none)"}";

    /// <summary>Why <paramref name="value"/> cannot be used in a query, or <see langword="null"/> when it can.</summary>
    internal static string? Problem(string value)
    {
        if (value.Contains('\\', StringComparison.Ordinal))
        {
            return "may not contain a backslash: the Service Manager's query grammar cannot carry it unchanged.";
        }

        if (value.StartsWith('\'') || value.EndsWith('\''))
        {
            return "may not start or end with a single quote: the Service Manager strips those from query values.";
        }

        return null;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming <paramref name="parameterName"/> when the value cannot be queried.</summary>
    internal static void EnsureQueryable(string value, string parameterName, string what = "The tenant id")
    {
        if (Problem(value) is { } problem)
        {
            throw new ArgumentException(what + " " + problem, parameterName);
        }
    }

    private static string Append(string? query, string key, string keyParameter, string value, string valueParameter)
    {
        ArgumentNullException.ThrowIfNull(key, keyParameter);
        ArgumentNullException.ThrowIfNull(value, valueParameter);
        if (key.Length == 0 || !key.All(IsKeyCharacter))
        {
            throw new ArgumentException($"The key '{key}' is not a field or label name: only ASCII letters, digits and '_', '-', '.', '/' are allowed, so that it cannot carry an operator or a quote.", keyParameter);
        }

        EnsureQueryable(value, valueParameter, $"The value of '{key}'");
        var criterion = new StringBuilder(query).Append(query is null ? string.Empty : " and ");
        return criterion.Append(key).Append(" eq '").Append(value.Replace("'", "''", StringComparison.Ordinal)).Append('\'').ToString();
    }

    private static bool IsKeyCharacter(char character) =>
        char.IsAsciiLetterOrDigit(character) || character is '_' or '-' or '.' or '/';
}
