using Microsoft.CodeAnalysis;

namespace InstanceManager.Snippets;

/// <summary>Every C# block of the README compiles against the library as it is, so the README cannot drift from it.</summary>
public sealed class ReadmeSnippetTests
{
    public static TheoryData<int> CompiledSnippets => new(Readme.Snippets.Where(snippet => snippet.SkipReason is null).Select(snippet => snippet.Line));

    [Theory]
    [MemberData(nameof(CompiledSnippets))]
    public void ReadmeSnippet_Compiles(int line)
    {
        var snippet = Readme.Snippets.Single(candidate => candidate.Line == line);

        var errors = SnippetCompilation.ErrorsOf(snippet);

        Assert.True(
            errors.Count == 0,
            $"The C# block at {Readme.FileName} line {line} does not compile:\n" + string.Join('\n', errors.Select(Describe)));
    }

    [Fact]
    public void Readme_HasCSharpBlocks_AndEveryBlockNotCompiledSaysWhy()
    {
        Assert.True(Readme.Snippets.Count(snippet => snippet.SkipReason is null) >= 5, $"Found only {Readme.Snippets.Count} C# blocks in {Readme.Path}.");
        Assert.All(Readme.Snippets.Where(snippet => snippet.SkipReason is not null), snippet => Assert.False(string.IsNullOrWhiteSpace(snippet.SkipReason), $"{Readme.FileName} line {snippet.Line}: say why the block is not compiled."));
    }

    [Fact]
    public void ABrokenSnippet_IsReportedAtItsReadmeLine()
    {
        string[] lines = ["text", "```csharp", "using var client = InstanceManagerClientFactory.Create(options => { });", "client.NoSuchMethod();", "```"];
        var snippet = Assert.Single(Readme.Parse(lines));

        var error = Assert.Single(SnippetCompilation.Compile([snippet])[snippet]);

        Assert.Equal(3, snippet.Line);
        Assert.Equal("CS1061", error.Id);
        Assert.Equal(Readme.Path, error.Location.GetMappedLineSpan().Path);
        Assert.Equal(4, error.Location.GetMappedLineSpan().StartLinePosition.Line + 1);
    }

    [Fact]
    public void ABlockMarkedNotCompiled_IsSkippedWithItsReason()
    {
        string[] lines = [Readme.SkipMarker + ": needs a package of its own -->", "```csharp", "this is not C#", "```"];

        var snippet = Assert.Single(Readme.Parse(lines));

        Assert.Equal("needs a package of its own", snippet.SkipReason);
        Assert.Empty(SnippetCompilation.Compile([snippet]));
    }

    [Fact]
    public void AFragment_GetsTheAmbientNamesItUsesWithoutDeclaringThem()
    {
        var snippet = new ReadmeSnippet(10, "var app = builder.Build();\nservices.AddInstanceManager(section);", SkipReason: null);

        var wrapped = SnippetCompilation.Wrap(snippet, Microsoft.CodeAnalysis.CSharp.CSharpParseOptions.Default);

        Assert.Contains("RunAsync(Microsoft.AspNetCore.Builder.WebApplicationBuilder builder, Microsoft.Extensions.DependencyInjection.IServiceCollection services, Microsoft.Extensions.Configuration.IConfiguration section)", wrapped, StringComparison.Ordinal);
    }

    private static string Describe(Diagnostic error)
    {
        var span = error.Location.GetMappedLineSpan();
        return $"  {Readme.FileName}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): {error.Id}: {error.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
    }
}
