using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace InstanceManager.Emulator.Internal.ServiceManager;

/// <summary>
/// The Service Manager's paged lists: <c>{"num_items", "items", "token"}</c>, where <c>num_items</c> counts every
/// matching item and <c>token</c> (absent on the last page) continues after the page's last item. The token names
/// that item's creation sequence, so items created or deleted meanwhile neither repeat nor shift the next page.
/// </summary>
internal static class ServiceManagerPaging
{
    /// <summary>The largest <c>max_items</c> honoured; larger values are read as this.</summary>
    public const int MaxPageSize = 1000;

    private const string TokenPrefix = "after:";

    /// <summary>The page, or why the paging parameters are unusable.</summary>
    public static (JsonObject? Page, string? Problem) Page(IReadOnlyList<(long Sequence, Func<JsonObject> Render)> items, string? maxItems, string? token, int defaultSize)
    {
        var size = defaultSize;
        if (!string.IsNullOrEmpty(maxItems))
        {
            if (!int.TryParse(maxItems, NumberStyles.None, CultureInfo.InvariantCulture, out size))
            {
                return (null, $"max_items must be a non-negative integer (was '{maxItems}').");
            }

            size = Math.Min(size, MaxPageSize);
        }

        var after = long.MinValue;
        if (!string.IsNullOrEmpty(token) && !TryDecode(token, out after))
        {
            return (null, "the paging token is not valid.");
        }

        var page = new JsonObject { ["num_items"] = items.Count };
        if (size == 0)
        {
            // As the real service: max_items=0 asks for the count only.
            return (page, null);
        }

        var remaining = items.Where(item => item.Sequence > after).ToList();
        var taken = remaining.Take(size).ToList();
        page["items"] = new JsonArray([.. taken.Select(item => (JsonNode)item.Render())]);
        if (remaining.Count > taken.Count)
        {
            page["token"] = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(TokenPrefix + taken[^1].Sequence.ToString(CultureInfo.InvariantCulture)));
        }

        return (page, null);
    }

    private static bool TryDecode(string token, out long after)
    {
        after = 0;
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            return text.StartsWith(TokenPrefix, StringComparison.Ordinal)
                && long.TryParse(text.AsSpan(TokenPrefix.Length), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out after);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
