using Microsoft.Extensions.Configuration;

namespace InstanceManager.Tests.Bindings;

public sealed class KubernetesBindingTests : IDisposable
{
    private readonly BindingEnvironment _env = new();

    public KubernetesBindingTests() => _env.Set("SERVICE_BINDING_ROOT", BindingsRoot);

    private string BindingsRoot => Path.Combine(_env.Root, "bindings");

    public void Dispose() => _env.Dispose();

    [Fact]
    public void PlainFiles_AreTextCredentialsExceptTypeAndProvider()
    {
        WriteImBinding("tenant-containers", "im-user");
        _env.Write("bindings/tenant-containers/provider", "sap");

        var credentials = _env.Find(new ServiceBindingQuery());

        Assert.NotNull(credentials);
        Assert.Equal("im-user", credentials["user"]);
        Assert.Equal(BindingEnvironment.Password, credentials["password"]);
        Assert.Equal("https://im.example/instance-manager/managed/managed_instances/svc-1/{tenant_id}", credentials["delete_managed_instance_url"]);
        Assert.Null(credentials["type"]);
        Assert.Null(credentials["provider"]);
    }

    [Fact]
    public void ContentIsTakenVerbatim()
    {
        WriteImBinding("tenant-containers", "im-user");
        _env.Write("bindings/tenant-containers/note", "line one\nline two\n");

        var credentials = _env.Find(new ServiceBindingQuery());

        Assert.Equal("line one\nline two\n", credentials?["note"]);
    }

    [Fact]
    public void TypeFile_IsTheLabelAndDirectoriesWithoutTypeAreNotBindings()
    {
        WriteImBinding("tenant-containers", "im-user");
        WriteImBinding("sm", "sm-user", type: "service-manager");
        _env.Write("bindings/no-type/user", "nobody");

        var error = Assert.Throws<ServiceBindingException>(() => _env.Find(new ServiceBindingQuery { Label = "xsuaa" }));

        Assert.Equal(["sm (label service-manager)", "tenant-containers (label managed-hana)"], error.BindingsSeen);
        Assert.Contains($"No service binding in SERVICE_BINDING_ROOT ({BindingsRoot}) matches label 'xsuaa'.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ByName_TakesTheDirectoryOfThatName()
    {
        WriteImBinding("first", "first-user");
        WriteImBinding("second", "second-user");

        var credentials = _env.Find(new ServiceBindingQuery { Name = "second" });

        Assert.Equal("second-user", credentials?["user"]);
    }

    [Fact]
    public void LabelPlanAndTagsFiles_AreMatched()
    {
        WriteImBinding("hdi", "hdi-user", type: "hana");
        _env.Write("bindings/hdi/label", "managed-hana");
        _env.Write("bindings/hdi/plan", "hdi-shared");
        _env.Write("bindings/hdi/tags", """["managed-hana","xsa-instancemanager"]""");
        WriteImBinding("schemas", "schema-user", type: "hana");
        _env.Write("bindings/schemas/label", "managed-hana");
        _env.Write("bindings/schemas/plan", "schema");
        _env.Write("bindings/schemas/tags", "managed-hana, schema-tag");

        Assert.Equal("hdi-user", _env.Find(new ServiceBindingQuery { Plan = "hdi-shared" })?["user"]);
        Assert.Equal("hdi-user", _env.Find(new ServiceBindingQuery { Tag = "xsa-instancemanager" })?["user"]);
        Assert.Equal("schema-user", _env.Find(new ServiceBindingQuery { Tag = "schema-tag" })?["user"]);
    }

    [Fact]
    public void Metadata_TextAndJsonFormats()
    {
        WriteImBinding("hdi", "hdi-user");
        _env.Write("bindings/hdi/plan", "hdi-shared");
        _env.Write("bindings/hdi/resilience", """{"MaxRetryAttempts": 5}""");
        _env.Write("bindings/hdi/not-listed", "ignored");
        _env.Write("bindings/hdi/.metadata", """
            {
              "metaDataProperties": [ { "name": "type", "format": "text" }, { "name": "plan", "format": "text" } ],
              "credentialProperties": [
                { "name": "user", "format": "text" },
                { "name": "password", "format": "text" },
                { "name": "post_managed_instance_url", "format": "text" },
                { "name": "resilience", "format": "json" }
              ]
            }
            """);

        var credentials = _env.Find(new ServiceBindingQuery { Plan = "hdi-shared" });

        Assert.NotNull(credentials);
        Assert.Equal("hdi-user", credentials["user"]);
        Assert.Equal(BindingEnvironment.Password, credentials["password"]);
        Assert.Equal("5", credentials["resilience:MaxRetryAttempts"]);
        Assert.Null(credentials["get_managed_instance_url"]);
        Assert.Null(credentials["not-listed"]);
        Assert.Null(credentials["plan"]);
        Assert.Null(credentials["type"]);
    }

    [Fact]
    public void Metadata_ContainerJson_IsMergedIntoTheCredentials()
    {
        _env.Write("bindings/hdi/type", "managed-hana");
        _env.Write("bindings/hdi/credentials", $$$"""{"user": "container-user", "password": "{{{BindingEnvironment.Password}}}", "nested": {"a": "b"}}""");
        _env.Write("bindings/hdi/.metadata", """
            {"metaDataProperties": [{"name": "type", "format": "text"}],
             "credentialProperties": [{"name": "credentials", "format": "json", "container": true}]}
            """);

        var credentials = _env.Find(new ServiceBindingQuery());

        Assert.NotNull(credentials);
        Assert.Equal("container-user", credentials["user"]);
        Assert.Equal(BindingEnvironment.Password, credentials["password"]);
        Assert.Equal("b", credentials["nested:a"]);
        Assert.Null(credentials["credentials"]);
    }

    [Fact]
    public void Metadata_JsonCredentialThatIsNotJson_ErrorNamesBindingAndKeyWithoutContent()
    {
        _env.Write("bindings/hdi/type", "managed-hana");
        _env.Write("bindings/hdi/credentials", "{ broken " + BindingEnvironment.Password);
        _env.Write("bindings/hdi/.metadata", """{"credentialProperties": [{"name": "credentials", "format": "json", "container": true}]}""");

        var error = Assert.Throws<ServiceBindingException>(() => _env.Find(new ServiceBindingQuery()));

        Assert.Contains("The credential 'credentials' of the binding 'hdi' has the format 'json' but is not valid JSON.", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(BindingEnvironment.Password, error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("null", "The binding 'hdi' has a .metadata file that is empty (null).")]
    [InlineData("{\n  \"credentialProperties\": [ oops", "The binding 'hdi' has a .metadata file that is not valid JSON of the expected shape (line 2).")]
    [InlineData("""{"credentialProperties": [{"format": "text"}]}""", "The binding 'hdi' has a .metadata file with a credential property without a name.")]
    [InlineData("""{"credentialProperties": [{"name": "credentials", "format": "yaml"}]}""", "The binding 'hdi' gives the credential 'credentials' the unknown format 'yaml' (expected 'text' or 'json').")]
    [InlineData("""{"credentialProperties": [{"name": "credentials", "format": "json", "container": true}]}""", "The credential 'credentials' of the binding 'hdi' is a container but not a JSON object.")]
    public void Metadata_OfTheWrongShape_ErrorNamesTheBindingAndTheProblem(string metadata, string expected)
    {
        _env.Write("bindings/hdi/type", "managed-hana");
        _env.Write("bindings/hdi/credentials", "[1, 2]");
        _env.Write("bindings/hdi/.metadata", metadata);

        var error = Assert.Throws<ServiceBindingException>(() => _env.Find(new ServiceBindingQuery()));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Metadata_WithoutCredentialProperties_GivesNoCredentials()
    {
        _env.Write("bindings/hdi/type", "managed-hana");
        _env.Write("bindings/hdi/user", "im-user");
        _env.Write("bindings/hdi/.metadata", """{"metaDataProperties": [{"name": "type", "format": "text"}]}""");

        var credentials = _env.Find(new ServiceBindingQuery());

        Assert.NotNull(credentials);
        Assert.Empty(credentials.GetChildren());
    }

    [Fact]
    public void Metadata_ListingAMissingFile_ErrorNamesTheKey()
    {
        _env.Write("bindings/hdi/type", "managed-hana");
        _env.Write("bindings/hdi/.metadata", """{"credentialProperties": [{"name": "password", "format": "text"}]}""");

        var error = Assert.Throws<ServiceBindingException>(() => _env.Find(new ServiceBindingQuery()));

        Assert.Contains("The binding 'hdi' lists the credential 'password' in .metadata, but it has no such file.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SymlinkedDataLayout_IsFollowedAndHiddenEntriesAreIgnored()
    {
        // The layout Kubernetes creates for a mounted secret: key -> ..data/key, ..data -> ..<timestamp>.
        var binding = Path.Combine(BindingsRoot, "tenant-containers");
        var timestamped = Path.Combine(binding, "..2024_01_01_00_00_00.000000001");
        Directory.CreateDirectory(timestamped);
        var keys = new Dictionary<string, string>(BindingEnvironment.ImCredentials("linked-user")) { ["type"] = "managed-hana" };
        foreach (var (key, value) in keys)
        {
            File.WriteAllText(Path.Combine(timestamped, key), value);
        }

        Directory.CreateSymbolicLink(Path.Combine(binding, "..data"), timestamped);
        foreach (var key in keys.Keys)
        {
            File.CreateSymbolicLink(Path.Combine(binding, key), Path.Combine("..data", key));
        }

        _env.Write("bindings/tenant-containers/.hidden-file", "secret-hidden-value");
        _env.Write("bindings/.hidden-binding/type", "managed-hana");
        _env.Write("bindings/.hidden-binding/user", "hidden-user");

        var credentials = _env.Find(new ServiceBindingQuery());

        Assert.NotNull(credentials);
        Assert.Equal("linked-user", credentials["user"]);
        Assert.Equal(BindingEnvironment.Password, credentials["password"]);
        Assert.Equal(6, credentials.AsEnumerable().Count());
    }

    [Fact]
    public void SymlinkedBindingDirectory_IsABinding()
    {
        WriteImBinding("real", "real-user");
        var outside = Path.Combine(_env.Root, "elsewhere");
        Directory.Move(Path.Combine(BindingsRoot, "real"), outside);
        Directory.CreateSymbolicLink(Path.Combine(BindingsRoot, "linked"), outside);

        var credentials = _env.Find(new ServiceBindingQuery { Name = "linked" });

        Assert.Equal("real-user", credentials?["user"]);
    }

    [Fact]
    public void RootThatDoesNotExist_ErrorNamesTheVariable()
    {
        var error = Assert.Throws<ServiceBindingException>(() => _env.Find(new ServiceBindingQuery()));

        Assert.Contains($"SERVICE_BINDING_ROOT names '{BindingsRoot}', which is not a directory.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void VcapServices_TakesPrecedenceOverServiceBindingRoot()
    {
        WriteImBinding("tenant-containers", "k8s-user");
        _env.Set("VCAP_SERVICES", VcapJson.Typical());

        var credentials = _env.Find(new ServiceBindingQuery());

        Assert.Equal("hdi-user", credentials?["user"]);
    }

    private void WriteImBinding(string name, string user, string type = "managed-hana")
    {
        _env.Write($"bindings/{name}/type", type);
        foreach (var (key, value) in BindingEnvironment.ImCredentials(user))
        {
            _env.Write($"bindings/{name}/{key}", value);
        }
    }
}
