using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using InstanceManager.ServiceManagement;

namespace InstanceManager.Backends.ServiceManagerApi.Models;

/// <summary>The Service Manager's wire format, generated at compile time.</summary>
[JsonSerializable(typeof(ServiceManagerPage<ServiceOffering>))]
[JsonSerializable(typeof(ServiceManagerPage<ServicePlan>))]
[JsonSerializable(typeof(ServiceManagerPage<ServiceInstance>))]
[JsonSerializable(typeof(ServiceManagerPage<ServiceBinding>))]
[JsonSerializable(typeof(ServiceOffering))]
[JsonSerializable(typeof(ServicePlan))]
[JsonSerializable(typeof(ServiceInstance))]
[JsonSerializable(typeof(ServiceBinding))]
[JsonSerializable(typeof(ServiceManagerOperation))]
[JsonSerializable(typeof(CreateServiceInstanceRequest))]
[JsonSerializable(typeof(CreateServiceBindingRequest))]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(string[]))]
internal sealed partial class ServiceManagerJsonContext : JsonSerializerContext;
