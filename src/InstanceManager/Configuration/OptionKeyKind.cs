namespace InstanceManager.Configuration;

/// <summary>What a credential key holds, which decides how it is validated.</summary>
internal enum OptionKeyKind
{
    /// <summary>Any non-empty text.</summary>
    Text,

    /// <summary>Text that is never shown: validation messages name the key only.</summary>
    Secret,

    /// <summary>An absolute http or https URL.</summary>
    Url,

    /// <summary>An absolute http or https URL with the <c>{tenant_id}</c> placeholder exactly once.</summary>
    PerTenantUrl,
}
