using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;

namespace InstanceManager.Emulator.Internal.ServiceManager;

/// <summary>
/// Issues and checks the opaque access tokens of the emulated OAuth server: a random nonce and the expiry, signed
/// with the store's key (HMAC-SHA256). Nothing is kept per token, and tokens stay valid across a restart with the
/// same data directory. Clients never look inside (the official client's token library does not decode them).
/// </summary>
internal sealed class TokenIssuer(byte[] key, ServiceManagerEmulatorOptions options, TimeProvider clock)
{
    private const int NonceBytes = 16;
    private const int PayloadBytes = NonceBytes + sizeof(long);

    /// <summary>A new token and its lifetime in whole seconds.</summary>
    public (string Token, long ExpiresIn) Issue()
    {
        var expiresAt = clock.GetUtcNow() + options.TokenLifetime;
        var payload = new byte[PayloadBytes];
        RandomNumberGenerator.Fill(payload.AsSpan(0, NonceBytes));
        BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(NonceBytes), expiresAt.ToUnixTimeMilliseconds());
        return (Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(HMACSHA256.HashData(key, payload)), (long)options.TokenLifetime.TotalSeconds);
    }

    /// <summary>Whether <paramref name="token"/> was issued here and has not expired.</summary>
    public TokenCheck Check(string token)
    {
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            return TokenCheck.Unknown;
        }

        byte[] payload;
        byte[] signature;
        try
        {
            payload = Base64Url.DecodeFromChars(token.AsSpan(0, dot));
            signature = Base64Url.DecodeFromChars(token.AsSpan(dot + 1));
        }
        catch (FormatException)
        {
            return TokenCheck.Unknown;
        }

        if (payload.Length != PayloadBytes || !CryptographicOperations.FixedTimeEquals(signature, HMACSHA256.HashData(key, payload)))
        {
            return TokenCheck.Unknown;
        }

        var expiresAt = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(payload.AsSpan(NonceBytes)));
        return clock.GetUtcNow() < expiresAt ? TokenCheck.Valid : TokenCheck.Expired;
    }
}
