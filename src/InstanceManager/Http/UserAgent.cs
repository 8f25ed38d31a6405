using System.Net.Http.Headers;
using System.Reflection;

namespace InstanceManager.Http;

/// <summary>The <c>User-Agent</c> product this library sends with every request: <c>InstanceManager.NET/&lt;version&gt;</c>.</summary>
internal static class UserAgent
{
    public const string ProductName = "InstanceManager.NET";

    public static ProductInfoHeaderValue Product { get; } = new(ProductName, Version());

    private static string Version()
    {
        var informational = typeof(UserAgent).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        // "1.0.0-ci.42+<commit>": the build metadata is not part of the version a server needs.
        var version = informational?.Split('+')[0];
        return string.IsNullOrEmpty(version) ? typeof(UserAgent).Assembly.GetName().Version?.ToString() ?? "0.0.0" : version;
    }
}
