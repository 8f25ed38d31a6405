using System.IO.Compression;
using InstanceManager.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace InstanceManager.Tests.Hardening;

/// <summary>Serves one body for every request: with or without a declared length, plain or compressed.</summary>
internal static class BodyServer
{
    public static Task<LoopbackServer> ServeAsync(byte[] body, bool declared, bool gzip = false) =>
        LoopbackServer.StartAsync(async context =>
        {
            var payload = body;
            if (gzip)
            {
                using var compressed = new MemoryStream();
                await using (var zip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
                {
                    await zip.WriteAsync(body);
                }

                payload = compressed.ToArray();
                context.Response.Headers.ContentEncoding = "gzip";
            }

            context.Response.ContentType = "application/json";
            if (declared)
            {
                context.Response.ContentLength = payload.Length;
            }

            // In pieces of 8 KiB; without a Content-Length the body arrives chunked.
            for (var offset = 0; offset < payload.Length; offset += 8 * 1024)
            {
                await context.Response.Body.WriteAsync(payload.AsMemory(offset, Math.Min(8 * 1024, payload.Length - offset)));
                await context.Response.Body.FlushAsync();
            }
        });
}
