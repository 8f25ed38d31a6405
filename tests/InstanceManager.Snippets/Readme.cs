namespace InstanceManager.Snippets;

/// <summary>The repository's README and its C# blocks.</summary>
internal static class Readme
{
    public const string FileName = "README.md";

    /// <summary>Written on the line before a block that is shown but not compiled, followed by the reason.</summary>
    public const string SkipMarker = "<!-- snippet: not compiled";

    public static string Path { get; } = Find();

    public static IReadOnlyList<ReadmeSnippet> Snippets { get; } = Parse(File.ReadAllLines(Path));

    public static IReadOnlyList<ReadmeSnippet> Parse(IReadOnlyList<string> lines)
    {
        var snippets = new List<ReadmeSnippet>();
        for (var index = 0; index < lines.Count; index++)
        {
            if (lines[index].Trim() is not ("```csharp" or "```cs" or "```c#"))
            {
                continue;
            }

            var previous = index > 0 ? lines[index - 1].Trim() : "";
            var skip = previous.StartsWith(SkipMarker, StringComparison.Ordinal)
                ? previous[SkipMarker.Length..].Trim().TrimEnd('>').TrimEnd('-').Trim(' ', ',', ':')
                : null;
            var start = index + 1;
            var end = start;
            while (end < lines.Count && lines[end].Trim() != "```")
            {
                end++;
            }

            snippets.Add(new ReadmeSnippet(start + 1, string.Join('\n', lines.Skip(start).Take(end - start)), skip));
            index = end;
        }

        return snippets;
    }

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = System.IO.Path.Combine(directory.FullName, FileName);
            if (File.Exists(candidate) && File.Exists(System.IO.Path.Combine(directory.FullName, "InstanceManager.sln")))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"No {FileName} next to InstanceManager.sln above {AppContext.BaseDirectory}.");
    }
}
