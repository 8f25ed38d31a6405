using System.Text;
using InstanceManager.Redis.Tests.Infrastructure;
using StackExchange.Redis;

namespace InstanceManager.Redis.Tests;

public sealed class EncryptionTests
{
    [Theory]
    [MemberData(nameof(RedisServer.Kinds), MemberType = typeof(RedisServer))]
    public async Task Raw_Redis_contents_hold_no_credential_password_or_secret(string kind)
    {
        await using var redis = await RedisServer.StartAsync(kind);
        await using var emulator = await Emulators.StartAsync();
        await using var replica = await Replica.StartAsync(emulator.Configuration, redis);
        await using var serviceManagerReplica = await Replica.StartAsync(emulator.ServiceManagerConfiguration, redis);
        var created = await replica.Client.CreateAsync("tenant-secret");
        var createdSm = await serviceManagerReplica.Client.CreateAsync("tenant-secret-sm");
        await replica.Client.GetAllAsync();

        var secrets = new[]
        {
            created.GetCredential("password")!,
            created.GetCredential("hdi_password")!,
            createdSm.GetCredential("password")!,
            emulator.Credentials["password"],
            emulator.ServiceManagerCredentials["clientsecret"],
            "credentials",
        };
        var values = await RawValuesAsync(redis);

        Assert.Contains(values, value => value.Key.Contains("tenant:tenant-secret", StringComparison.Ordinal));
        Assert.Contains(values, value => value.Key.Contains("tenant:tenant-secret-sm", StringComparison.Ordinal));
        foreach (var (key, value) in values)
        {
            var text = Encoding.UTF8.GetString(value);
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
                Assert.DoesNotContain(secret, key, StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [MemberData(nameof(RedisServer.Kinds), MemberType = typeof(RedisServer))]
    public async Task An_entry_encrypted_with_another_key_is_ignored_and_read_from_the_service(string kind)
    {
        await using var redis = await RedisServer.StartAsync(kind);
        await using var emulator = await Emulators.StartAsync();
        await using var writer = await Replica.StartAsync(emulator.Configuration, redis, options => options.EncryptionKey = Convert.ToBase64String(new byte[32]));
        await writer.Client.CreateAsync("tenant-1");
        emulator.ClearRequestLog();
        await using var reader = await Replica.StartAsync(emulator.Configuration, redis);

        var instance = await reader.Client.GetAsync("tenant-1");

        Assert.Equal("tenant-1", instance!.TenantId);
        Assert.Equal(1, emulator.GetsOf("tenant-1"));
    }

    [Theory]
    [MemberData(nameof(RedisServer.Kinds), MemberType = typeof(RedisServer))]
    public async Task Replicas_with_the_same_configured_key_share_entries(string kind)
    {
        await using var redis = await RedisServer.StartAsync(kind);
        await using var emulator = await Emulators.StartAsync();
        var key = Convert.ToBase64String(Enumerable.Range(1, 32).Select(value => (byte)value).ToArray());
        await using var writer = await Replica.StartAsync(emulator.Configuration, redis, options => options.EncryptionKey = key);
        await writer.Client.CreateAsync("tenant-1");
        emulator.ClearRequestLog();
        await using var reader = await Replica.StartAsync(emulator.Configuration, redis, options => options.EncryptionKey = key);

        var instance = await reader.Client.GetAsync("tenant-1");

        Assert.Equal("tenant-1", instance!.TenantId);
        Assert.Equal(0, emulator.GetsOf("tenant-1"));
    }

    private static async Task<List<KeyValuePair<string, byte[]>>> RawValuesAsync(RedisServer redis)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration + ",allowAdmin=true");
        var server = connection.GetServer(connection.GetEndPoints()[0]);
        var database = connection.GetDatabase();
        var values = new List<KeyValuePair<string, byte[]>>();
        await foreach (var key in server.KeysAsync(pattern: "*"))
        {
            if (await database.KeyTypeAsync(key) == RedisType.String && await database.StringGetAsync(key) is { HasValue: true } value)
            {
                values.Add(new(key.ToString(), (byte[])value!));
            }
        }

        return values;
    }
}
