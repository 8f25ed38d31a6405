using InstanceManager.Emulator;
using InstanceManager.ServiceManagement;
using Microsoft.Extensions.DependencyInjection;

namespace InstanceManager.IntegrationTests;

/// <summary>
/// Resumable operations and idempotent deletes in each mode, against the embedded emulator over real loopback HTTP,
/// on a shared fake clock. A "fresh client" is a new container: nothing is shared with the one that started the work.
/// </summary>
public sealed class OperationTests
{
    public static TheoryData<string> Modes => ["instance-manager", "service-manager", "migration"];

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task StartCreate_ReturnsOnceAccepted_AndAFreshClientResumesItWithOnePost(string mode)
    {
        await using var fixture = await EmulatorFixture.StartAsync();

        var operation = await fixture.Clock.RunAsync(NewClient(fixture, mode).StartCreateAsync("tenant-1"));

        Assert.Equal("create:tenant-1", operation.Id);
        Assert.Equal(InstanceOperationKind.Create, operation.Kind);
        Assert.False(operation.HasCompleted);
        Assert.False(operation.HasValue);
        Assert.Throws<InvalidOperationException>(() => operation.Value);

        var resumed = NewClient(fixture, mode).ResumeOperation(operation.Id);
        var instance = await fixture.Clock.RunAsync(resumed.WaitForCompletionAsync());

        Assert.NotNull(instance);
        Assert.Equal(InstanceStatus.CreationSucceeded, instance.Status);
        Assert.Equal(EmulatedCredentials.For("tenant-1")["password"], instance.GetCredential("password"));
        Assert.True(resumed.HasCompleted);
        Assert.Same(instance, resumed.Value);
        Assert.Equal(1, Posts(fixture, mode));
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task UpdateStatus_LooksOnce_ThenReportsTheInstance(string mode)
    {
        await using var fixture = await EmulatorFixture.StartAsync();
        var client = NewClient(fixture, mode);
        var operation = await fixture.Clock.RunAsync(client.StartCreateAsync("tenant-1"));

        Assert.False(await fixture.Clock.RunAsync(operation.UpdateStatusAsync()));
        fixture.Clock.Advance(TimeSpan.FromSeconds(2));

        Assert.True(await fixture.Clock.RunAsync(operation.UpdateStatusAsync()));
        Assert.Equal("tenant-1", operation.Value.TenantId);
        // The outcome landed in the cache: no request for the next get.
        var requests = fixture.Emulator.RequestLog.Count;
        Assert.Same(operation.Value, await client.GetAsync("tenant-1"));
        Assert.Equal(requests, fixture.Emulator.RequestLog.Count);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task ACreateThatTimesOut_CarriesItsOperationId_AndIsResumedWithoutASecondPost(string mode)
    {
        await using var fixture = await EmulatorFixture.StartAsync(options =>
        {
            options.ProvisioningDelay = TimeSpan.FromMinutes(5);
            options.ServiceManager.InstanceCreationDelay = TimeSpan.FromMinutes(5);
        });

        var timeout = await Assert.ThrowsAsync<InstanceManagerTimeoutException>(
            () => fixture.Clock.RunAsync(NewClient(fixture, mode, options => options.PollingTimeout = TimeSpan.FromSeconds(20)).CreateAsync("tenant-1")));

        Assert.Equal("create:tenant-1", timeout.OperationId);
        Assert.Contains("ResumeOperation(\"create:tenant-1\")", timeout.Message, StringComparison.Ordinal);
        var instance = await fixture.Clock.RunAsync(NewClient(fixture, mode, options => options.PollingTimeout = TimeSpan.FromMinutes(10)).ResumeOperation(timeout.OperationId!).WaitForCompletionAsync());
        Assert.Equal(InstanceStatus.CreationSucceeded, instance!.Status);
        Assert.Equal(1, Posts(fixture, mode));
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task AFailedCreation_EndsTheOperationWithTheFailure(string mode)
    {
        await using var fixture = await EmulatorFixture.StartAsync(options => options.Failures = new EmulatorFailures { CreationFailurePattern = "^doomed" });
        var operation = await fixture.Clock.RunAsync(NewClient(fixture, mode).StartCreateAsync("doomed-1"));

        var failure = await Assert.ThrowsAnyAsync<InstanceManagerException>(() => fixture.Clock.RunAsync(operation.WaitForCompletionAsync()));

        Assert.Equal("doomed-1", failure.TenantId);
        Assert.True(operation.HasCompleted);
        Assert.False(operation.HasValue);
        Assert.Same(failure, Assert.Throws<InvalidOperationException>(() => operation.Value).InnerException);
        Assert.Same(failure, await Assert.ThrowsAnyAsync<InstanceManagerException>(() => operation.UpdateStatusAsync()));
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task DeleteIfExists_DeletesAPresentTenant_AndReportsAnAbsentOneWithoutError(string mode)
    {
        await using var fixture = await EmulatorFixture.StartAsync();
        var client = NewClient(fixture, mode);
        await fixture.Clock.RunAsync(client.CreateAsync("tenant-1"));

        Assert.True(await fixture.Clock.RunAsync(client.DeleteIfExistsAsync("tenant-1")));
        Assert.Null(await fixture.Clock.RunAsync(NewClient(fixture, mode).GetAsync("tenant-1").AsTask()));

        Assert.False(await fixture.Clock.RunAsync(client.DeleteIfExistsAsync("tenant-1")));
        Assert.False(await fixture.Clock.RunAsync(client.DeleteIfExistsAsync("never-there")));
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task DeleteIfExists_AFailedDeletion_Throws(string mode)
    {
        await using var fixture = await EmulatorFixture.StartAsync(options => options.Failures = new EmulatorFailures { DeletionFailurePattern = "^doomed" });
        var client = NewClient(fixture, mode);
        await fixture.Clock.RunAsync(client.CreateAsync("doomed-1"));

        var failure = await Assert.ThrowsAnyAsync<InstanceManagerException>(() => fixture.Clock.RunAsync(client.DeleteIfExistsAsync("doomed-1")));

        Assert.Equal("doomed-1", failure.TenantId);
        Assert.Equal("Delete", failure.Operation);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task StartDelete_IsResumedByAFreshClient(string mode)
    {
        await using var fixture = await EmulatorFixture.StartAsync();
        await fixture.Clock.RunAsync(NewClient(fixture, mode).CreateAsync("tenant-1"));

        var operation = await fixture.Clock.RunAsync(NewClient(fixture, mode).StartDeleteAsync("tenant-1"));
        Assert.Equal("delete:tenant-1", operation.Id);
        Assert.Null(await fixture.Clock.RunAsync(NewClient(fixture, mode).ResumeOperation(operation.Id).WaitForCompletionAsync()));

        Assert.Null(await fixture.Clock.RunAsync(NewClient(fixture, mode).GetAsync("tenant-1").AsTask()));
    }

    [Fact]
    public async Task DeleteIfExists_WithTheServiceManager_DeletesEveryBindingOfTheInstance_WhateverItsLabels()
    {
        await using var fixture = await EmulatorFixture.StartAsync();
        var client = fixture.ServiceManagerClient();
        await fixture.Clock.RunAsync(client.CreateAsync("tenant-1"));
        var serviceManager = fixture.ServiceManagerServices().GetRequiredService<ServiceManagerClient>();
        var instance = Assert.Single(await fixture.Clock.RunAsync(serviceManager.Instances.ListAsync().ToListAsync().AsTask()));
        await fixture.Clock.RunAsync(serviceManager.Bindings.CreateAsync("added-by-hand", instance.Id, new Dictionary<string, IReadOnlyList<string>> { ["owner"] = ["ops"] }));
        Assert.Equal(2, (await fixture.Clock.RunAsync(serviceManager.Bindings.ListAsync().ToListAsync().AsTask())).Count);

        Assert.True(await fixture.Clock.RunAsync(client.DeleteIfExistsAsync("tenant-1")));

        Assert.Empty(await fixture.Clock.RunAsync(serviceManager.Bindings.ListAsync().ToListAsync().AsTask()));
        Assert.Empty(await fixture.Clock.RunAsync(serviceManager.Instances.ListAsync().ToListAsync().AsTask()));
    }

    [Fact]
    public async Task ResumeOperation_WithABadId_ThrowsBeforeAnyRequest()
    {
        await using var fixture = await EmulatorFixture.StartAsync();
        var client = fixture.Client();

        Assert.Contains("not an operation id", Assert.Throws<ArgumentException>(() => client.ResumeOperation("tenant-1")).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => client.ResumeOperation("create:"));
        Assert.Empty(fixture.Emulator.RequestLog);
    }

    private static IInstanceManagerClient NewClient(EmulatorFixture fixture, string mode, Action<InstanceManagerOptions>? configure = null) => mode switch
    {
        "service-manager" => fixture.ServiceManagerClient(configure),
        "migration" => fixture.MigrationClient(configure),
        _ => fixture.Client(configure),
    };

    private static int Posts(EmulatorFixture fixture, string mode) =>
        mode == "instance-manager" ? fixture.Requests("POST") : fixture.ServiceManagerRequests("POST", "/v1/service_instances");
}
