using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpsReport.Core.Domain;

namespace OpsReport.Collectors.Tests.Datadog.Support;

/// <summary>
/// An in-process Datadog API on 127.0.0.1 (Kestrel, port 0) following DATADOG.md: validate, v1 query, v2 timeseries (hourly,
/// or by local day and week for queries with a calendar-aligned rollup) and scalar, logs aggregate, hourly usage and estimated cost, answered from <see cref="DemoDatadogData"/>. It checks the
/// key headers, sends X-RateLimit-* headers and enforces per-endpoint limits (429 with a reset), and takes injected
/// faults (429 with HTML, status "error" in a 200, a timed-out logs aggregate, 403 for cost). Every request is recorded
/// with the virtual time it arrived at.
/// </summary>
internal sealed partial class FakeDatadogServer : IAsyncDisposable
{
    public const string ApiKey = "fake-api-key-0123456789abcdef";
    public const string AppKey = "fake-app-key-fedcba9876543210";

    private readonly WebApplication _app;
    private readonly DemoDatadogData _data;
    private readonly TimeProvider _clock;
    private readonly ConcurrentQueue<FakeDatadogRequest> _requests = new();
    private readonly ConcurrentQueue<Fault> _faults = new();
    private readonly ConcurrentDictionary<string, (int Limit, TimeSpan Period)> _limits = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _windows = new(StringComparer.Ordinal);
    private int _aggregateTimeouts;
    private int _tooManyRequests;
    private long _handlerTicks;
    private readonly ConcurrentDictionary<string, long> _ticksByPath = new(StringComparer.Ordinal);

    private FakeDatadogServer(WebApplication app, DemoDatadogData data, TimeProvider clock)
    {
        _app = app;
        _data = data;
        _clock = clock;
        app.Run(HandleAsync);
    }

    public Uri BaseUrl { get; private set; } = null!;

    public IReadOnlyList<FakeDatadogRequest> Requests => [.. _requests];

    /// <summary>Exceptions the fake itself threw (answered as 500); a test asserts there are none.</summary>
    public ConcurrentQueue<string> Errors { get; } = new();

    /// <summary>Real time spent answering, to keep the fake from dominating test time.</summary>
    public TimeSpan HandlerTime => TimeSpan.FromTicks(Interlocked.Read(ref _handlerTicks));

    public IReadOnlyDictionary<string, TimeSpan> HandlerTimeByPath => _ticksByPath.ToDictionary(kv => kv.Key, kv => TimeSpan.FromTicks(kv.Value));

    /// <summary>Demo environments whose data counts toward usage and cost (one organization).</summary>
    public IReadOnlyList<string> OrganizationEnvironments { get; set; } = ["prod", "staging"];

    /// <summary>How estimated cost answers: 200 with data, or 403/400 as for keys of a child organization.</summary>
    public HttpStatusCode CostStatus { get; set; } = HttpStatusCode.OK;

    /// <summary>
    /// The next this many logs aggregates answer <c>status:"timeout"</c> with only half of their buckets (partial data).
    /// </summary>
    public int AggregateTimeouts
    {
        get => Math.Max(0, Volatile.Read(ref _aggregateTimeouts));
        set => Volatile.Write(ref _aggregateTimeouts, value);
    }

    /// <summary>
    /// Answers any query with a calendar-aligned rollup with 400 and Datadog's error body (<c>{"errors":["…"]}</c>), as
    /// an organization that does not accept the form would.
    /// </summary>
    public bool RejectCalendarRollups { get; set; }

    /// <summary>Records per hourly-usage page, so pagination is exercised.</summary>
    public int UsagePageSize { get; set; } = 500;

    public int Count(string path) => _requests.Count(r => r.Path == path);

    /// <summary>429 answers sent (limits enforced and injected ones alike).</summary>
    public int TooManyRequests => Volatile.Read(ref _tooManyRequests);

    /// <summary>Called as each request arrives, e.g. to move a virtual clock by a request's round trip.</summary>
    public Action? OnRequest { get; set; }

    /// <summary>
    /// Enforces the per-organization limits DATADOG.md gives for the read endpoints OpsReport uses (metric queries about
    /// 1,600 an hour, log queries 300 an hour), in calendar-aligned periods, with the X-RateLimit-* headers on every answer.
    /// </summary>
    public void DocumentedLimits()
    {
        foreach (var path in new[] { "/api/v1/query", "/api/v2/query/timeseries", "/api/v2/query/scalar" })
            Limit(path, 1600, TimeSpan.FromHours(1));
        Limit("/api/v2/logs/analytics/aggregate", 300, TimeSpan.FromHours(1));
    }

    public static async Task<FakeDatadogServer> StartAsync(DemoDatadogData data, TimeProvider clock)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var server = new FakeDatadogServer(builder.Build(), data, clock);
        await server._app.StartAsync();
        var address = server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address.EndsWith('/') ? address : address + "/");
        return server;
    }

    /// <summary>Limits requests to a path to <paramref name="limit"/> per <paramref name="period"/> (virtual time), as Datadog does per endpoint.</summary>
    public void Limit(string path, int limit, TimeSpan period) => _limits[path] = (limit, period);

    /// <summary>
    /// The next request to <paramref name="path"/> (whose body contains <paramref name="bodyContains"/>, when given) gets
    /// this answer instead of the real one (once, or <paramref name="times"/> times).
    /// </summary>
    public void Inject(string path, FakeDatadogAnswer answer, int times = 1, string? bodyContains = null)
    {
        for (var i = 0; i < times; i++)
            _faults.Enqueue(new Fault(path, answer, bodyContains));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        OnRequest?.Invoke();
        var now = _clock.GetUtcNow();
        var request = new FakeDatadogRequest(now, context.Request.Method, path, context.Request.QueryString.Value ?? "", body,
            context.Request.Headers["DD-API-KEY"].ToString(), context.Request.Headers["DD-APPLICATION-KEY"].ToString());
        _requests.Enqueue(request);

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        FakeDatadogAnswer answer;
        try
        {
            answer = TakeFault(path, body) ?? RateLimit(path, now, context.Response) ?? Authorize(request) ?? await AnswerAsync(request, context.Request.Query);
        }
        catch (Exception e)
        {
            // A bug in the fake must show in the test output, not as a silent retry storm.
            Errors.Enqueue($"{request.Method} {path}: {e}");
            answer = new FakeDatadogAnswer(500, "fake failed: " + e.Message, "text/plain");
        }
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started).Ticks;
        Interlocked.Add(ref _handlerTicks, elapsed);
        _ticksByPath.AddOrUpdate(path, elapsed, (_, t) => t + elapsed);
        if (answer.Status == 429)
            Interlocked.Increment(ref _tooManyRequests);
        context.Response.StatusCode = answer.Status;
        foreach (var (name, value) in answer.Headers)
            context.Response.Headers[name] = value;
        context.Response.ContentType = answer.ContentType;
        await context.Response.WriteAsync(answer.Body);
    }

    private FakeDatadogAnswer? TakeFault(string path, string body)
    {
        // Faults are few and taken in order; one for another path goes back to the end of the queue.
        for (var i = _faults.Count; i > 0 && _faults.TryDequeue(out var fault); i--)
        {
            if (fault.Path == path && (fault.BodyContains is null || body.Contains(fault.BodyContains, StringComparison.Ordinal)))
                return fault.Answer;
            _faults.Enqueue(fault);
        }
        return null;
    }

    private FakeDatadogAnswer? RateLimit(string path, DateTimeOffset now, HttpResponse response)
    {
        if (!_limits.TryGetValue(path, out var limit))
            return null;
        var window = _windows.GetOrAdd(path, _ => new Queue<DateTimeOffset>());
        lock (window)
        {
            // Fixed periods aligned to the epoch, as Datadog's reset counts down to the period's end.
            var periodStart = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % limit.Period.Ticks), TimeSpan.Zero);
            while (window.Count > 0 && window.Peek() < periodStart)
                window.Dequeue();
            var reset = (int)Math.Ceiling((periodStart + limit.Period - now).TotalSeconds);
            var headers = new Dictionary<string, string>
            {
                ["X-RateLimit-Limit"] = limit.Limit.ToString(CultureInfo.InvariantCulture),
                ["X-RateLimit-Period"] = ((int)limit.Period.TotalSeconds).ToString(CultureInfo.InvariantCulture),
                ["X-RateLimit-Reset"] = reset.ToString(CultureInfo.InvariantCulture),
                ["X-RateLimit-Name"] = "fake" + path.Replace('/', '_'),
            };
            if (window.Count >= limit.Limit)
            {
                headers["X-RateLimit-Remaining"] = "0";
                return new FakeDatadogAnswer(429, """{"errors":["Rate limit exceeded"]}""") { Headers = headers };
            }
            window.Enqueue(now);
            headers["X-RateLimit-Remaining"] = (limit.Limit - window.Count).ToString(CultureInfo.InvariantCulture);
            foreach (var (name, value) in headers)
                response.Headers[name] = value;
            return null;
        }
    }

    private static FakeDatadogAnswer? Authorize(FakeDatadogRequest request)
    {
        if (request.ApiKey.Length == 0)
            return new FakeDatadogAnswer(403, """{"errors":["API key required"]}""");
        if (request.ApiKey != ApiKey)
            return new FakeDatadogAnswer(403, """{"errors":["Forbidden"]}""");
        if (request.Path != "/api/v1/validate" && request.AppKey != AppKey)
            return new FakeDatadogAnswer(403, """{"errors":["Forbidden"]}""");
        return null;
    }

    private async Task<FakeDatadogAnswer> AnswerAsync(FakeDatadogRequest request, IQueryCollection query)
    {
        try
        {
            return (request.Method, request.Path) switch
            {
                ("GET", "/api/v1/validate") => FakeDatadogAnswer.Json("""{"valid":true}"""),
                ("GET", "/api/v1/query") => await QueryV1Async(query),
                ("POST", "/api/v2/query/timeseries") => await TimeseriesAsync(request.Body),
                ("POST", "/api/v2/query/scalar") => await ScalarAsync(request.Body),
                ("POST", "/api/v2/logs/analytics/aggregate") => await LogsAggregateAsync(request.Body, Interlocked.Decrement(ref _aggregateTimeouts) >= 0),
                ("GET", "/api/v2/usage/hourly_usage") => await HourlyUsageAsync(query),
                ("GET", "/api/v2/usage/estimated_cost") => await EstimatedCostAsync(query),
                ("GET", "/api/v2/events") => ListEvents(query),
                _ => new FakeDatadogAnswer(404, """{"errors":["Not found"]}"""),
            };
        }
        catch (FakeBadRequest e)
        {
            return new FakeDatadogAnswer(400, JsonSerializer.Serialize(new { errors = new[] { e.Message } }));
        }
    }

    private async Task<FakeDatadogAnswer> QueryV1Async(IQueryCollection query)
    {
        var from = DateTimeOffset.FromUnixTimeSeconds(long.Parse(query["from"]!, CultureInfo.InvariantCulture));
        var to = DateTimeOffset.FromUnixTimeSeconds(long.Parse(query["to"]!, CultureInfo.InvariantCulture));
        var text = query["query"].ToString();
        var q = FakeMetricQuery.Parse(text) ?? throw new FakeBadRequest($"Error parsing query: {text}");
        var series = await _data.SeriesAsync(q, Resolution.Hour, new TimeWindow(from, to));
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("status", "ok");
            w.WriteString("res_type", "time_series");
            w.WriteString("query", text);
            w.WriteNumber("from_date", from.ToUnixTimeMilliseconds());
            w.WriteNumber("to_date", to.ToUnixTimeMilliseconds());
            w.WriteStartArray("series");
            foreach (var s in series)
            {
                var tagSet = s.Tags.Select(t => $"{t.Key}:{t.Value}").ToList();
                var hours = HoursWithGaps(s.Points, from, to);
                w.WriteStartObject();
                w.WriteString("metric", q.Metric);
                w.WriteString("display_name", q.Metric);
                w.WriteString("expression", text);
                w.WriteString("scope", string.Join(",", tagSet.Prepend("env:" + q.Env)));
                w.WriteStartArray("tag_set");
                foreach (var t in tagSet)
                    w.WriteStringValue(t);
                w.WriteEndArray();
                w.WriteNull("aggr");
                w.WriteNumber("interval", 3600);
                w.WriteNumber("length", hours.Count);
                w.WriteStartArray("pointlist");
                foreach (var (t, v) in hours)
                {
                    w.WriteStartArray();
                    // Timestamps may come as floats (DATADOG.md); values may be null.
                    w.WriteRawValue(t.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) + ".0");
                    if (v is { } value)
                        w.WriteNumberValue(value);
                    else
                        w.WriteNullValue();
                    w.WriteEndArray();
                }
                w.WriteEndArray();
                w.WriteStartArray("unit");
                w.WriteNullValue();
                w.WriteNullValue();
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteString("message", "");
            w.WriteEndObject();
        }
        return FakeDatadogAnswer.Json(Encoding.UTF8.GetString(stream.ToArray()));
    }

    private async Task<FakeDatadogAnswer> TimeseriesAsync(string body)
    {
        using var doc = JsonDocument.Parse(body);
        var data = doc.RootElement.GetProperty("data");
        if (data.GetProperty("type").GetString() != "timeseries_request")
            throw new FakeBadRequest("data.type must be timeseries_request");
        var a = data.GetProperty("attributes");
        var window = new TimeWindow(DateTimeOffset.FromUnixTimeMilliseconds(a.GetProperty("from").GetInt64()), DateTimeOffset.FromUnixTimeMilliseconds(a.GetProperty("to").GetInt64()));
        var queries = a.GetProperty("queries").EnumerateArray().Select(q => (Name: q.GetProperty("name").GetString()!, Text: q.GetProperty("query").GetString()!)).ToList();
        var formulas = a.GetProperty("formulas").EnumerateArray().Select(f => f.GetProperty("formula").GetString()!).ToList();
        var parsed = queries.ToDictionary(q => q.Name, q => FakeMetricQuery.Parse(q.Text) ?? throw new FakeBadRequest($"Error parsing query: {q.Text}"), StringComparer.Ordinal);
        // A query with a calendar-aligned rollup sets its own buckets (local days or weeks); the others follow the
        // request's interval, which the fake serves hourly only.
        var calendar = parsed.ToDictionary(kv => kv.Key, kv => CalendarRollupOf(kv.Value), StringComparer.Ordinal);
        if (calendar.Values.Any(c => c is null) && (!a.TryGetProperty("interval", out var interval) || interval.GetInt64() != 3_600_000))
            throw new FakeBadRequest("the fake serves hourly intervals only (interval 3600000) for queries without a calendar rollup");

        var results = new List<(int Index, FakeSeries Series, string? Unit)>();
        for (var f = 0; f < formulas.Count; f++)
        {
            if (!parsed.TryGetValue(formulas[f], out var q))
                throw new FakeBadRequest($"formula {formulas[f]} names no query");
            foreach (var s in await _data.SeriesAsync(q, calendar[formulas[f]] ?? Resolution.Hour, window))
                results.Add((f, s, UnitOf(q)));
        }
        var times = results.SelectMany(r => r.Series.Points.Select(p => p.Timestamp)).Distinct().Order().ToList();
        var series = results.Select(r => new
        {
            group_tags = r.Series.Tags.Select(t => $"{t.Key}:{t.Value}").ToArray(),
            query_index = r.Index,
            unit = r.Unit is null ? null : new object?[] { new { family = "time", name = r.Unit, plural = r.Unit + "s", scale_factor = 1.0, short_name = r.Unit[..1] }, null },
        }).ToList();
        var values = results.Select(r =>
        {
            var byTime = r.Series.Points.ToDictionary(p => p.Timestamp, p => p.Value);
            // Hours without a value are null, aligned with times.
            return times.Select(t => byTime.TryGetValue(t, out var v) ? (double?)v : null).ToArray();
        }).ToList();
        var response = new
        {
            data = new
            {
                type = "timeseries_response",
                attributes = new { series, times = times.Select(t => t.ToUnixTimeMilliseconds()).ToArray(), values },
            },
        };
        return new FakeDatadogAnswer(200, JsonSerializer.Serialize(response), "application/vnd.api+json");
    }

    private async Task<FakeDatadogAnswer> ScalarAsync(string body)
    {
        using var doc = JsonDocument.Parse(body);
        var data = doc.RootElement.GetProperty("data");
        if (data.GetProperty("type").GetString() != "scalar_request")
            throw new FakeBadRequest("data.type must be scalar_request");
        var a = data.GetProperty("attributes");
        var window = new TimeWindow(DateTimeOffset.FromUnixTimeMilliseconds(a.GetProperty("from").GetInt64()), DateTimeOffset.FromUnixTimeMilliseconds(a.GetProperty("to").GetInt64()));
        // Datadog computes a percentile over any period; the fake knows exact ones only for the demo's local days and ISO
        // weeks, complete or so far (the demo's rollup of the period in progress).
        var day = _data.Calendar.DayOf(window.Start);
        var week = _data.Calendar.WeekOf(window.Start);
        var resolution = window.Start == day.Start && window.End <= day.End ? Resolution.Day
            : window.Start == week.Start && window.End <= week.End ? Resolution.Week
            : throw new FakeBadRequest($"the fake answers scalar queries for one local day or ISO week (or its start so far) only, not {window}");
        var queries = a.GetProperty("queries").EnumerateArray().Select(q => (Name: q.GetProperty("name").GetString()!, Text: q.GetProperty("query").GetString()!, Aggregator: q.GetProperty("aggregator").GetString()!)).ToList();

        var rows = new Dictionary<string, (IReadOnlyDictionary<string, string> Tags, Dictionary<string, double> Values)>(StringComparer.Ordinal);
        var by = new List<string>();
        foreach (var (name, text, aggregator) in queries)
        {
            var q = FakeMetricQuery.Parse(text) ?? throw new FakeBadRequest($"Error parsing query: {text}");
            var percentile = q.Aggregator is "p50" or "p95" or "p99";
            if (percentile != (aggregator == "percentile"))
                throw new FakeBadRequest($"query {name}: a {q.Aggregator} query over a period needs the {(percentile ? "percentile" : "sum")} aggregator, not {aggregator}");
            by = [.. q.By];
            foreach (var s in await _data.SeriesAsync(q, resolution, new TimeWindow(window.Start, window.Start + TimeSpan.FromSeconds(1))))
            {
                if (s.Points.Count == 0)
                    continue;
                var key = string.Join("|", s.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => t.Value));
                if (!rows.TryGetValue(key, out var row))
                    rows[key] = row = (s.Tags, new Dictionary<string, double>(StringComparer.Ordinal));
                row.Values[name] = s.Points[0].Value;
            }
        }
        var ordered = rows.Values.ToList();
        var columns = new List<object>();
        foreach (var tag in by)
            columns.Add(new { name = tag, type = "group", values = ordered.Select(r => new[] { r.Tags.GetValueOrDefault(tag, "N/A") }).ToArray() });
        foreach (var (name, text, _) in queries)
        {
            var unit = UnitOf(FakeMetricQuery.Parse(text)!);
            columns.Add(new
            {
                name,
                type = "number",
                values = ordered.Select(r => r.Values.TryGetValue(name, out var v) ? (double?)v : null).ToArray(),
                meta = new { unit = unit is null ? null : new object?[] { new { family = "time", name = unit }, null } },
            });
        }
        return new FakeDatadogAnswer(200, JsonSerializer.Serialize(new { data = new { type = "scalar_response", attributes = new { columns } } }), "application/vnd.api+json");
    }

    private async Task<FakeDatadogAnswer> LogsAggregateAsync(string body, bool timeout)
    {
        using var doc = JsonDocument.Parse(body);
        var root = doc.RootElement;
        var filter = root.GetProperty("filter");
        var from = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(filter.GetProperty("from").GetString()!, CultureInfo.InvariantCulture));
        var to = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(filter.GetProperty("to").GetString()!, CultureInfo.InvariantCulture));
        var text = filter.GetProperty("query").GetString()!;
        var env = System.Text.RegularExpressions.Regex.Match(text, @"\benv:(\S+)").Groups[1].Value;
        var service = System.Text.RegularExpressions.Regex.Match(text, @"\bservice:(\S+)").Groups[1].Value;
        var compute = root.GetProperty("compute")[0];
        var timeseries = compute.GetProperty("type").GetString() == "timeseries";
        if (timeseries && compute.GetProperty("interval").GetString() != "1h")
            throw new FakeBadRequest("the fake serves 1h intervals only");
        var facets = root.GetProperty("group_by").EnumerateArray().Select(g => g.GetProperty("facet").GetString()!).ToList();
        if (facets.Any(f => f is not ("status" or "service")))
            throw new FakeBadRequest("the fake groups by service and status only");

        // Without a service in the filter, grouped by service: every service of the environment.
        var statuses = service.Length > 0
            ? (await _data.LogStatusesAsync(env, service, new TimeWindow(from, to))).Select(s => (Service: service, s.Status, s.Hourly)).ToList()
            : facets.Contains("service") ? [.. await _data.LogStatusesByServiceAsync(env, new TimeWindow(from, to))] : [];
        var buckets = statuses.Select(s =>
        {
            var by = new Dictionary<string, object>();
            if (facets.Contains("service"))
                by["service"] = s.Service;
            if (facets.Contains("status"))
                by["status"] = s.Status;
            object c0 = timeseries
                ? s.Hourly.Select(p => new { time = p.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture), value = p.Value }).ToArray()
                : s.Hourly.Sum(p => p.Value);
            return new { by, computes = new Dictionary<string, object> { ["c0"] = c0 } };
        }).ToList();
        if (timeout)
            buckets = buckets.Take(Math.Max(1, buckets.Count / 2)).ToList();
        var response = new
        {
            meta = new { status = timeout ? "timeout" : "done", elapsed = 120, request_id = "fake", page = new { } },
            data = new { buckets },
        };
        return FakeDatadogAnswer.Json(JsonSerializer.Serialize(response));
    }

    private async Task<FakeDatadogAnswer> HourlyUsageAsync(IQueryCollection query)
    {
        var start = DateTimeOffset.ParseExact(query["filter[timestamp][start]"]!, "yyyy-MM-dd'T'HH", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        var end = DateTimeOffset.ParseExact(query["filter[timestamp][end]"]!, "yyyy-MM-dd'T'HH", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        var families = query["filter[product_families]"].ToString().Split(',');
        var records = new List<object>();
        for (var hour = start; hour < end; hour += TimeSpan.FromHours(1))
        {
            foreach (var group in (await _data.UsageAsync(OrganizationEnvironments, hour)).Where(u => families.Contains(u.Family)).GroupBy(u => u.Family))
            {
                records.Add(new
                {
                    type = "usage_timeseries",
                    id = Guid.NewGuid().ToString("N"),
                    attributes = new
                    {
                        org_name = "Fake Org",
                        public_id = "abc123",
                        region = "us",
                        product_family = group.Key,
                        timestamp = hour.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture),
                        measurements = group.Select(u => new { usage_type = u.UsageType, value = (double?)u.Value }).ToArray(),
                    },
                });
            }
        }
        var offset = int.TryParse(query["page[next_record_id]"], CultureInfo.InvariantCulture, out var o) ? o : 0;
        var page = records.Skip(offset).Take(UsagePageSize).ToList();
        var next = offset + UsagePageSize < records.Count ? (offset + UsagePageSize).ToString(CultureInfo.InvariantCulture) : null;
        return FakeDatadogAnswer.Json(JsonSerializer.Serialize(new { data = page, meta = new { pagination = new { next_record_id = next } } }));
    }

    private async Task<FakeDatadogAnswer> EstimatedCostAsync(IQueryCollection query)
    {
        if (CostStatus != HttpStatusCode.OK)
            return new FakeDatadogAnswer((int)CostStatus, """{"errors":["This endpoint is only available for parent organizations with billing_read"]}""");
        var start = DateOnly.ParseExact(query["start_date"]!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var end = DateOnly.ParseExact(query["end_date"]!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var today = DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime);
        if (start < new DateOnly(today.Year, today.Month, 1).AddMonths(-1))
            return new FakeDatadogAnswer(400, """{"errors":["start_date cannot go beyond two months in the past"]}""");
        var data = new List<object>();
        var cumulative = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var day = start; day <= end; day = day.AddDays(1))
        {
            if (day.Day == 1)
                cumulative.Clear();
            foreach (var (product, usd) in await _data.DailyCostAsync(OrganizationEnvironments, day))
                cumulative[product] = cumulative.GetValueOrDefault(product) + usd;
            // Month to date, like Datadog's day-over-day view; committed + on-demand make up the total.
            var charges = cumulative.SelectMany(kv => new object[]
            {
                new { product_name = kv.Key, charge_type = "committed", cost = Math.Round(kv.Value * 0.6, 4), last_aggregation_function = "sum" },
                new { product_name = kv.Key, charge_type = "on_demand", cost = Math.Round(kv.Value * 0.4, 4), last_aggregation_function = "sum" },
                new { product_name = kv.Key, charge_type = "total", cost = Math.Round(kv.Value, 4), last_aggregation_function = "sum" },
            }).ToArray();
            data.Add(new
            {
                type = "cost_by_org",
                id = "fake-" + day.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
                attributes = new
                {
                    org_name = "Fake Org",
                    public_id = "abc123",
                    region = "us",
                    date = day.ToDateTime(TimeOnly.MinValue).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                    total_cost = Math.Round(cumulative.Values.Sum(), 4),
                    charges,
                },
            });
        }
        return FakeDatadogAnswer.Json(JsonSerializer.Serialize(new { data }));
    }

    // Every hour of the window, null where the data has none: the gaps DATADOG.md warns about.
    private static List<(DateTimeOffset, double?)> HoursWithGaps(IReadOnlyList<Point> points, DateTimeOffset from, DateTimeOffset to)
    {
        if (points.Count == 0)
            return [];
        var byTime = points.ToDictionary(p => p.Timestamp, p => p.Value);
        var result = new List<(DateTimeOffset, double?)>();
        for (var t = TimeWindow.FloorToHour(from); t < to; t += TimeSpan.FromHours(1))
            result.Add((t, byTime.TryGetValue(t, out var v) ? v : null));
        return result;
    }

    /// <summary>
    /// The period of a calendar-aligned rollup, <c>.rollup(&lt;aggregator&gt;, daily, 12am, '&lt;zone&gt;')</c> or
    /// <c>.rollup(&lt;aggregator&gt;, weekly, monday, '&lt;zone&gt;')</c>, at the end of a query; null without one. Datadog buckets
    /// such a query by local day or week of the zone and takes a distribution's percentile over each bucket's merged
    /// sketches; the fake knows exact percentiles for the demo's own zone, days from midnight and weeks from Monday only,
    /// and a count rolled up other than by <c>sum</c> would not be the period's count.
    /// </summary>
    private Resolution? CalendarRollupOf(FakeMetricQuery q)
    {
        var m = CalendarRollup.Match(q.Functions);
        if (!m.Success)
        {
            if (q.Functions.Contains(".rollup(", StringComparison.Ordinal) && (q.Functions.Contains("daily", StringComparison.Ordinal) || q.Functions.Contains("weekly", StringComparison.Ordinal)))
                throw new FakeBadRequest($"Error parsing query: calendar rollup not understood in {q.Functions}");
            return null;
        }
        if (RejectCalendarRollups)
            throw new FakeBadRequest($"Error parsing query: unexpected arguments to rollup in '{m.Value.TrimStart('.')}'");
        var zone = m.Groups["zone"].Value;
        if (zone != _data.Calendar.ZoneId)
            throw new FakeBadRequest($"the fake knows local days and weeks of {_data.Calendar.ZoneId} only, not '{zone}'");
        var daily = m.Groups["unit"].Value == "daily";
        var alignment = m.Groups["align"].Value;
        if (alignment != (daily ? "12am" : "monday"))
            throw new FakeBadRequest($"the fake knows days from 12am and weeks from monday only, not {m.Groups["unit"].Value} from {alignment}");
        var percentile = q.Aggregator is "p50" or "p95" or "p99";
        if (!percentile && m.Groups["agg"].Value != "sum")
            throw new FakeBadRequest($"a {q.Aggregator} query rolled up by {m.Groups["agg"].Value} is not the period's count; roll it up by sum");
        return daily ? Resolution.Day : Resolution.Week;
    }

    private static readonly System.Text.RegularExpressions.Regex CalendarRollup =
        new(@"\.rollup\(\s*(?<agg>[a-z]+)\s*,\s*(?<unit>daily|weekly)\s*,\s*(?<align>[a-z0-9:]+)\s*,\s*'(?<zone>[^']+)'\s*\)\s*$");

    private static string? UnitOf(FakeMetricQuery q) =>
        q.Metric == "trace." + DemoDatadogData.Span && q.Aggregator.StartsWith('p') ? "second" : null;

    private sealed record Fault(string Path, FakeDatadogAnswer Answer, string? BodyContains);

    private sealed class FakeBadRequest(string message) : Exception(message);
}

/// <summary>A request the fake received, with the virtual time it arrived at.</summary>
internal sealed record FakeDatadogRequest(DateTimeOffset At, string Method, string Path, string Query, string Body, string ApiKey, string AppKey)
{
    /// <summary>The metric query strings of a v2 timeseries or scalar request, as sent (JSON-unescaped).</summary>
    public static IReadOnlyList<string> MetricQueries(FakeDatadogRequest request)
    {
        using var doc = JsonDocument.Parse(request.Body);
        return [.. doc.RootElement.GetProperty("data").GetProperty("attributes").GetProperty("queries").EnumerateArray().Select(q => q.GetProperty("query").GetString()!)];
    }
}

/// <summary>What the fake answers.</summary>
internal sealed record FakeDatadogAnswer(int Status, string Body, string ContentType = "application/json")
{
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public static FakeDatadogAnswer Json(string body) => new(200, body);

    /// <summary>A 429 as a proxy or Datadog's edge may send it: an HTML page, optionally with a reset header.</summary>
    public static FakeDatadogAnswer HtmlTooManyRequests(int? resetSeconds = null) => new(429,
        "<html><head><title>429 Too Many Requests</title></head><body><h1>Too Many Requests</h1></body></html>", "text/html")
    {
        Headers = resetSeconds is { } r ? new Dictionary<string, string> { ["X-RateLimit-Reset"] = r.ToString(CultureInfo.InvariantCulture) } : new Dictionary<string, string>(),
    };

    /// <summary>A JSON 429 naming when the limit resets.</summary>
    public static FakeDatadogAnswer TooManyRequests(int resetSeconds) => new(429, """{"errors":["Rate limit exceeded"]}""")
    {
        Headers = new Dictionary<string, string>
        {
            ["X-RateLimit-Limit"] = "100",
            ["X-RateLimit-Period"] = "60",
            ["X-RateLimit-Remaining"] = "0",
            ["X-RateLimit-Reset"] = resetSeconds.ToString(CultureInfo.InvariantCulture),
            ["X-RateLimit-Name"] = "fake_limit",
        },
    };
}
