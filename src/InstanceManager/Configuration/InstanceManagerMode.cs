namespace InstanceManager.Configuration;

/// <summary>Which service the client manages its instances in; computed once from the options by <see cref="InstanceManagerOptions.Mode"/>.</summary>
internal enum InstanceManagerMode
{
    /// <summary>Only the Instance Manager's keys are set (or none of either service, which validation reports).</summary>
    InstanceManager,

    /// <summary>Only the Service Manager's credentials are set.</summary>
    ServiceManager,

    /// <summary>Both: create in the Service Manager, find in either service, delete from both.</summary>
    Migration,
}
