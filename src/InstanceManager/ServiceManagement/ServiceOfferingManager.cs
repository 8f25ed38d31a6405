using InstanceManager.Backends.ServiceManagerApi;
using InstanceManager.Backends.ServiceManagerApi.Models;

namespace InstanceManager.ServiceManagement;

/// <summary>
/// The Service Manager's service offerings (<c>/v1/service_offerings</c>): list and read. Get it from
/// <see cref="ServiceManagerClient.Offerings"/>.
/// </summary>
public class ServiceOfferingManager : ServiceManagerResourceManager<ServiceOffering>
{
    /// <summary>Creates a manager without a service behind it, for test doubles that override its members.</summary>
    protected ServiceOfferingManager()
    {
    }

    internal ServiceOfferingManager(ServiceManagerHttpClient http, TimeProvider timeProvider)
        : base(new(http, ServiceManagerHttpClient.Offerings, "ServiceOfferings", ServiceManagerJsonContext.Default.ServiceManagerPageServiceOffering, ServiceManagerJsonContext.Default.ServiceOffering), timeProvider)
    {
    }
}
