using InstanceManager.Backends.ServiceManagerApi;
using InstanceManager.Backends.ServiceManagerApi.Models;

namespace InstanceManager.ServiceManagement;

/// <summary>
/// The plans of the Service Manager's offerings (<c>/v1/service_plans</c>): list and read. Get it from
/// <see cref="ServiceManagerClient.Plans"/>.
/// </summary>
public class ServicePlanManager : ServiceManagerResourceManager<ServicePlan>
{
    /// <summary>Creates a manager without a service behind it, for test doubles that override its members.</summary>
    protected ServicePlanManager()
    {
    }

    internal ServicePlanManager(ServiceManagerHttpClient http, TimeProvider timeProvider)
        : base(new(http, ServiceManagerHttpClient.Plans, "ServicePlans", ServiceManagerJsonContext.Default.ServiceManagerPageServicePlan, ServiceManagerJsonContext.Default.ServicePlan), timeProvider)
    {
    }
}
