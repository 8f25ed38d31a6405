using System.Collections.Concurrent;
using System.Text;
using InstanceManager.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace InstanceManager.Tests.Hardening;

/// <summary>
/// Hostile tenant ids, bodies and faults, one case per test. Each case must end in a clear outcome (the call works
/// safely, or throws <see cref="ArgumentException"/> / <see cref="InstanceManagerException"/> saying what happened)
/// and the same client must serve the next call. Each case prints its row of the summary table that the README's
/// Reliability section shows.
/// </summary>
public sealed class HostileInputSuiteTests
{
    private const string Healthy = "healthy-tenant";

    private static readonly string HealthyBody = InstanceJson.Instance(Healthy, "CREATION_SUCCEEDED");

    public static TheoryData<string> Cases => new(Scenarios().Select(scenario => scenario.Key));

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task HostileCase_EndsInAClearOutcome_AndTheClientStaysUsable(string @case)
    {
        // Built anew for each case: some scenarios count the requests they answered.
        var scenario = Scenarios().Single(candidate => candidate.Key == @case);

        var row = await RunAsync(scenario);

        TestContext.Current.TestOutputHelper?.WriteLine(Table([row]));
        Assert.True(row.Clear, "No clear outcome: " + row.Outcome);
        Assert.True(row.UsableAfterwards, "The client did not serve the next call after: " + row.Outcome);
    }

    [Fact]
    public void TheSuite_Has27CasesWithDistinctNames()
    {
        var keys = Scenarios().Select(scenario => scenario.Key).ToList();

        Assert.Equal(27, keys.Count);
        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
    }

    private static IEnumerable<Scenario> Scenarios() => TenantIdCases().Concat(BodyCases()).Concat(FaultCases());

    private static async Task<Row> RunAsync(Scenario scenario)
    {
        var rawTargets = new ConcurrentQueue<string>();
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            var raw = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
            rawTargets.Enqueue(raw);
            if (raw.EndsWith("/" + Healthy, StringComparison.Ordinal))
            {
                await WriteAsync(context, 200, "application/json", HealthyBody);
                return;
            }

            await (scenario.Handler?.Invoke(context) ?? WriteAsync(context, 404, "application/json", """{"description":"no such instance"}"""));
        });
        using var im = new LoopbackClient(server.BaseUrl, scenario.Configure);

        string outcome;
        bool clear;
        try
        {
            var instance = await im.Clock.RunAsync(im.Client.GetAsync(scenario.TenantId).AsTask());
            (outcome, clear) = scenario.Check(instance, [.. rawTargets]);
        }
        catch (ArgumentException exception)
        {
            (outcome, clear) = ($"ArgumentException: {exception.Message}", scenario.ExpectArgumentException);
        }
        catch (InstanceManagerException exception)
        {
            var reason = exception.Message[(exception.Message.IndexOf("failed", StringComparison.Ordinal) + 1)..];
            (outcome, clear) = ($"{exception.GetType().Name}, status {(exception.StatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none")}: …f{reason}", scenario.ExpectServiceError && exception.Message.Contains(scenario.Describe, StringComparison.Ordinal));
        }
        catch (Exception exception)
        {
            (outcome, clear) = ($"unexpected {exception.GetType().Name}: {exception.Message}", false);
        }

        var usable = false;
        try
        {
            // Not driven by the fake clock: a healthy read waits for nothing, and ending its body deadline (a timer
            // below the clock's threshold when a case shortens the attempt timeout) would cancel it mid-read.
            usable = (await im.Client.GetAsync(Healthy).AsTask().WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken))?.TenantId == Healthy;
        }
        catch (Exception exception) when (exception is InstanceManagerException or ArgumentException)
        {
        }

        return new Row(scenario.Category, scenario.Name, outcome, clear, usable);
    }

    private static IEnumerable<Scenario> TenantIdCases()
    {
        // The raw path segment the service must receive for each id: one segment, whatever the id contains.
        (string Name, string Id, string Segment)[] kept =
        [
            ("slash and dot-dot", "a/../b", "a%2F..%2Fb"),
            ("encoded slash", "%2F", "%252F"),
            ("query and fragment", "x?y#z", "x%3Fy%23z"),
            ("quotes", "it's \"quoted\"", "it%27s%20%22quoted%22"),
            ("spaces inside", "a b", "a%20b"),
            ("unicode", "ü名", "%C3%BC%E5%90%8D"),
        ];
        foreach (var (name, id, segment) in kept)
        {
            yield return new Scenario("tenant id", name, id)
            {
                Check = (instance, raw) => raw.Count == 1 && raw[0].EndsWith("/svc-1/" + segment, StringComparison.Ordinal) && instance is null
                    ? ("sent as one encoded path segment; 404 → null", true)
                    : ($"server saw {string.Join(", ", raw)}", false),
            };
        }

        yield return new Scenario("tenant id", "10 KB id", new string('t', 10 * 1024))
        {
            // Sent encoded like any other; this server, like many, refuses request lines that long.
            ExpectServiceError = true,
            Describe = "answered 414",
        };

        foreach (var (name, id) in new[] { ("dot-dot alone", ".."), ("control character", "a\u0001b"), ("unpaired surrogate", "a\uD800b"), ("white space only", " \t "), ("empty", "") })
        {
            yield return new Scenario("tenant id", name, id) { ExpectArgumentException = true };
        }
    }

    private static IEnumerable<Scenario> BodyCases()
    {
        yield return BodyError("non-JSON 200", 200, "text/plain", "hello", "not the expected JSON");
        yield return BodyError("HTML error page", 500, "text/html", "<html><body><h1>Internal Server Error</h1></body></html>", "answered 500");
        yield return BodyError("truncated JSON", 200, "application/json", "{\"tenant_id\":\"t\",\"status\":\"CREA", "not the expected JSON");
        yield return BodyError("JSON of the wrong shape", 200, "application/json", "[1,2,3]", "not the expected JSON");
        yield return BodyError("instance without status", 200, "application/json", "{\"tenant_id\":\"t\"}", "not the expected JSON");
        yield return BodyError("empty 200", 200, "application/json", "", "not the expected JSON");
        yield return new Scenario("body", "50 MB body, chunked", "t")
        {
            ExpectServiceError = true,
            Describe = "KiB limit",
            Handler = async context =>
            {
                context.Response.ContentType = "application/json";
                var chunk = Encoding.UTF8.GetBytes(new string(' ', 1024 * 1024));
                try
                {
                    for (var sent = 0; sent < 50; sent++)
                    {
                        await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
                    }
                }
                catch (OperationCanceledException)
                {
                }
            },
        };
        yield return new Scenario("body", "50 MB body, declared", "t")
        {
            ExpectServiceError = true,
            Describe = "KiB limit",
            Handler = context =>
            {
                context.Response.ContentType = "application/json";
                context.Response.ContentLength = 50L * 1024 * 1024;
                return context.Response.Body.FlushAsync();
            },
        };
        yield return new Scenario("body", "wrong content type", "t")
        {
            Handler = context => WriteAsync(context, 200, "text/html", InstanceJson.Instance("t", "CREATION_SUCCEEDED")),
            Check = (instance, _) => instance?.Status == InstanceStatus.CreationSucceeded ? ("JSON read whatever the Content-Type", true) : ("not read", false),
        };
        yield return new Scenario("body", "unknown status value", "t")
        {
            Handler = context => WriteAsync(context, 200, "application/json", InstanceJson.Instance("t", "SOMETHING_NEW")),
            Check = (instance, _) => instance?.Status == InstanceStatus.Unknown ? ("returned with status Unknown", true) : ("not Unknown", false),
        };
    }

    private static IEnumerable<Scenario> FaultCases()
    {
        yield return new Scenario("fault", "connection reset mid-body", "t")
        {
            ExpectServiceError = true,
            Describe = "could not be reached",
            Handler = async context =>
            {
                context.Response.ContentType = "application/json";
                context.Response.ContentLength = 400;
                await context.Response.WriteAsync("{\"tenant_id\":\"t\",");
                await context.Response.Body.FlushAsync();
                context.Abort();
            },
        };
        var resets = 0;
        yield return new Scenario("fault", "connection reset before the answer", "t")
        {
            Handler = context =>
            {
                if (Interlocked.Increment(ref resets) == 1)
                {
                    context.Abort();
                    return Task.CompletedTask;
                }

                return WriteAsync(context, 200, "application/json", InstanceJson.Instance("t", "CREATION_SUCCEEDED"));
            },
            Check = (instance, raw) => instance is not null && raw.Count == 2 ? ("retried once, then read", true) : ($"{raw.Count} requests", false),
        };
        yield return new Scenario("fault", "slow drip past the timeout", "t")
        {
            ExpectServiceError = true,
            Describe = "did not answer in time",
            Configure = options =>
            {
                options.Resilience.Enabled = false;
                options.Resilience.AttemptTimeout = TimeSpan.FromSeconds(5);
            },
            Handler = async context =>
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("{\"tenant_id\":");
                await context.Response.Body.FlushAsync();
                // Never finish the body: hold the response open until the client gives up on it.
                var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                using var registration = context.RequestAborted.Register(() => aborted.TrySetResult());
                await aborted.Task;
            },
        };
        var storm = 0;
        yield return new Scenario("fault", "503 storm, then recovery", "t")
        {
            ExpectServiceError = true,
            Describe = "answered 503",
            Handler = context => Interlocked.Increment(ref storm) <= 6
                ? WriteAsync(context, 503, "application/json", """{"description":"overloaded"}""")
                : WriteAsync(context, 200, "application/json", InstanceJson.Instance("t", "CREATION_SUCCEEDED")),
        };
        var limited = 0;
        yield return new Scenario("fault", "429 with Retry-After", "t")
        {
            Handler = context =>
            {
                if (Interlocked.Increment(ref limited) == 1)
                {
                    context.Response.Headers.RetryAfter = "2";
                    return WriteAsync(context, 429, "application/json", """{"description":"slow down"}""");
                }

                return WriteAsync(context, 200, "application/json", InstanceJson.Instance("t", "CREATION_SUCCEEDED"));
            },
            Check = (instance, raw) => instance is not null && raw.Count == 2 ? ("waited as asked, then read", true) : ($"{raw.Count} requests", false),
        };
    }

    private static Scenario BodyError(string name, int status, string contentType, string body, string describe) =>
        new("body", name, "t")
        {
            ExpectServiceError = true,
            Describe = describe,
            Handler = context => WriteAsync(context, status, contentType, body),
        };

    private static async Task WriteAsync(HttpContext context, int status, string contentType, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(body));
    }

    private static string Table(IEnumerable<Row> rows)
    {
        var text = new StringBuilder("| Category | Case | Outcome | Clear | Client usable afterwards |\n|---|---|---|---|---|\n");
        foreach (var row in rows)
        {
            var outcome = row.Outcome.Length > 110 ? row.Outcome[..110] + "…" : row.Outcome;
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"| {row.Category} | {row.Name} | {outcome.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal)} | {(row.Clear ? "yes" : "NO")} | {(row.UsableAfterwards ? "yes" : "NO")} |\n");
        }

        return text.ToString();
    }

    private sealed record Row(string Category, string Name, string Outcome, bool Clear, bool UsableAfterwards);

    private sealed record Scenario(string Category, string Name, string TenantId)
    {
        public string Key => Category + ": " + Name;

        public Func<HttpContext, Task>? Handler { get; init; }

        public Action<InstanceManagerOptions>? Configure { get; init; }

        public bool ExpectArgumentException { get; init; }

        public bool ExpectServiceError { get; init; }

        public string Describe { get; init; } = "";

        public Func<ManagedInstance?, IReadOnlyList<string>, (string Outcome, bool Clear)> Check { get; init; } =
            (instance, _) => ($"no error: {instance?.Status.ToString() ?? "null"}", false);
    }
}
