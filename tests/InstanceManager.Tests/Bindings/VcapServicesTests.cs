using System.Text.Json.Nodes;

namespace InstanceManager.Tests.Bindings;

public sealed class VcapServicesTests : IDisposable
{
    private readonly BindingEnvironment _env = new();

    public void Dispose() => _env.Dispose();

    [Fact]
    public void DefaultQuery_TakesTheManagedHanaBinding()
    {
        _env.Set("VCAP_SERVICES", VcapJson.Typical());

        var credentials = _env.Find(new ServiceBindingQuery());

        Assert.NotNull(credentials);
        Assert.Equal("hdi-user", credentials["user"]);
        Assert.Equal(BindingEnvironment.Password, credentials["password"]);
        Assert.Equal("https://im.example/instance-manager/managed/managed_instances/svc-1/{tenant_id}", credentials["post_managed_instance_url"]);
        Assert.Equal("https://im.example/instance-manager/managed/managed_instances/svc-1", credentials["get_all_managed_instances_url"]);
    }

    [Fact]
    public void ByName_TakesAUserProvidedServiceWithoutCheckingTheLabel()
    {
        _env.Set("VCAP_SERVICES", VcapJson.Typical());

        var credentials = _env.Find(new ServiceBindingQuery { Name = "my-ups" });

        Assert.Equal("ups-user", credentials?["user"]);
    }

    [Fact]
    public void ByNameWithExplicitLabel_ChecksTheLabelToo()
    {
        _env.Set("VCAP_SERVICES", VcapJson.Typical());

        var error = Assert.Throws<ServiceBindingException>(() => _env.Find(new ServiceBindingQuery { Name = "my-ups", Label = "managed-hana" }));

        Assert.Contains("name 'my-ups', label 'managed-hana'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ByTag_TakesTheBindingCarryingTheTag()
    {
        _env.Set("VCAP_SERVICES", VcapJson.Document(
            VcapJson.Binding("first", "managed-hana", "hdi-shared", ["managed-hana"], VcapJson.ImCredentials("first-user")),
            VcapJson.Binding("second", "managed-hana", "hdi-shared", ["managed-hana", "xsa-instancemanager"], VcapJson.ImCredentials("second-user"))));

        var credentials = _env.Find(new ServiceBindingQuery { Tag = "xsa-instancemanager" });

        Assert.Equal("second-user", credentials?["user"]);
    }

    [Fact]
    public void ByPlan_TakesTheBindingOfThatPlan()
    {
        _env.Set("VCAP_SERVICES", VcapJson.Document(
            VcapJson.Binding("hdi", "managed-hana", "hdi-shared", [], VcapJson.ImCredentials("hdi-user")),
            VcapJson.Binding("schemas", "managed-hana", "schema", [], VcapJson.ImCredentials("schema-user"))));

        var credentials = _env.Find(new ServiceBindingQuery { Plan = "schema" });

        Assert.Equal("schema-user", credentials?["user"]);
    }

    [Fact]
    public void TwoMatches_ErrorNamesBothAndHowToChooseWithoutAnyPassword()
    {
        _env.Set("VCAP_SERVICES", VcapJson.Document(
            VcapJson.Binding("hdi-a", "managed-hana", "hdi-shared", [], VcapJson.ImCredentials("user-a")),
            VcapJson.Binding("hdi-b", "managed-hana", "hdi-shared", [], VcapJson.ImCredentials("user-b"))));

        var error = Assert.Throws<ServiceBindingException>(() => _env.Find(new ServiceBindingQuery()));

        Assert.Equal(
            "More than one service binding in the environment variable VCAP_SERVICES matches label 'managed-hana': hdi-a (label managed-hana, plan hdi-shared); hdi-b (label managed-hana, plan hdi-shared). Choose one by its name (ServiceBindingQuery.Name).",
            error.Message);
        Assert.DoesNotContain(BindingEnvironment.Password, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("user-a", error.Message, StringComparison.Ordinal);
        Assert.Equal(["hdi-a (label managed-hana, plan hdi-shared)", "hdi-b (label managed-hana, plan hdi-shared)"], error.BindingsSeen);
    }

    [Fact]
    public void NoMatch_ErrorNamesTheQueryAndTheBindingsSeen()
    {
        _env.Set("VCAP_SERVICES", VcapJson.Typical());
        var query = new ServiceBindingQuery { Plan = "schema" };

        var error = Assert.Throws<ServiceBindingException>(() => _env.Find(query));

        Assert.Equal(
            "No service binding in the environment variable VCAP_SERVICES matches label 'managed-hana', plan 'schema'. Bindings seen: tenant-containers (label managed-hana, plan hdi-shared); sm (label service-manager, plan container); my-ups (label user-provided).",
            error.Message);
        Assert.Same(query, error.Query);
        Assert.Equal(3, error.BindingsSeen.Count);
        Assert.DoesNotContain(BindingEnvironment.Password, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyDocument_ErrorSaysNoBindingsWereSeen()
    {
        _env.Set("VCAP_SERVICES", "{}");

        var error = Assert.Throws<ServiceBindingException>(() => _env.Find(new ServiceBindingQuery()));

        Assert.EndsWith("Bindings seen: none.", error.Message, StringComparison.Ordinal);
        Assert.Empty(error.BindingsSeen);
    }

    [Fact]
    public void InvalidJson_ErrorNamesTheVariableWithoutItsContent()
    {
        _env.Set("VCAP_SERVICES", """{"managed-hana": [{"credentials": {"password": "Q-leaked-secret-Q" """);

        var error = Assert.Throws<ServiceBindingException>(() => _env.Find(new ServiceBindingQuery()));

        Assert.StartsWith("Could not look for a service binding (label 'managed-hana'): the environment variable VCAP_SERVICES is not valid JSON (line 1, byte", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("leaked", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidCharacter_ErrorDoesNotQuoteIt()
    {
        _env.Set("VCAP_SERVICES", "Qsecret");

        var error = Assert.Throws<ServiceBindingException>(() => _env.Find(new ServiceBindingQuery()));

        Assert.Contains("VCAP_SERVICES is not valid JSON", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("'Q'", error.ToString(), StringComparison.Ordinal);
        Assert.Null(error.InnerException?.InnerException);
    }

    [Fact]
    public void WrongShape_ErrorNamesTheVariableAndTheEntry()
    {
        _env.Set("VCAP_SERVICES", """{"managed-hana": {"name": "not-an-array"}}""");

        var error = Assert.Throws<ServiceBindingException>(() => _env.Find(new ServiceBindingQuery()));

        Assert.Contains("the environment variable VCAP_SERVICES does not have the expected shape: the value of 'managed-hana' is not an array of bindings.", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-an-array", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NestedCredentialValues_AreFlattenedLikeJsonConfiguration()
    {
        var credentials = VcapJson.ImCredentials("hdi-user");
        credentials["polling_timeout_seconds"] = 30;
        credentials["resilience"] = new JsonObject { ["MaxRetryAttempts"] = 5 };
        credentials["hosts"] = new JsonArray("a.example", "b.example");
        _env.Set("VCAP_SERVICES", VcapJson.Document(VcapJson.Binding("hdi", "managed-hana", null, [], credentials)));

        var configuration = _env.Find(new ServiceBindingQuery());

        Assert.NotNull(configuration);
        Assert.Equal("30", configuration["polling_timeout_seconds"]);
        Assert.Equal("5", configuration["resilience:MaxRetryAttempts"]);
        Assert.Equal("b.example", configuration["hosts:1"]);
    }

    [Fact]
    public void VcapServicesFilePath_IsReadWhenTheVariableIsAbsent()
    {
        var file = _env.Write("vcap/services.json", VcapJson.Typical());
        _env.Set("VCAP_SERVICES_FILE_PATH", file);

        var credentials = _env.Find(new ServiceBindingQuery());

        Assert.Equal("hdi-user", credentials?["user"]);
    }

    [Fact]
    public void VcapServicesVariable_TakesPrecedenceOverTheFile()
    {
        var file = _env.Write("vcap/services.json", VcapJson.Document(VcapJson.Binding("from-file", "managed-hana", null, [], VcapJson.ImCredentials("file-user"))));
        _env.Set("VCAP_SERVICES_FILE_PATH", file).Set("VCAP_SERVICES", VcapJson.Typical());

        var credentials = _env.Find(new ServiceBindingQuery());

        Assert.Equal("hdi-user", credentials?["user"]);
    }

    [Fact]
    public void VcapServicesFilePath_NamingAMissingFile_ErrorNamesTheVariableAndThePath()
    {
        var missing = Path.Combine(_env.Root, "missing.json");
        _env.Set("VCAP_SERVICES_FILE_PATH", missing);

        var error = Assert.Throws<ServiceBindingException>(() => _env.Find(new ServiceBindingQuery()));

        Assert.Contains($"VCAP_SERVICES_FILE_PATH names '{missing}', which is not a file.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void VcapServicesFile_WithInvalidJson_ErrorNamesTheFile()
    {
        var file = _env.Write("vcap/services.json", "{ not json " + BindingEnvironment.Password);
        _env.Set("VCAP_SERVICES_FILE_PATH", file);

        var error = Assert.Throws<ServiceBindingException>(() => _env.Find(new ServiceBindingQuery()));

        Assert.Contains($"the file {file} (named by VCAP_SERVICES_FILE_PATH) is not valid JSON", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(BindingEnvironment.Password, error.ToString(), StringComparison.Ordinal);
    }
}
