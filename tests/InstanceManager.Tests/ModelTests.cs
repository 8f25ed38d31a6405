using System.Text.Json;
using System.Text.Json.Nodes;
using InstanceManager.Serialization;
using InstanceManager.Tests.Infrastructure;

namespace InstanceManager.Tests;

public sealed class ModelTests
{
    private static ManagedInstance Read(string json) =>
        JsonSerializer.Deserialize(json, InstanceManagerJsonContext.Default.ManagedInstance)!;

    private static string Write(ManagedInstance instance) =>
        JsonSerializer.Serialize(instance, InstanceManagerJsonContext.Default.ManagedInstance);

    [Fact]
    public void RoundTrip_KeepsEveryField()
    {
        var original = InstanceJson.Node("t1", "CREATION_SUCCEEDED", failedMessage: "an earlier attempt failed");
        original["labels"] = new JsonObject { ["tier"] = "gold", ["zones"] = new JsonArray("a", "b") };
        original["version"] = 7;
        original["enabled"] = false;
        original["nothing"] = null;

        var written = Write(Read(original.ToJsonString()));

        Assert.True(JsonNode.DeepEquals(original, JsonNode.Parse(written)), written);
    }

    [Fact]
    public void RoundTrip_WithTheReflectionSerializer_UsesTheConverter()
    {
        var original = InstanceJson.Node("t1", "CREATION_FAILED", failedMessage: "quota");

        var instance = JsonSerializer.Deserialize<ManagedInstance>(original.ToJsonString())!;
        var written = JsonSerializer.Serialize(instance);

        Assert.Equal(InstanceStatus.CreationFailed, instance.Status);
        Assert.Equal("quota", instance.FailedMessage);
        Assert.True(JsonNode.DeepEquals(original, JsonNode.Parse(written)), written);
    }

    [Fact]
    public void UnknownStatus_IsReadAsUnknownAndWrittenBackAsTheServerSpelledIt()
    {
        var instance = Read("""{"tenant_id":"t1","status":"SUSPENDED"}""");

        Assert.Equal(InstanceStatus.Unknown, instance.Status);
        Assert.Equal("""{"tenant_id":"t1","status":"SUSPENDED"}""", Write(instance));
    }

    [Theory]
    [InlineData("CREATION_IN_PROGRESS", InstanceStatus.CreationInProgress)]
    [InlineData("CREATION_SUCCEEDED", InstanceStatus.CreationSucceeded)]
    [InlineData("CREATION_FAILED", InstanceStatus.CreationFailed)]
    [InlineData("DELETION_IN_PROGRESS", InstanceStatus.DeletionInProgress)]
    [InlineData("DELETION_FAILED", InstanceStatus.DeletionFailed)]
    [InlineData("creation_succeeded", InstanceStatus.Unknown)]
    [InlineData("", InstanceStatus.Unknown)]
    public void Status_IsParsedExactly(string text, InstanceStatus expected)
    {
        Assert.Equal(expected, Read($$"""{"tenant_id":"t1","status":"{{text}}"}""").Status);
    }

    [Fact]
    public void AdditionalProperties_HoldOnlyTheFieldsNotInterpreted()
    {
        var instance = Read("""{"id":"i-1","tenant_id":"t1","status":"CREATION_SUCCEEDED","credentials":{"host":"h"},"failed_message":"m","custom":{"a":[1,2]}}""");

        Assert.Equal(["custom", "id"], instance.AdditionalProperties.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("i-1", instance.AdditionalProperties["id"].GetString());
        Assert.Equal(2, instance.AdditionalProperties["custom"].GetProperty("a")[1].GetInt32());
    }

    [Fact]
    public void CreatedInCode_SerializesItsProperties()
    {
        using var credentials = JsonDocument.Parse("""{"host":"h","port":30015}""");
        using var extra = JsonDocument.Parse("\"i-1\"");
        var instance = new ManagedInstance
        {
            TenantId = "t1",
            Status = InstanceStatus.CreationSucceeded,
            Credentials = credentials.RootElement.Clone(),
            AdditionalProperties = new Dictionary<string, JsonElement> { ["id"] = extra.RootElement.Clone() },
        };

        Assert.Equal("""{"tenant_id":"t1","status":"CREATION_SUCCEEDED","credentials":{"host":"h","port":30015},"id":"i-1"}""", Write(instance));
        Assert.Equal("30015", instance.GetCredential("port"));
    }

    [Fact]
    public void CreatedInCode_WithoutAdditionalProperties_HasAnEmptyDictionary()
    {
        var instance = new ManagedInstance { TenantId = "t1" };

        Assert.Empty(instance.AdditionalProperties);
        Assert.Null(instance.Credentials);
        Assert.Equal(InstanceStatus.Unknown, instance.Status);
        Assert.Empty(new ManagedInstance { AdditionalProperties = null! }.AdditionalProperties);
        Assert.Equal(string.Empty, new ManagedInstance().TenantId);
    }

    [Fact]
    public void CreatedInCode_KeepsACopyOfItsAdditionalProperties()
    {
        using var extra = JsonDocument.Parse("\"i-1\"");
        var given = new Dictionary<string, JsonElement> { ["id"] = extra.RootElement.Clone() };
        var instance = new ManagedInstance { TenantId = "t1", AdditionalProperties = given };

        given["added-later"] = extra.RootElement.Clone();

        Assert.Equal(["id"], instance.AdditionalProperties.Keys);
    }

    [Fact]
    public void GetCredential_WithoutAName_IsRefused_EvenWithoutCredentials()
    {
        Assert.Equal("name", Assert.Throws<ArgumentNullException>(() => new ManagedInstance { TenantId = "t1" }.GetCredential(null!)).ParamName);
    }

    [Fact]
    public void AFailedOperationsException_RequiresTheInstance()
    {
        Assert.Equal("instance", Assert.Throws<ArgumentNullException>(() => new InstanceOperationFailedException("failed", "Create", null!)).ParamName);
        Assert.Equal("The Instance Manager operation ended with a failed status.", new InstanceOperationFailedException().Message);
    }

    [Fact]
    public void ExceptionsCreatedWithoutAMessage_SayWhatKindOfFailureTheyAre()
    {
        Assert.Equal("The Instance Manager operation failed.", new InstanceManagerException().Message);
        Assert.Equal("The Instance Manager operation did not complete within the polling timeout.", new InstanceManagerTimeoutException().Message);
        Assert.Equal("No usable service binding was found.", new ServiceBindingException().Message);
    }

    [Fact]
    public async Task AnOperation_PrintsItsIdKindAndProgress()
    {
        using var im = new ImServer();
        im.Answer("DELETE", ImServer.TenantPath("t1"), 404, """{"description":"not found"}""");

        var running = im.Client.ResumeOperation("create:t1");
        var ended = await im.Client.StartDeleteAsync("t1");

        Assert.Equal("InstanceOperation { Id = create:t1, Kind = Create, HasCompleted = False }", running.ToString());
        Assert.Equal("InstanceOperation { Id = delete:t1, Kind = Delete, HasCompleted = True }", ended.ToString());
    }

    [Theory]
    [InlineData(InstanceStatus.CreationInProgress, "CREATION_IN_PROGRESS")]
    [InlineData(InstanceStatus.CreationSucceeded, "CREATION_SUCCEEDED")]
    [InlineData(InstanceStatus.CreationFailed, "CREATION_FAILED")]
    [InlineData(InstanceStatus.DeletionInProgress, "DELETION_IN_PROGRESS")]
    [InlineData(InstanceStatus.DeletionFailed, "DELETION_FAILED")]
    [InlineData(InstanceStatus.Unknown, "UNKNOWN")]
    public void CreatedInCode_WritesItsStatusAsTheServiceSpellsIt(InstanceStatus status, string expected)
    {
        Assert.Equal($$"""{"tenant_id":"t1","status":"{{expected}}"}""", Write(new ManagedInstance { TenantId = "t1", Status = status }));
    }

    [Theory]
    [InlineData("[]", "An instance must be a JSON object, not Array.")]
    [InlineData("\"text\"", "An instance must be a JSON object, not String.")]
    [InlineData("42", "An instance must be a JSON object, not Number.")]
    [InlineData("""{"status":"CREATION_SUCCEEDED"}""", "The instance has no string 'tenant_id'.")]
    [InlineData("""{"tenant_id":"t1"}""", "The instance has no string 'status'.")]
    [InlineData("""{"tenant_id":5,"status":"CREATION_SUCCEEDED"}""", "The instance has no string 'tenant_id'.")]
    [InlineData("""{"tenant_id":"t1","status":null}""", "The instance has no string 'status'.")]
    public void Read_OfAnythingButAnInstanceObject_ThrowsJsonExceptionSayingWhy(string json, string expected)
    {
        Assert.Equal(expected, Assert.Throws<JsonException>(() => Read(json)).Message);
    }

    [Fact]
    public void Write_WithoutAWriterOrAnInstance_IsRefused()
    {
        var converter = new ManagedInstanceConverter();
        using var stream = new MemoryStream();
        using var writer = new Utf8JsonWriter(stream);

        Assert.Equal("writer", Assert.Throws<ArgumentNullException>(() => converter.Write(null!, new ManagedInstance { TenantId = "t1" }, JsonSerializerOptions.Default)).ParamName);
        Assert.Equal("value", Assert.Throws<ArgumentNullException>(() => converter.Write(writer, null!, JsonSerializerOptions.Default)).ParamName);
    }

    [Fact]
    public void Credentials_ThatAreNotAnObject_AreIgnored()
    {
        var instance = Read("""{"tenant_id":"t1","status":"CREATION_SUCCEEDED","credentials":"secret-string","failed_message":7}""");

        Assert.Null(instance.Credentials);
        Assert.Null(instance.FailedMessage);
        Assert.Null(instance.GetCredential("password"));
    }

    [Fact]
    public void GetCredential_ReadsStringsAndTheJsonTextOfOtherValues()
    {
        var instance = Read("""{"tenant_id":"t1","status":"CREATION_SUCCEEDED","credentials":{"host":"h","port":30015,"tls":true,"none":null,"nested":{"a":1}}}""");

        Assert.Equal("h", instance.GetCredential("host"));
        Assert.Equal("30015", instance.GetCredential("port"));
        Assert.Equal("true", instance.GetCredential("tls"));
        Assert.Null(instance.GetCredential("none"));
        Assert.Equal("""{"a":1}""", instance.GetCredential("nested"));
        Assert.Null(instance.GetCredential("missing"));
        Assert.Null(instance.GetCredential("HOST"));
        Assert.Throws<ArgumentNullException>(() => instance.GetCredential(null!));
    }

    [Fact]
    public void ToString_ShowsCredentialKeysButNeverTheirValues()
    {
        var instance = Read(InstanceJson.Instance("t1", "CREATION_SUCCEEDED"));

        var text = instance.ToString();

        Assert.Equal("ManagedInstance { TenantId = t1, Status = CreationSucceeded, Credentials = [host, port, schema, user, password, url] (values hidden) }", text);
        Assert.DoesNotContain(InstanceJson.InstancePassword, text, StringComparison.Ordinal);
        Assert.DoesNotContain("hana.example", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_OfAFailedInstance_ShowsTheReason()
    {
        var instance = Read(InstanceJson.Instance("t1", "CREATION_FAILED", failedMessage: "quota exceeded"));

        Assert.Equal("ManagedInstance { TenantId = t1, Status = CreationFailed, FailedMessage = quota exceeded }", instance.ToString());
    }
}
