namespace InstanceManager.Calls;

/// <summary>The operation names used in messages, logs and exceptions.</summary>
internal static class Operations
{
    public const string Create = "Create";
    public const string Get = "Get";
    public const string GetAll = "GetAll";
    public const string Delete = "Delete";
    public const string HealthCheck = "HealthCheck";
    public const string Reconcile = "Reconcile";
}
