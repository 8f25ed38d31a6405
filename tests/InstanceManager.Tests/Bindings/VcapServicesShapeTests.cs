namespace InstanceManager.Tests.Bindings;

/// <summary>Entries of <c>VCAP_SERVICES</c> that lack or mistype a property: read the way Cloud Foundry means them, or refused naming where.</summary>
public sealed class VcapServicesShapeTests : IDisposable
{
    private readonly BindingEnvironment _env = new();

    public void Dispose() => _env.Dispose();

    [Fact]
    public void AnEntryWithoutLabel_TakesTheLabelItIsListedUnder()
    {
        _env.Set("VCAP_SERVICES", """{"managed-hana": [{"name": "hdi", "credentials": {"user": "hdi-user"}}]}""");

        var credentials = _env.Find(new ServiceBindingQuery());

        Assert.Equal("hdi-user", credentials?["user"]);
    }

    [Fact]
    public void AnEntryWithoutName_IsNamedByItsPlaceInTheDocument()
    {
        _env.Set("VCAP_SERVICES", """{"managed-hana": [{"label": "managed-hana", "credentials": {}}, {"label": "managed-hana", "name": 7, "credentials": {}}]}""");

        var error = Assert.Throws<ServiceBindingException>(() => _env.Find(new ServiceBindingQuery()));

        Assert.Equal(["(unnamed 'managed-hana'[0]) (label managed-hana)", "(unnamed 'managed-hana'[1]) (label managed-hana)"], error.BindingsSeen);
    }

    [Fact]
    public void AnEntryWithAnEmptyLabelAndNoPlan_IsShownByItsNameAlone()
    {
        _env.Set("VCAP_SERVICES", """{"managed-hana": [{"name": "bare", "label": "", "credentials": {}}]}""");

        var error = Assert.Throws<ServiceBindingException>(() => _env.Find(new ServiceBindingQuery()));

        Assert.Equal(["bare"], error.BindingsSeen);
    }

    [Fact]
    public void PropertiesOfTheWrongKind_AreIgnored()
    {
        _env.Set("VCAP_SERVICES", """{"managed-hana": [{"name": "hdi", "label": ["managed-hana"], "plan": 3, "tags": "xsa-instancemanager", "credentials": {"user": "hdi-user"}}]}""");

        var byTag = Assert.Throws<ServiceBindingException>(() => _env.Find(new ServiceBindingQuery { Tag = "xsa-instancemanager" }));
        var byDefault = _env.Find(new ServiceBindingQuery());

        Assert.Equal(["hdi (label managed-hana)"], byTag.BindingsSeen);
        Assert.Equal("hdi-user", byDefault?["user"]);
    }

    [Theory]
    [InlineData("""{"name": "bare"}""")]
    [InlineData("""{"name": "bare", "credentials": null}""")]
    public void AnEntryWithoutCredentials_HasNone(string entry)
    {
        _env.Set("VCAP_SERVICES", $$"""{"user-provided": [{{entry}}]}""");

        var credentials = _env.Find(new ServiceBindingQuery { Name = "bare" });

        Assert.NotNull(credentials);
        Assert.Empty(credentials.GetChildren());
    }

    [Fact]
    public void CredentialsThatAreNotAnObject_AreRefusedNamingTheEntry()
    {
        _env.Set("VCAP_SERVICES", """{"managed-hana": [{"name": "a", "credentials": {}}, {"name": "b", "credentials": "text"}]}""");

        var error = Assert.Throws<ServiceBindingException>(() => _env.Find(new ServiceBindingQuery()));

        Assert.Contains("does not have the expected shape: 'managed-hana'[1].credentials is not a JSON object.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEntryThatIsNotAnObject_IsRefusedNamingItsPlace()
    {
        _env.Set("VCAP_SERVICES", """{"user-provided": [], "managed-hana": [{"name": "a"}, {"name": "b"}, "c"]}""");

        var error = Assert.Throws<ServiceBindingException>(() => _env.Find(new ServiceBindingQuery()));

        Assert.Contains("does not have the expected shape: 'managed-hana'[2] is not a JSON object.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ADocumentThatIsNotAnObject_IsRefused()
    {
        _env.Set("VCAP_SERVICES", "[]");

        var error = Assert.Throws<ServiceBindingException>(() => _env.Find(new ServiceBindingQuery()));

        Assert.Contains("the environment variable VCAP_SERVICES does not have the expected shape: the document is not a JSON object mapping service labels to arrays of bindings.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TrailingCommas_AreAccepted()
    {
        _env.Set("VCAP_SERVICES", """{"managed-hana": [{"name": "hdi", "credentials": {"user": "hdi-user",},},],}""");

        Assert.Equal("hdi-user", _env.Find(new ServiceBindingQuery())?["user"]);
    }

    [Fact]
    public void InvalidJson_ErrorGivesTheLineAndByteCountedFromOne()
    {
        _env.Set("VCAP_SERVICES", "{\n  \"managed-hana\": ]");

        var error = Assert.Throws<ServiceBindingException>(() => _env.Find(new ServiceBindingQuery()));

        Assert.Contains("VCAP_SERVICES is not valid JSON (line 2, byte 19).", error.Message, StringComparison.Ordinal);
    }
}
