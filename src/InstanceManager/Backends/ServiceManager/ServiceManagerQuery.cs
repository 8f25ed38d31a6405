using System.Text;

namespace InstanceManager.Backends.ServiceManager;

/// <summary>
/// Builds <c>fieldQuery</c> / <c>labelQuery</c> values in the Service Manager's grammar:
/// <c>&lt;key&gt; eq '&lt;value&gt;'</c> joined by <c> and </c>. A single quote inside a value is doubled, as the
/// grammar allows (<c>'it''s'</c>), so no value can end its string early and add criteria. Two kinds of value cannot
/// be carried unchanged and are refused with <see cref="ArgumentException"/> instead: values containing a backslash
/// (the grammar reads <c>\x</c> as an escape pair that the server never unescapes) and values starting or ending
/// with a single quote (the server strips every leading and trailing quote of a value).
/// </summary>
internal static class ServiceManagerQuery
{
    /// <summary>Why <paramref name="value"/> cannot be used in a query, or <see langword="null"/> when it can.</summary>
    public static string? Problem(string value)
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
    public static void EnsureQueryable(string value, string parameterName, string what = "The tenant id")
    {
        if (Problem(value) is { } problem)
        {
            throw new ArgumentException(what + " " + problem, parameterName);
        }
    }

    /// <summary>The criteria joined by <c> and </c>, each <c>key eq 'value'</c> with the value quoted.</summary>
    public static string Equal(params ReadOnlySpan<(string Key, string Value)> criteria)
    {
        var query = new StringBuilder();
        foreach (var (key, value) in criteria)
        {
            EnsureQueryable(value, nameof(criteria), $"The value of '{key}'");
            if (query.Length > 0)
            {
                query.Append(" and ");
            }

            query.Append(key).Append(" eq '").Append(value.Replace("'", "''", StringComparison.Ordinal)).Append('\'');
        }

        return query.ToString();
    }
}
