using System.Text.Json.Nodes;

namespace InstanceManager.Emulator.Internal.ServiceManager;

/// <summary>A broker's answer to one call, or why there was none.</summary>
/// <param name="Status">The HTTP status; 0 when the broker could not be reached or did not answer in time.</param>
/// <param name="Body">The body when it is JSON, else <see langword="null"/>.</param>
/// <param name="Text">The body as text (at most a few hundred characters kept), or why the call failed.</param>
/// <param name="RetryAfter">The <c>Retry-After</c> delay, when the broker sent one.</param>
/// <param name="TimedOut">Whether the call did not end within the broker request timeout.</param>
internal sealed record BrokerResponse(int Status, JsonNode? Body, string Text, TimeSpan? RetryAfter, bool TimedOut = false)
{
    /// <summary>What the broker said, for an operation's error description: its <c>error</c> and <c>description</c>, else the body's text.</summary>
    public string Detail
    {
        get
        {
            var error = Body?["error"] is JsonValue errorValue && errorValue.TryGetValue<string>(out var code) ? code : null;
            var description = Body?["description"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
            return (error, description) switch
            {
                (null, null) => Text.Length == 0 ? "(empty body)" : Text,
                (null, _) => description!,
                (_, null) => error,
                _ => $"{error}: {description}",
            };
        }
    }
}
