using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Data.Sqlite;
using OpsReport.Web.Tests.Support;

namespace OpsReport.Web.Tests;

/// <summary>
/// <c>collect --source datadog</c> and <c>check</c> as a user runs them, with the keys in DD_API_KEY/DD_APP_KEY and the
/// environment's base URL pointing at a small canned Datadog on 127.0.0.1 (the full fake with demo data behind it is
/// in the collectors' tests; this one proves the wiring: configuration, registration, summary, exit codes).
/// </summary>
public sealed partial class DatadogCliTests : IAsyncLifetime
{
    private const string FixedNow = "2026-11-18T03:20:00Z";
    private const string ApiKey = "cli-test-api-key-1234567890";
    private const string AppKey = "cli-test-app-key-0987654321";

    private readonly TempDirectory _dir = new();
    private readonly ConcurrentQueue<string> _requests = new();
    private WebApplication? _fake;
    private Uri _baseUrl = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        _fake = builder.Build();
        _fake.Run(AnswerAsync);
        await _fake.StartAsync();
        _baseUrl = new Uri(_fake.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public async Task DisposeAsync()
    {
        if (_fake is not null)
        {
            await _fake.StopAsync();
            await _fake.DisposeAsync();
        }
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    [Fact]
    public async Task CollectSourceDatadog_AgainstTheBaseUrlOverride_FillsTheStoreAndCountsEveryRequest()
    {
        var data = Path.Combine(_dir.Path, "data");

        var result = await Cli().RunAsync("collect", "--source", "datadog", "--data-dir", data);

        // These keys may not read cost (the fake answers 403 as Datadog does for child organizations): that stream fails,
        // keeping its watermark, and the others are collected.
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("failed: datadog/prod/cost: prod: Datadog GET /api/v2/usage/estimated_cost answered 403", result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("failed: ", StringComparison.Ordinal));
        var summary = SummaryLine().Match(result.Stdout);
        Assert.True(summary.Success, result.ToString());
        Assert.Equal(5, int.Parse(summary.Groups["streams"].Value, CultureInfo.InvariantCulture));
        Assert.Equal(_requests.Count, int.Parse(summary.Groups["calls"].Value, CultureInfo.InvariantCulture));
        Assert.DoesNotContain(ApiKey, result.Output, StringComparison.Ordinal);

        await using var db = new SqliteConnection($"Data Source={Path.Combine(data, "opsreport.db")};Mode=ReadOnly;Pooling=False");
        await db.OpenAsync();
        await using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT s.key FROM series s WHERE EXISTS (SELECT 1 FROM points p WHERE p.series_id = s.id) ORDER BY s.key;";
        var keys = new List<string>();
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
                keys.Add(reader.GetString(0));
        }
        // Series keys escape '}' in values as %7D.
        Assert.Contains("latency.p95@1h{env=prod,path=/api/reports/{id%7D,service=api}", keys);
        Assert.Contains("latency.p95@1d{env=prod,path=/api/reports/{id%7D,service=api}", keys);
        Assert.Contains("latency.p95@1h{env=prod,path=/api/reports/{id%7D,tenant=acme}", keys);
        Assert.Contains("memory.utilization@1h{env=prod,service=api}", keys);
        Assert.Contains("logs.bytes@1h{env=prod,log_group=api,source=datadog}", keys);
        Assert.Contains(keys, k => k.StartsWith("datadog.usage@1h{env=prod,product_family=logs", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Check_DatadogEnvironment_PrintsWhatWorksAndThatCostIsNotAvailable()
    {
        var result = await Cli().RunAsync("check", "--data-dir", Path.Combine(_dir.Path, "data"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"ok    env prod datadog: API key valid for base URL {_baseUrl}", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("ok    env prod datadog: latency: trace.http.request.hits: 1 service value(s) (api)", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("warn  env prod datadog: cost not available for these keys", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKey, result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(AppKey, result.Output, StringComparison.Ordinal);
    }

    private CliProcess Cli() => new CliProcess(_dir.Path)
        .With("OPSREPORT_FIXED_NOW", FixedNow)
        .With("OpsReport__Environments__0__Name", "prod")
        .With("OpsReport__Environments__0__Datadog__BaseUrl", _baseUrl.ToString())
        .With("OpsReport__Environments__0__Datadog__TenantMetric", "opsreport.request.duration")
        .With("OpsReport__Collection__BackfillDays", "2")
        .With("DD_API_KEY", ApiKey)
        .With("DD_APP_KEY", AppKey);

    // A canned Datadog: every metric query answers for service api, resource GET /api/reports/{id} and tenant acme.
    private async Task AnswerAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        _requests.Enqueue(path);
        if (context.Request.Headers["DD-API-KEY"] != ApiKey || (path != "/api/v1/validate" && context.Request.Headers["DD-APPLICATION-KEY"] != AppKey))
        {
            context.Response.StatusCode = 403;
            await context.Response.WriteAsync("""{"errors":["Forbidden"]}""");
            return;
        }
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        object answer;
        switch (path)
        {
            case "/api/v1/validate":
                answer = new { valid = true };
                break;
            case "/api/v1/query":
                var from = long.Parse(context.Request.Query["from"]!, CultureInfo.InvariantCulture) * 1000;
                var to = long.Parse(context.Request.Query["to"]!, CultureInfo.InvariantCulture) * 1000;
                var hours = Hours(from, to);
                answer = new
                {
                    status = "ok",
                    series = new[] { new { metric = "m", scope = "service:api", tag_set = TagsOf(context.Request.Query["query"]!), pointlist = hours.Select(t => new object?[] { (double)t, 1000.0 }).ToArray() } },
                };
                break;
            case "/api/v2/query/timeseries":
            {
                using var doc = JsonDocument.Parse(body);
                var a = doc.RootElement.GetProperty("data").GetProperty("attributes");
                var times = Hours(a.GetProperty("from").GetInt64(), a.GetProperty("to").GetInt64());
                var queries = a.GetProperty("queries").EnumerateArray().Select(q => q.GetProperty("query").GetString()!).ToList();
                answer = new
                {
                    data = new
                    {
                        type = "timeseries_response",
                        attributes = new
                        {
                            series = queries.Select((q, i) => new { group_tags = TagsOf(q), query_index = i, unit = (object?)null }).ToArray(),
                            times,
                            values = queries.Select(q => times.Select(_ => ValueOf(q)).ToArray()).ToArray(),
                        },
                    },
                };
                break;
            }
            case "/api/v2/query/scalar":
            {
                using var doc = JsonDocument.Parse(body);
                var queries = doc.RootElement.GetProperty("data").GetProperty("attributes").GetProperty("queries").EnumerateArray()
                    .Select(q => (Name: q.GetProperty("name").GetString()!, Query: q.GetProperty("query").GetString()!)).ToList();
                var tags = TagsOf(queries[0].Query);
                var columns = tags.Select(t => (object)new { name = t[..t.IndexOf(':')], type = "group", values = new[] { new[] { t[(t.IndexOf(':') + 1)..] } } })
                    .Concat(queries.Select(q => (object)new { name = q.Name, type = "number", values = new[] { ValueOf(q.Query) } }));
                answer = new { data = new { type = "scalar_response", attributes = new { columns } } };
                break;
            }
            case "/api/v2/logs/analytics/aggregate":
                answer = new
                {
                    meta = new { status = "done" },
                    data = new { buckets = new[] { new { by = new { status = "info" }, computes = new { c0 = 120 } } } },
                };
                break;
            case "/api/v2/usage/hourly_usage":
                var start = DateTimeOffset.ParseExact(context.Request.Query["filter[timestamp][start]"]!, "yyyy-MM-dd'T'HH", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
                answer = new
                {
                    data = new[] { new { attributes = new { timestamp = start.ToString("O", CultureInfo.InvariantCulture), product_family = "logs", measurements = new[] { new { usage_type = "ingested_events_bytes", value = 1e9 } } } } },
                    meta = new { pagination = new { next_record_id = (string?)null } },
                };
                break;
            case "/api/v2/usage/estimated_cost":
                context.Response.StatusCode = 403;
                answer = new { errors = new[] { "Forbidden: parent organization keys with billing_read needed" } };
                break;
            default:
                context.Response.StatusCode = 404;
                answer = new { errors = new[] { "Not found" } };
                break;
        }
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(answer));
    }

    private static long[] Hours(long fromMs, long toMs)
    {
        var first = (fromMs + 3_599_999) / 3_600_000 * 3_600_000;
        return Enumerable.Range(0, (int)Math.Max(0, (toMs - first + 3_599_999) / 3_600_000)).Select(i => first + (i * 3_600_000L)).Where(t => t < toMs).ToArray();
    }

    private static string[] TagsOf(string query)
    {
        var by = ByClause().Match(query);
        return by.Success
            ? by.Groups[1].Value.Split(',').Select(t => t.Trim() switch
            {
                "resource_name" => "resource_name:get_/api/reports/_id_",
                "tenant" => "tenant:acme",
                var other => other + ":api",
            }).ToArray()
            : [];
    }

    // Seconds for trace percentiles, nanoseconds for the tenant distribution, counts, memory bytes against a 2 GB limit.
    private static double ValueOf(string query) => query switch
    {
        _ when query.StartsWith("p", StringComparison.Ordinal) && query.Contains("trace.", StringComparison.Ordinal) => 0.120,
        _ when query.StartsWith("p", StringComparison.Ordinal) => 120e6,
        _ when query.Contains("memory.limit", StringComparison.Ordinal) => 2e9,
        _ when query.Contains("memory.usage", StringComparison.Ordinal) => 1e9,
        _ => 42,
    };

    [GeneratedRegex(@"by \{([^}]*)\}")]
    private static partial Regex ByClause();

    [GeneratedRegex(@"collect: (?<streams>\d+) streams, .*?, (?<calls>\d+) API calls")]
    private static partial Regex SummaryLine();
}
