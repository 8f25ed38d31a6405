using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace InstanceManager.Emulator.Internal;

/// <summary>Writes the emulator's JSON answers; each returns the status it wrote, for the request log.</summary>
internal static class JsonResponse
{
    public static async Task<int> WriteAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
        return status;
    }

    /// <summary>The error body of the Instance Manager and the Service Manager: <c>{"error", "description"}</c>.</summary>
    public static Task<int> ErrorAsync(HttpContext context, int status, string error, string description) =>
        WriteAsync(context, status, new JsonObject { ["error"] = error, ["description"] = description });
}
