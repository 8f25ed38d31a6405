using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace InstanceManager.Snippets;

/// <summary>
/// Compiles the README's snippets, all in one compilation (one syntax tree each) against the assemblies this test
/// runs with: the library, the emulator, ASP.NET Core and the packages the snippets use.
/// </summary>
/// <remarks>
/// A snippet is compiled as written: its <c>using</c> directives stay at the top of its file, its type declarations
/// go into a namespace of its own, and its statements become the body of an async method. The names a fragment uses
/// without declaring them (<c>builder</c>, <c>services</c>, <c>app</c>, …) become parameters of that method, with the
/// types of <see cref="Ambient"/>. <c>#line</c> directives map every diagnostic back to its README line.
/// </remarks>
internal static class SnippetCompilation
{
    /// <summary>The names fragments may use without declaring them, and their types.</summary>
    public static IReadOnlyDictionary<string, string> Ambient { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["args"] = "string[]",
        ["builder"] = "Microsoft.AspNetCore.Builder.WebApplicationBuilder",
        ["app"] = "Microsoft.AspNetCore.Builder.WebApplication",
        ["services"] = "Microsoft.Extensions.DependencyInjection.IServiceCollection",
        ["configuration"] = "Microsoft.Extensions.Configuration.IConfiguration",
        ["section"] = "Microsoft.Extensions.Configuration.IConfiguration",
        ["client"] = "InstanceManager.IInstanceManagerClient",
        ["fakeTime"] = "Microsoft.Extensions.Time.Testing.FakeTimeProvider",
        ["emulator"] = "InstanceManager.Emulator.InstanceManagerEmulator",
    };

    /// <summary>What a web project's implicit usings bring, and this library's namespaces.</summary>
    private static readonly string[] GlobalUsings =
    [
        "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading",
        "System.Threading.Tasks", "Microsoft.AspNetCore.Builder", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Http",
        "Microsoft.AspNetCore.Routing", "Microsoft.Extensions.Configuration", "Microsoft.Extensions.DependencyInjection",
        "Microsoft.Extensions.Hosting", "Microsoft.Extensions.Logging", "InstanceManager", "InstanceManager.Emulator", "Xunit",
    ];

    private static readonly Lazy<IReadOnlyDictionary<ReadmeSnippet, IReadOnlyList<Diagnostic>>> Results = new(() => Compile(Readme.Snippets));

    /// <summary>The errors of a snippet, each located in the README.</summary>
    public static IReadOnlyList<Diagnostic> ErrorsOf(ReadmeSnippet snippet) => Results.Value[snippet];

    /// <summary>Compiles the snippets that are not skipped; the errors of each, located in the README.</summary>
    public static IReadOnlyDictionary<ReadmeSnippet, IReadOnlyList<Diagnostic>> Compile(IEnumerable<ReadmeSnippet> snippets)
    {
        var parseOptions = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);
        var trees = snippets
            .Where(snippet => snippet.SkipReason is null)
            .ToDictionary(snippet => snippet, snippet => CSharpSyntaxTree.ParseText(Wrap(snippet, parseOptions), parseOptions, path: $"snippet-{snippet.Line}.cs", encoding: Encoding.UTF8));
        var globalUsings = CSharpSyntaxTree.ParseText(string.Concat(GlobalUsings.Select(name => $"global using {name};\n")), parseOptions, path: "GlobalUsings.cs");
        var compilation = CSharpCompilation.Create(
            "ReadmeSnippets",
            [globalUsings, .. trees.Values],
            References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        var errors = compilation.GetDiagnostics().Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error).ToList();
        return trees.ToDictionary(
            pair => pair.Key,
            pair => (IReadOnlyList<Diagnostic>)errors.Where(error => error.Location.SourceTree == pair.Value || error.Location.SourceTree == globalUsings).ToList());
    }

    /// <summary>The snippet as a file of its own, with <c>#line</c> directives pointing into the README.</summary>
    public static string Wrap(ReadmeSnippet snippet, CSharpParseOptions parseOptions)
    {
        var unit = (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(snippet.Code, parseOptions.WithKind(SourceCodeKind.Regular)).GetRoot();
        var text = new StringBuilder();
        foreach (var usingDirective in unit.Usings)
        {
            AppendMapped(text, snippet, usingDirective);
        }

        text.Append("namespace ReadmeSnippets.Line").Append(snippet.Line).Append("\n{\n");
        foreach (var member in unit.Members.Where(member => member is not GlobalStatementSyntax))
        {
            AppendMapped(text, snippet, member);
        }

        var parameters = string.Join(", ", FreeAmbientNames(unit).Select(name => $"{Ambient[name]} {name}"));
        text.Append("#line hidden\ninternal static class Snippet\n{\n    public static async System.Threading.Tasks.Task RunAsync(").Append(parameters).Append(")\n    {\n");
        foreach (var statement in unit.Members.OfType<GlobalStatementSyntax>())
        {
            AppendMapped(text, snippet, statement);
        }

        text.Append("#line hidden\n        await System.Threading.Tasks.Task.CompletedTask;\n    }\n}\n}\n");
        return text.ToString();
    }

    private static void AppendMapped(StringBuilder text, ReadmeSnippet snippet, SyntaxNode node)
    {
        var line = snippet.Line + node.GetLocation().GetLineSpan().StartLinePosition.Line;
        text.Append("#line ").Append(line).Append(" \"").Append(Readme.Path.Replace("\\", "\\\\", StringComparison.Ordinal)).Append("\"\n");
        text.Append(node.ToFullString().TrimStart('\r', '\n')).Append('\n');
    }

    /// <summary>The ambient names the snippet uses without declaring them.</summary>
    private static IEnumerable<string> FreeAmbientNames(CompilationUnitSyntax unit)
    {
        var declared = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in unit.DescendantNodes())
        {
            switch (node)
            {
                case VariableDeclaratorSyntax variable:
                    declared.Add(variable.Identifier.ValueText);
                    break;
                case SingleVariableDesignationSyntax designation:
                    declared.Add(designation.Identifier.ValueText);
                    break;
                case ForEachStatementSyntax forEach:
                    declared.Add(forEach.Identifier.ValueText);
                    break;
                case ParameterSyntax parameter:
                    declared.Add(parameter.Identifier.ValueText);
                    break;
            }
        }

        var used = unit.DescendantNodes().OfType<IdentifierNameSyntax>().Select(name => name.Identifier.ValueText).ToHashSet(StringComparer.Ordinal);
        return Ambient.Keys.Where(name => used.Contains(name) && !declared.Contains(name));
    }

    private static IEnumerable<MetadataReference> References()
    {
        // The trusted platform assemblies are everything this test process may load: the shared frameworks
        // (Microsoft.NETCore.App, Microsoft.AspNetCore.App) and the assemblies next to the test.
        var assemblies = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return assemblies
            .Where(path => path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .GroupBy(System.IO.Path.GetFileName, StringComparer.OrdinalIgnoreCase)
            .Select(group => MetadataReference.CreateFromFile(group.First()));
    }
}
