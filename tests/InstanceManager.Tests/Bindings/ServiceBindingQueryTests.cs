namespace InstanceManager.Tests.Bindings;

public sealed class ServiceBindingQueryTests
{
    [Fact]
    public void Default_SelectsTheManagedHanaLabel()
    {
        var query = new ServiceBindingQuery();

        Assert.Equal("managed-hana", query.Label);
        Assert.Equal("label 'managed-hana'", query.ToString());
    }

    [Fact]
    public void WithName_DoesNotCheckTheLabelUnlessSet()
    {
        Assert.Null(new ServiceBindingQuery { Name = "my-ups" }.Label);
        Assert.Equal("name 'my-ups'", new ServiceBindingQuery { Name = "my-ups" }.ToString());
        Assert.Equal("user-provided", new ServiceBindingQuery { Name = "my-ups", Label = "user-provided" }.Label);
    }

    [Fact]
    public void LabelSetToNull_SelectsAnyBinding()
    {
        Assert.Equal("any binding", new ServiceBindingQuery { Label = null }.ToString());
    }

    [Fact]
    public void ToString_ListsEveryCriterion()
    {
        var query = new ServiceBindingQuery { Name = "hdi", Label = "managed-hana", Tag = "im", Plan = "hdi-shared" };

        Assert.Equal("name 'hdi', label 'managed-hana', tag 'im', plan 'hdi-shared'", query.ToString());
    }
}
