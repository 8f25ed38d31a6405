using System.Text;

namespace InstanceManager.Configuration.Bindings;

/// <summary>
/// Lists and reads bindings mounted as files. Kubernetes mounts secrets through symbolic links
/// (<c>key → ..data/key</c>, <c>..data → ..2024_01_01_…</c>), so links are followed and entries whose names start with
/// a dot are skipped, except the SAP BTP operator's <c>.metadata</c> file.
/// </summary>
internal static class BindingDirectory
{
    public const string MetadataFile = ".metadata";

    /// <summary>The visible sub-directories of <paramref name="path"/> (links to directories included), in name order.</summary>
    public static IEnumerable<string> Subdirectories(string path) =>
        Directory.EnumerateFileSystemEntries(path)
            .Where(entry => !Path.GetFileName(entry).StartsWith('.') && Directory.Exists(entry))
            .Order(StringComparer.Ordinal);

    /// <summary>The files of one binding (links to files included), by file name; <c>.metadata</c> is included, other hidden entries are not.</summary>
    public static SortedDictionary<string, string> Files(string path)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in Directory.EnumerateFileSystemEntries(path))
        {
            var name = Path.GetFileName(entry);
            if ((!name.StartsWith('.') || name == MetadataFile) && File.Exists(entry))
            {
                files.Add(name, entry);
            }
        }

        return files;
    }

    /// <summary>The content of a file as UTF-8 text, exactly as written (no trailing newline is removed).</summary>
    public static string Read(string path) => File.ReadAllText(path, Encoding.UTF8);
}
