using System.Security.Cryptography;
using System.Text;
using InstanceManager.Configuration;
using InstanceManager.Redis.Coordination;

namespace InstanceManager.Redis.Protection;

/// <summary>
/// What the replicas of one application bound to one managed service share, derived from the binding: the key
/// namespace (so two applications or bindings sharing a Redis never see each other's tenants) and the encryption key
/// (HKDF-SHA256 over the binding's secret, unless one is configured).
/// </summary>
internal static class ReplicaScope
{
    private static readonly byte[] KeyInfo = Encoding.UTF8.GetBytes("InstanceManager.Redis entry encryption v1");

    public static RedisKeys Keys(InstanceManagerOptions binding, InstanceManagerRedisOptions redis)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(Identity(binding)));
        // In braces, a hash tag: on a Redis Cluster every key of the binding lands in one slot, as the scripts, MGET and
        // batches that use several of them at once require.
        return new RedisKeys($"{redis.KeyPrefix}{{instance-manager:{Convert.ToHexStringLower(digest.AsSpan(0, 8))}}}:");
    }

    public static EntryProtector Protector(InstanceManagerOptions binding, InstanceManagerRedisOptions redis)
    {
        if (!string.IsNullOrEmpty(redis.EncryptionKey))
        {
            return new EntryProtector(Convert.FromBase64String(redis.EncryptionKey));
        }

        var secret = Encoding.UTF8.GetBytes(Secret(binding));
        var key = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, Encoding.UTF8.GetBytes(Identity(binding)), KeyInfo);
        CryptographicOperations.ZeroMemory(secret);
        return new EntryProtector(key);
    }

    /// <summary>Which managed service the tenants belong to: the Instance Manager's URL and user, the Service Manager's URL, client, offering and plan.</summary>
    private static string Identity(InstanceManagerOptions binding)
    {
        var identity = new StringBuilder();
        if (binding.Mode is not InstanceManagerMode.ServiceManager)
        {
            identity.Append("im\n").Append(binding.GetManagedInstanceUrl).Append('\n').Append(binding.User).Append('\n');
        }

        if (binding.ServiceManager is { } serviceManager)
        {
            identity.Append("sm\n").Append(serviceManager.SmUrl).Append('\n').Append(serviceManager.ClientId).Append('\n')
                .Append(serviceManager.Service).Append('\n').Append(serviceManager.Plan).Append('\n');
        }

        return identity.ToString();
    }

    /// <summary>The binding's secrets, which every replica has and a reader of Redis does not.</summary>
    private static string Secret(InstanceManagerOptions binding)
    {
        var secret = new StringBuilder();
        if (binding.Mode is not InstanceManagerMode.ServiceManager)
        {
            secret.Append(binding.Password).Append('\n');
        }

        if (binding.ServiceManager is { } serviceManager)
        {
            secret.Append(serviceManager.ClientSecret).Append('\n').Append(serviceManager.Key).Append('\n');
        }

        return secret.ToString();
    }
}
