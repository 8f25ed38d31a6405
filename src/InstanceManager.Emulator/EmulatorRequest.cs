namespace InstanceManager.Emulator;

/// <summary>One Instance Manager request the emulator answered.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The request target as sent (raw, still percent-encoded, with the query).</param>
/// <param name="TenantId">The tenant id decoded from the path, or <see langword="null"/> for the list.</param>
/// <param name="StatusCode">The status the emulator answered.</param>
public sealed record EmulatorRequest(string Method, string Path, string? TenantId, int StatusCode);
