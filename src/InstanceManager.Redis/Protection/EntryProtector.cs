using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace InstanceManager.Redis.Protection;

/// <summary>
/// Encrypts every value written to Redis with AES-256-GCM: <c>version (1) | nonce (12) | tag (16) | ciphertext</c>.
/// The Redis key is the associated data, so an entry copied under another key (another tenant) does not decrypt.
/// </summary>
internal sealed class EntryProtector : IDisposable
{
    private const byte Version = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int HeaderSize = 1 + NonceSize + TagSize;

    private readonly AesGcm _aes;

    public EntryProtector(byte[] key) => _aes = new AesGcm(key, TagSize);

    public byte[] Protect(ReadOnlySpan<byte> plaintext, string redisKey)
    {
        var sealedEntry = new byte[HeaderSize + plaintext.Length];
        sealedEntry[0] = Version;
        var nonce = sealedEntry.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        _aes.Encrypt(nonce, plaintext, sealedEntry.AsSpan(HeaderSize), sealedEntry.AsSpan(1 + NonceSize, TagSize), Associated(redisKey));
        return sealedEntry;
    }

    /// <summary>The plaintext, or <see langword="null"/> when the entry was not written with this key for this Redis key (or was altered).</summary>
    public byte[]? Unprotect(ReadOnlySpan<byte> sealedEntry, string redisKey)
    {
        if (sealedEntry.Length < HeaderSize || sealedEntry[0] != Version)
        {
            return null;
        }

        var plaintext = new byte[sealedEntry.Length - HeaderSize];
        try
        {
            _aes.Decrypt(sealedEntry.Slice(1, NonceSize), sealedEntry[HeaderSize..], sealedEntry.Slice(1 + NonceSize, TagSize), plaintext, Associated(redisKey));
            return plaintext;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }

    public void Dispose() => _aes.Dispose();

    private static byte[] Associated(string redisKey)
    {
        var bytes = new byte[4 + Encoding.UTF8.GetByteCount(redisKey)];
        BinaryPrimitives.WriteInt32BigEndian(bytes, bytes.Length - 4);
        Encoding.UTF8.GetBytes(redisKey, bytes.AsSpan(4));
        return bytes;
    }
}
