using System.Net.Http.Headers;
using System.Text;
using InstanceManager.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InstanceManager.Backends.InstanceManagerApi;

/// <summary>The binding's URLs and HTTP Basic header, prepared once from validated options.</summary>
internal sealed class InstanceManagerEndpoints
{
    public InstanceManagerEndpoints(IOptions<InstanceManagerOptions> options, ILogger<InstanceManagerEndpoints> logger)
    {
        var value = options.Value;
        Create = new TenantUrlTemplate(value.PostManagedInstanceUrl!);
        Get = new TenantUrlTemplate(value.GetManagedInstanceUrl!);
        Delete = new TenantUrlTemplate(value.DeleteManagedInstanceUrl!);
        GetAll = new Uri(value.GetAllManagedInstancesUrl!, UriKind.Absolute);
        WarnIfPlainHttp([GetAll, Create.Sample, Get.Sample, Delete.Sample], logger);
        Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{value.User}:{value.Password}")));
    }

    /// <summary>Warns once when the password would travel unencrypted to another machine.</summary>
    private static void WarnIfPlainHttp(Uri[] urls, ILogger logger)
    {
        var exposed = urls.FirstOrDefault(url => url.Scheme == Uri.UriSchemeHttp && !url.IsLoopback);
        if (exposed is not null)
        {
            Log.PlainHttp(logger, exposed.Host);
        }
    }

    public TenantUrlTemplate Create { get; }

    public TenantUrlTemplate Get { get; }

    public TenantUrlTemplate Delete { get; }

    public Uri GetAll { get; }

    public AuthenticationHeaderValue Authorization { get; }
}
