namespace InstanceManager.Tests.Bindings;

public sealed class ServiceBindingsArgumentTests
{
    [Fact]
    public void MissingArguments_AreRefusedNamingThem()
    {
        Assert.Equal("query", Assert.Throws<ArgumentNullException>(() => ServiceBindings.FindCredentials(null!)).ParamName);
        Assert.Equal("environment", Assert.Throws<ArgumentNullException>(() => ServiceBindings.FindCredentials(new ServiceBindingQuery(), null!, "/nowhere")).ParamName);
        Assert.Equal("legacyRoot", Assert.Throws<ArgumentNullException>(() => ServiceBindings.FindCredentials(new ServiceBindingQuery(), _ => null, null!)).ParamName);
    }
}
