using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace InstanceManager.Redis.Configuration;

/// <summary>Validates <see cref="InstanceManagerRedisOptions"/>; messages name the key, never a secret value.</summary>
internal sealed class InstanceManagerRedisOptionsValidator : IValidateOptions<InstanceManagerRedisOptions>
{
    private const string Section = InstanceManagerRedisOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, InstanceManagerRedisOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!options.UsesConnectionFromServices)
        {
            if (string.IsNullOrWhiteSpace(options.Configuration))
            {
                failures.Add($"'{Section}:{nameof(options.Configuration)}' is required: the StackExchange.Redis configuration string, for example 'redis:6379,password=…'.");
            }
            else
            {
                try
                {
                    _ = ConfigurationOptions.Parse(options.Configuration);
                }
                catch (ArgumentException exception)
                {
                    // The parser's message names the unknown keyword; the string itself may hold a password.
                    failures.Add($"'{Section}:{nameof(options.Configuration)}' is not a valid StackExchange.Redis configuration string: {exception.Message}");
                }
            }
        }

        if (!string.IsNullOrEmpty(options.EncryptionKey) && !IsKey(options.EncryptionKey))
        {
            failures.Add($"'{Section}:{nameof(options.EncryptionKey)}' must be the Base64 text of 32 bytes (an AES-256 key).");
        }

        if (options.KeyPrefix is { } prefix && prefix.Any(char.IsWhiteSpace))
        {
            failures.Add($"'{Section}:{nameof(options.KeyPrefix)}' must not contain white space (was '{prefix}').");
        }

        if (options.OperationTimeout <= TimeSpan.Zero || options.OperationTimeout > TimeSpan.FromSeconds(30))
        {
            failures.Add($"'{Section}:{nameof(options.OperationTimeout)}' must be more than 0 and at most 30 s (was {options.OperationTimeout.TotalMilliseconds} ms).");
        }

        if (options.LockTimeout < TimeSpan.FromSeconds(1))
        {
            failures.Add($"'{Section}:{nameof(options.LockTimeout)}' must be at least 1 s (was {options.LockTimeout.TotalSeconds} s).");
        }

        if (options.ListReuse < TimeSpan.Zero)
        {
            failures.Add($"'{Section}:{nameof(options.ListReuse)}' must not be negative (was {options.ListReuse.TotalSeconds} s).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsKey(string text)
    {
        Span<byte> key = stackalloc byte[33];
        return Convert.TryFromBase64String(text, key, out var length) && length == 32;
    }
}
