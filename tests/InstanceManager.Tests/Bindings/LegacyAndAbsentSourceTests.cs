using Microsoft.Extensions.Configuration;

namespace InstanceManager.Tests.Bindings;

public sealed class LegacyAndAbsentSourceTests : IDisposable
{
    private readonly BindingEnvironment _env = new();

    public void Dispose() => _env.Dispose();

    [Fact]
    public void NoSourceAtAll_ReturnsNull()
    {
        Assert.Null(_env.Find(new ServiceBindingQuery()));
    }

    [Fact]
    public void BlankVariables_CountAsAbsent()
    {
        _env.Set("VCAP_SERVICES", " ").Set("VCAP_SERVICES_FILE_PATH", "").Set("SERVICE_BINDING_ROOT", "");

        Assert.Null(_env.Find(new ServiceBindingQuery()));
    }

    [Fact]
    public void LegacyLayout_LabelAndInstanceComeFromTheDirectories()
    {
        foreach (var (key, value) in BindingEnvironment.ImCredentials("legacy-user"))
        {
            _env.Write($"etc-secrets-sapcp/managed-hana/tenant-containers/{key}", value);
        }

        _env.Write("etc-secrets-sapcp/managed-hana/tenant-containers/resilience", """{"MaxRetryAttempts": 2}""");
        _env.Write("etc-secrets-sapcp/managed-hana/tenant-containers/list", "[1, 2]");
        _env.Write("etc-secrets-sapcp/managed-hana/tenant-containers/almost-json", "{ not: json");
        _env.Write("etc-secrets-sapcp/managed-hana/tenant-containers/.metadata", """{"metaDataProperties": []}""");
        _env.Write("etc-secrets-sapcp/xsuaa/uaa/clientid", "sb-1");

        var credentials = _env.Find(new ServiceBindingQuery { Name = "tenant-containers" });

        Assert.NotNull(credentials);
        Assert.Equal("legacy-user", credentials["user"]);
        Assert.Equal("2", credentials["resilience:MaxRetryAttempts"]);
        Assert.Equal("[1, 2]", credentials["list"]);
        Assert.Equal("{ not: json", credentials["almost-json"]);
        Assert.DoesNotContain(credentials.AsEnumerable(), pair => pair.Key.Contains("metadata", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void LegacyLayout_NoMatch_ErrorNamesTheRootAndBindings()
    {
        _env.Write("etc-secrets-sapcp/xsuaa/uaa/clientid", "sb-1");

        var error = Assert.Throws<ServiceBindingException>(() => _env.Find(new ServiceBindingQuery()));

        Assert.Equal($"No service binding in {_env.LegacyRoot} matches label 'managed-hana'. Bindings seen: uaa (label xsuaa).", error.Message);
    }

    [Fact]
    public void ServiceBindingRoot_TakesPrecedenceOverTheLegacyLayout()
    {
        _env.Write("etc-secrets-sapcp/managed-hana/legacy/user", "legacy-user");
        _env.Write("bindings/current/type", "managed-hana");
        _env.Write("bindings/current/user", "current-user");
        _env.Set("SERVICE_BINDING_ROOT", Path.Combine(_env.Root, "bindings"));

        Assert.Equal("current-user", _env.Find(new ServiceBindingQuery())?["user"]);
    }
}
