using InstanceManager.Calls;
using Microsoft.Extensions.Time.Testing;

namespace InstanceManager.Tests;

/// <summary>How one call names itself in errors, and how its parts share its budget.</summary>
public sealed class CallContextTests
{
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public void APartUnderTheSameName_IsTheCallItself_SoWhatItLearnsIsKept()
    {
        var call = CallContext.ForTenant("Create", "t1", _clock);

        var part = call.As("Create");
        part.CorrelationId = "abc";

        Assert.Same(call, part);
        Assert.Equal("abc", call.CorrelationId);
    }

    [Fact]
    public void APartUnderAnotherName_NamesItself_OnTheCallsBudget()
    {
        var call = CallContext.ForTenant("Create", "t1", _clock);
        _clock.Advance(TimeSpan.FromSeconds(5));

        var part = call.As("Get");

        Assert.NotSame(call, part);
        Assert.Equal(("Get", "t1", call.StartedAt), (part.Operation, part.TenantId, part.StartedAt));
        Assert.Equal("Get of the instance for tenant 't1'", part.Subject);
        Assert.Equal("Create of the instance for tenant 't1'", call.Subject);
    }

    [Fact]
    public void ATenantIdOf100Characters_IsNamedWhole_ALongerOneIsShortened()
    {
        var hundred = new string('a', 100);
        var longer = new string('b', 101);

        Assert.Equal($"Get of the instance for tenant '{hundred}'", CallContext.ForTenant("Get", hundred, _clock).Subject);
        Assert.Equal($"Get of the instance for tenant '{new string('b', 100)}…'", CallContext.ForTenant("Get", longer, _clock).Subject);
    }

    [Fact]
    public void CallsOnNoTenant_NameThemselves_AndHaveNoTenantOrOperationId()
    {
        var all = CallContext.ForAll("GetAll", _clock);
        var named = CallContext.Named("ServiceInstances.Create", _clock);
        var described = CallContext.Named("ServiceInstances.Create", _clock, "the creation of instance 'i1'");

        Assert.Equal("GetAll of the instances", all.Subject);
        Assert.Equal("ServiceInstances.Create", named.Subject);
        Assert.Equal("the creation of instance 'i1'", described.Subject);
        Assert.Null(all.OperationId);
        Assert.Equal("GetAll concerns no tenant.", Assert.Throws<InvalidOperationException>(() => all.Tenant).Message);
    }

    [Theory]
    [InlineData("Create", "create:t1")]
    [InlineData("Delete", "delete:t1")]
    [InlineData("Get", null)]
    public void OnlyCreatesAndDeletes_AreResumableOperations(string operation, string? id)
    {
        Assert.Equal(id, CallContext.ForTenant(operation, "t1", _clock).OperationId);
    }

    [Theory]
    [InlineData("create:t1", InstanceOperationKind.Create, "t1")]
    [InlineData("delete:t1", InstanceOperationKind.Delete, "t1")]
    [InlineData("create:delete:x", InstanceOperationKind.Create, "delete:x")]
    public void AnOperationId_ParsesToItsKindAndTenant(string id, InstanceOperationKind kind, string tenant)
    {
        Assert.Equal((kind, tenant), InstanceOperationIds.Parse(id));
        Assert.Equal(id, InstanceOperationIds.Format(kind, tenant));
    }

    [Fact]
    public void AnIdWithoutAKnownPrefix_IsRefused_NamingIt_ShortenedPast100Characters()
    {
        var shortError = Assert.Throws<ArgumentException>(() => InstanceOperationIds.Parse("Create:t1"));
        var longError = Assert.Throws<ArgumentException>(() => InstanceOperationIds.Parse(new string('x', 101)));
        var exactError = Assert.Throws<ArgumentException>(() => InstanceOperationIds.Parse(new string('y', 100)));

        Assert.Equal("id", shortError.ParamName);
        Assert.StartsWith("'Create:t1' is not an operation id: ids start with 'create:' or 'delete:' (InstanceOperation.Id).", shortError.Message, StringComparison.Ordinal);
        Assert.StartsWith($"'{new string('x', 100)}…' is not an operation id", longError.Message, StringComparison.Ordinal);
        Assert.StartsWith($"'{new string('y', 100)}' is not an operation id", exactError.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => InstanceOperationIds.Parse(null!));
    }
}
