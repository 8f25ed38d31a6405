using System.Buffers;

namespace InstanceManager.Http;

/// <summary>
/// Where <see cref="ServiceHttp"/> rents the buffers it reads bodies into: the shared array pool, unless the services
/// hold another (tests register a pool that checks every buffer goes back exactly once, after its last use).
/// </summary>
internal sealed class BodyBufferPool(ArrayPool<byte> pool)
{
    public static BodyBufferPool Shared { get; } = new(ArrayPool<byte>.Shared);

    public ArrayPool<byte> Pool { get; } = pool;
}
