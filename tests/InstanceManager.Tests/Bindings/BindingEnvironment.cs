using System.Text;
using Microsoft.Extensions.Configuration;

namespace InstanceManager.Tests.Bindings;

/// <summary>
/// A temporary directory for binding files and an environment of its own, so that tests never read the process
/// environment nor <c>/etc/secrets</c>. The directory is deleted on dispose.
/// </summary>
public sealed class BindingEnvironment : IDisposable
{
    public const string Password = "Binding-Pa55word-42";

    private readonly Dictionary<string, string> _variables = new(StringComparer.Ordinal);

    public BindingEnvironment()
    {
        Root = Path.Combine(Path.GetTempPath(), "im-bindings-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    /// <summary>The legacy root; it exists only when a test writes files under it.</summary>
    public string LegacyRoot => Path.Combine(Root, "etc-secrets-sapcp");

    public Func<string, string?> Reader => name => _variables.GetValueOrDefault(name);

    public void Dispose() => Directory.Delete(Root, recursive: true);

    public BindingEnvironment Set(string name, string value)
    {
        _variables[name] = value;
        return this;
    }

    /// <summary>Writes a file under <see cref="Root"/> (creating its directories) and returns its full path.</summary>
    public string Write(string relativePath, string content)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return path;
    }

    public IConfiguration? Find(ServiceBindingQuery query) => ServiceBindings.FindCredentials(query, Reader, LegacyRoot);

    /// <summary>The six credential keys of an Instance Manager binding, with URLs under <paramref name="baseUrl"/>.</summary>
    public static Dictionary<string, string> ImCredentials(string user, string baseUrl = "https://im.example") => new()
    {
        ["user"] = user,
        ["password"] = Password,
        ["post_managed_instance_url"] = baseUrl + "/instance-manager/managed/managed_instances/svc-1/{tenant_id}",
        ["get_managed_instance_url"] = baseUrl + "/instance-manager/managed/managed_instances/svc-1/{tenant_id}",
        ["get_all_managed_instances_url"] = baseUrl + "/instance-manager/managed/managed_instances/svc-1",
        ["delete_managed_instance_url"] = baseUrl + "/instance-manager/managed/managed_instances/svc-1/{tenant_id}",
    };
}
