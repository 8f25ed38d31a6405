using System.Buffers;
using System.Text;

namespace InstanceManager;

/// <summary>
/// The one rule for tenant ids: trimmed; not empty afterwards; not <c>.</c> or <c>..</c>; no control characters and
/// no broken UTF-16 (none of these can be a real tenant's id, and broken UTF-16 cannot be percent-encoded). Every
/// other character is allowed and travels percent-encoded inside one path segment.
/// </summary>
internal static class TenantIds
{
    private static readonly SearchValues<char> ControlCharacters = SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000A\u000B\u000C\u000D\u000E\u000F" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\u007F");

    public static string Normalize(string tenantId, string parameterName = "tenantId")
    {
        ArgumentNullException.ThrowIfNull(tenantId, parameterName);
        var trimmed = tenantId.Trim();
        if (trimmed.Length == 0)
        {
            throw new ArgumentException("The tenant id may not be empty or white space.", parameterName);
        }

        if (trimmed is "." or "..")
        {
            // Dot-segments: servers that decode %2E before normalizing the path would treat them as path steps.
            throw new ArgumentException("The tenant id may not be '.' or '..'.", parameterName);
        }

        if (trimmed.AsSpan().ContainsAny(ControlCharacters))
        {
            throw new ArgumentException("The tenant id may not contain control characters.", parameterName);
        }

        // Surrogates are rare in tenant ids: the vectorized search keeps the common case (and the cache hit path) cheap.
        if (trimmed.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF') && !IsValidUtf16(trimmed))
        {
            throw new ArgumentException("The tenant id contains an unpaired surrogate (broken UTF-16).", parameterName);
        }

        return trimmed;
    }

    private static bool IsValidUtf16(ReadOnlySpan<char> text)
    {
        while (!text.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(text, out _, out var consumed) != OperationStatus.Done)
            {
                return false;
            }

            text = text[consumed..];
        }

        return true;
    }
}
