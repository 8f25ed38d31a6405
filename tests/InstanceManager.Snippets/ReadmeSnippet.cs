namespace InstanceManager.Snippets;

/// <summary>One <c>```csharp</c> block of the README.</summary>
/// <param name="Line">The README line of the block's first line of code (1-based).</param>
/// <param name="Code">The code, as written.</param>
/// <param name="SkipReason">Why the block is not compiled (a <c>&lt;!-- snippet: not compiled, … --&gt;</c> comment before it), or <see langword="null"/>.</param>
internal sealed record ReadmeSnippet(int Line, string Code, string? SkipReason);
