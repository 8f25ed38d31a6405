// Checks what a package user relies on but cannot see at install time, for every .nupkg in a folder:
// - the package carries its README, license, repository URL and commit;
// - a .snupkg sits next to it with one portable PDB per assembly, matching the assembly's debug id, built
//   deterministically, and with Source Link pointing at raw sources of that commit; with --ci, also with the
//   source paths of a CI build (/_/…, ContinuousIntegrationBuild), which is how released packages are built;
// and prints each package's size and dependencies.
// Usage: dotnet run --file tests/packaging/VerifyPackages.cs -- <folder with .nupkg and .snupkg files> [--ci]
using System.Collections.Immutable;
using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.Json;
using System.Xml.Linq;

var folder = args.Length is 1 or 2 ? args[0] : throw new ArgumentException("usage: VerifyPackages <folder> [--ci]");
PackageChecks.RequireCiPaths = args.Length == 2 && args[1] == "--ci";
var packages = Directory.GetFiles(folder, "*.nupkg").Order(StringComparer.Ordinal).ToList();
var problems = new List<string>();
if (packages.Count == 0)
{
    problems.Add($"no .nupkg in {folder}");
}

foreach (var path in packages)
{
    problems.AddRange(PackageChecks.Verify(path));
}

foreach (var problem in problems)
{
    Console.Error.WriteLine($"FAILED: {problem}");
}

return problems.Count == 0 ? 0 : 1;

internal static class PackageChecks
{
    // The Source Link custom debug information in a portable PDB.
    private static readonly Guid SourceLinkKind = new("CC110556-A091-4D38-9FEC-25AB9A351A6A");

    public static bool RequireCiPaths { get; set; }

    public static IEnumerable<string> Verify(string nupkgPath)
    {
        var name = Path.GetFileName(nupkgPath);
        var problems = new List<string>();
        using var nupkg = ZipFile.OpenRead(nupkgPath);
        var nuspecEntry = nupkg.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/', StringComparison.Ordinal));
        XElement metadata;
        using (var stream = nuspecEntry.Open())
        {
            metadata = XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        }

        string? Value(string element) => metadata.Elements().FirstOrDefault(e => e.Name.LocalName == element)?.Value;
        var readme = Value("readme");
        if (readme is null || nupkg.GetEntry(readme) is null)
        {
            problems.Add($"{name}: no README in the package");
        }

        if (string.IsNullOrEmpty(Value("license")))
        {
            problems.Add($"{name}: no license");
        }

        var repository = metadata.Elements().FirstOrDefault(e => e.Name.LocalName == "repository");
        var repositoryUrl = repository?.Attribute("url")?.Value;
        var commit = repository?.Attribute("commit")?.Value;
        if (string.IsNullOrEmpty(repositoryUrl) || string.IsNullOrEmpty(commit))
        {
            problems.Add($"{name}: the repository element lacks its url or commit");
        }

        var dependencies = metadata.Descendants().Where(e => e.Name.LocalName == "dependency")
            .Select(e => $"{e.Attribute("id")?.Value} {e.Attribute("version")?.Value}").ToList();
        var frameworks = metadata.Descendants().Where(e => e.Name.LocalName == "frameworkReference")
            .Select(e => $"framework {e.Attribute("name")?.Value}").ToList();
        var isTool = metadata.Descendants().Any(e => e.Name.LocalName == "packageType" && e.Attribute("name")?.Value == "DotnetTool");
        Console.WriteLine($"{name}: {new FileInfo(nupkgPath).Length:N0} bytes{(isTool ? " (.NET tool)" : "")}");
        Console.WriteLine($"  dependencies: {(dependencies.Count + frameworks.Count == 0 ? "none" : string.Join(", ", dependencies.Concat(frameworks)))}");
        Console.WriteLine($"  repository: {repositoryUrl} at {commit}");

        var snupkgPath = Path.ChangeExtension(nupkgPath, ".snupkg");
        if (!File.Exists(snupkgPath))
        {
            problems.Add($"{name}: no symbols package {Path.GetFileName(snupkgPath)}");
            return problems;
        }

        using var snupkg = ZipFile.OpenRead(snupkgPath);
        var assemblies = nupkg.Entries.Where(e => e.FullName.EndsWith(".dll", StringComparison.Ordinal)).ToList();
        if (isTool)
        {
            // A tool package carries the assemblies of its dependencies too (Polly, Spectre.Console, …), whose symbols
            // are theirs to publish: check the assemblies built from this repository, the projects of its deps.json.
            var built = ProjectAssemblies(nupkg);
            assemblies = assemblies.Where(e => built.Contains(Path.GetFileName(e.FullName))).ToList();
            if (assemblies.Count == 0)
            {
                problems.Add($"{name}: no assembly of this repository found through the tool's deps.json");
            }
        }

        foreach (var assembly in assemblies)
        {
            problems.AddRange(VerifyAssembly(name, assembly, snupkg, repositoryUrl, commit));
        }

        Console.WriteLine($"  symbols: {Path.GetFileName(snupkgPath)}, {new FileInfo(snupkgPath).Length:N0} bytes, {assemblies.Count} assemblies checked");
        return problems;
    }

    /// <summary>The file names of the assemblies a tool's deps.json lists as projects (the tool itself included).</summary>
    private static HashSet<string> ProjectAssemblies(ZipArchive nupkg)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var depsJson in nupkg.Entries.Where(e => e.FullName.EndsWith(".deps.json", StringComparison.Ordinal)))
        {
            using var document = JsonDocument.Parse(ReadAll(depsJson));
            foreach (var library in document.RootElement.GetProperty("libraries").EnumerateObject())
            {
                if (library.Value.TryGetProperty("type", out var type) && type.GetString() == "project")
                {
                    names.Add(library.Name.Split('/')[0] + ".dll");
                }
            }
        }

        return names;
    }

    private static IEnumerable<string> VerifyAssembly(string package, ZipArchiveEntry assembly, ZipArchive snupkg, string? repositoryUrl, string? commit)
    {
        var label = $"{package}: {assembly.FullName}";
        using var pe = new PEReader(new MemoryStream(ReadAll(assembly)));
        var debugDirectory = pe.ReadDebugDirectory();
        if (!debugDirectory.Any(e => e.Type == DebugDirectoryEntryType.Reproducible))
        {
            yield return $"{label} was not built deterministically";
        }

        var codeView = debugDirectory.FirstOrDefault(e => e.Type == DebugDirectoryEntryType.CodeView);
        if (codeView.Type != DebugDirectoryEntryType.CodeView)
        {
            yield return $"{label} has no debug information";
            yield break;
        }

        var pdbName = Path.ChangeExtension(assembly.FullName, ".pdb");
        var pdbEntry = snupkg.GetEntry(pdbName);
        if (pdbEntry is null)
        {
            yield return $"{label}: no {pdbName} in the symbols package";
            yield break;
        }

        using var pdbProvider = MetadataReaderProvider.FromPortablePdbImage(ReadAll(pdbEntry).ToImmutableArray());
        var pdb = pdbProvider.GetMetadataReader();
        var expectedId = new BlobContentId(pe.ReadCodeViewDebugDirectoryData(codeView).Guid, codeView.Stamp);
        if (new BlobContentId(pdb.DebugMetadataHeader!.Id) != expectedId)
        {
            yield return $"{label}: {pdbName} in the symbols package belongs to another build";
        }

        var documents = pdb.Documents.Select(d => pdb.GetString(pdb.GetDocument(d).Name)).ToList();
        if (RequireCiPaths && documents.Any(d => !d.StartsWith("/_/", StringComparison.Ordinal)))
        {
            yield return $"{label}: source paths are not CI paths (/_/…), e.g. {documents.First(d => !d.StartsWith("/_/", StringComparison.Ordinal))}";
        }

        var sourceLink = pdb.GetCustomDebugInformation(EntityHandle.ModuleDefinition)
            .Select(pdb.GetCustomDebugInformation)
            .Where(c => pdb.GetGuid(c.Kind) == SourceLinkKind)
            .Select(c => pdb.GetBlobBytes(c.Value))
            .FirstOrDefault();
        if (sourceLink is null)
        {
            yield return $"{label}: {pdbName} has no Source Link";
            yield break;
        }

        using var json = JsonDocument.Parse(sourceLink);
        var mappings = json.RootElement.GetProperty("documents").EnumerateObject().Select(p => $"{p.Name} -> {p.Value.GetString()}").ToList();
        var repositoryPath = repositoryUrl is null ? null : new Uri(repositoryUrl).AbsolutePath.Trim('/');
        var expected = $"https://raw.githubusercontent.com/{repositoryPath}/{commit}/*";
        if (!mappings.Any(m => m.EndsWith(expected, StringComparison.Ordinal)))
        {
            yield return $"{label}: Source Link maps {string.Join("; ", mappings)}, not {expected}";
        }
        else
        {
            Console.WriteLine($"  {assembly.FullName}: deterministic, PDB id matches{(RequireCiPaths ? ", CI paths" : "")}, Source Link {string.Join("; ", mappings)}");
        }
    }

    private static byte[] ReadAll(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
