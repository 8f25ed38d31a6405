using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Options;

namespace InstanceManager.Backends.InstanceManager;

/// <summary>The binding's URLs and HTTP Basic header, prepared once from validated options.</summary>
internal sealed class InstanceManagerEndpoints
{
    public InstanceManagerEndpoints(IOptions<InstanceManagerOptions> options)
    {
        var value = options.Value;
        Create = new TenantUrlTemplate(value.PostManagedInstanceUrl!);
        Get = new TenantUrlTemplate(value.GetManagedInstanceUrl!);
        Delete = new TenantUrlTemplate(value.DeleteManagedInstanceUrl!);
        GetAll = new Uri(value.GetAllManagedInstancesUrl!, UriKind.Absolute);
        Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{value.User}:{value.Password}")));
    }

    public TenantUrlTemplate Create { get; }

    public TenantUrlTemplate Get { get; }

    public TenantUrlTemplate Delete { get; }

    public Uri GetAll { get; }

    public AuthenticationHeaderValue Authorization { get; }
}
