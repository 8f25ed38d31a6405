using System.Text;

namespace InstanceManager;

/// <summary>
/// The one rule for tenant ids: trimmed; not empty afterwards; no control characters and no broken UTF-16 (neither
/// can be a real tenant's id, and broken UTF-16 cannot be percent-encoded). Every other character is allowed and
/// travels percent-encoded inside one path segment.
/// </summary>
internal static class TenantIds
{
    public static string Normalize(string tenantId, string parameterName = "tenantId")
    {
        ArgumentNullException.ThrowIfNull(tenantId, parameterName);
        var trimmed = tenantId.Trim();
        if (trimmed.Length == 0)
        {
            throw new ArgumentException("The tenant id may not be empty or white space.", parameterName);
        }

        if (trimmed.AsSpan().ContainsAnyInRange('\u0000', '\u001F') || trimmed.Contains('\u007F', StringComparison.Ordinal))
        {
            throw new ArgumentException("The tenant id may not contain control characters.", parameterName);
        }

        if (!IsValidUtf16(trimmed))
        {
            throw new ArgumentException("The tenant id contains an unpaired surrogate (broken UTF-16).", parameterName);
        }

        return trimmed;
    }

    private static bool IsValidUtf16(ReadOnlySpan<char> text)
    {
        while (!text.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(text, out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return false;
            }

            text = text[consumed..];
        }

        return true;
    }
}
