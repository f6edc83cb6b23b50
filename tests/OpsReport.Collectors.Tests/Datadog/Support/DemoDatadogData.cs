using OpsReport.Core.Domain;
using OpsReport.Core.Storage;
using OpsReport.Core.Time;

namespace OpsReport.Collectors.Tests.Datadog.Support;

/// <summary>
/// What the fake Datadog knows, read from a store filled by the demo source (so it has real seasonality and the planted
/// incidents: DEBUG logging in staging's billing-sync, the slow tenant and the memory leak in prod), translated into
/// Datadog's terms: trace metrics in seconds per service and resource tag, a tenant distribution in nanoseconds,
/// container memory against a limit, log usage metrics and log statuses per service, hourly usage and daily cost.
/// </summary>
internal sealed class DemoDatadogData(IMetricStore demo, ZoneCalendar calendar)
{
    private readonly Dictionary<string, Task<IReadOnlyDictionary<DateTimeOffset, (double, double, double)>>> _totals = new(StringComparer.Ordinal);

    public const string Span = "http.request";
    public const string TenantMetric = "opsreport.request.duration";
    public const string TenantErrorMetric = "opsreport.request.errors";
    public const double MemoryLimitBytes = 2L * 1024 * 1024 * 1024;
    public const int InfraHosts = 12;

    /// <summary>How a route is named in the resource tag; <see cref="ResourceTag"/> unless a test gives another form.</summary>
    public Func<string, string> Resource { get; init; } = ResourceTag;

    public IMetricStore Store => demo;

    public ZoneCalendar Calendar => calendar;

    /// <summary>Datadog's tag form of a route template: lower case, method prefix, braces turned into '_'.</summary>
    public static string ResourceTag(string path) => "get_" + path.ToLowerInvariant().Replace('{', '_').Replace('}', '_');

    /// <summary>APM's quantized resource name: the method, then the route with each id obfuscated to <c>?</c> (<c>GET /api/v2/invoices/?/pdf</c>).</summary>
    public static string QuantizedResource(string path) => "GET " + System.Text.RegularExpressions.Regex.Replace(path, @"\{[^{}/]+\}", "?");

    /// <summary>The Datadog service standing for a demo log group: its last path segment (<c>/ecs/api</c> → <c>api</c>).</summary>
    public static string ServiceOf(string logGroup) => logGroup[(logGroup.LastIndexOf('/') + 1)..];

    /// <summary>Series for one metric query at a resolution: tags per series and points in the query's own unit.</summary>
    public async Task<IReadOnlyList<FakeSeries>> SeriesAsync(FakeMetricQuery q, Resolution resolution, TimeWindow window, CancellationToken ct = default)
    {
        var env = q.Env;
        if (env is null)
            return [];
        switch (q.Metric)
        {
            case "trace." + Span when q.Aggregator is "p50" or "p95" or "p99":
                return await LatencyAsync(Metrics.Percentile(int.Parse(q.Aggregator[1..], System.Globalization.CultureInfo.InvariantCulture)), env, q, resolution, window, tenant: false, 1e-3, ct);
            case "trace." + Span + ".hits":
                return await LatencyAsync(Metrics.Requests, env, q, resolution, window, tenant: false, 1, ct);
            case "trace." + Span + ".errors":
                return await LatencyAsync(Metrics.Errors, env, q, resolution, window, tenant: false, 1, ct);
            case TenantMetric when q.Aggregator is "p50" or "p95" or "p99":
                return await LatencyAsync(Metrics.Percentile(int.Parse(q.Aggregator[1..], System.Globalization.CultureInfo.InvariantCulture)), env, q, resolution, window, tenant: true, 1e6, ct);
            case TenantMetric when q.Aggregator == "count":
                return await LatencyAsync(Metrics.Requests, env, q, resolution, window, tenant: true, 1, ct);
            case TenantErrorMetric:
                return await LatencyAsync(Metrics.Errors, env, q, resolution, window, tenant: true, 1, ct);
            case "container.memory.usage":
            case "container.memory.limit":
                var memory = await demo.QueryAsync(new SeriesFilter(Metrics.MemoryUtilization, Resolution.Hour, (Dims.Env, env), (Dims.Service, SeriesFilter.Any)), window, ct);
                return memory.Where(s => q.Services.Count == 0 || q.Services.Contains(s.Key[Dims.Service]!))
                    .Select(s => new FakeSeries(Tags(q, ("service", s.Key[Dims.Service]!)),
                        s.Points.Select(p => new Point(p.Timestamp, q.Metric.EndsWith("limit", StringComparison.Ordinal) ? MemoryLimitBytes : p.Value / 100 * MemoryLimitBytes)).ToList()))
                    .ToList();
            case "datadog.estimated_usage.logs.ingested_bytes":
            case "datadog.estimated_usage.logs.ingested_events":
                var metric = q.Metric.EndsWith("bytes", StringComparison.Ordinal) ? Metrics.LogBytes : Metrics.LogEvents;
                var logs = await demo.QueryAsync(new SeriesFilter(metric, Resolution.Hour, (Dims.Env, env), (Dims.LogGroup, SeriesFilter.Any), (Dims.Level, SeriesFilter.Absent)), window, ct);
                return logs.Select(s => (Service: ServiceOf(s.Key[Dims.LogGroup]!), s.Points))
                    .Where(s => q.Services.Count == 0 || q.Services.Contains(s.Service))
                    .Select(s => new FakeSeries(Tags(q, ("service", s.Service)), s.Points))
                    .ToList();
            default:
                return [];
        }
    }

    /// <summary>Events per status of one service (a demo log group) per hour: Datadog's logs aggregate by status.</summary>
    public async Task<IReadOnlyList<(string Status, IReadOnlyList<Point> Hourly)>> LogStatusesAsync(string env, string service, TimeWindow window, CancellationToken ct = default)
    {
        var series = await demo.QueryAsync(new SeriesFilter(Metrics.LogEvents, Resolution.Hour, (Dims.Env, env), (Dims.LogGroup, SeriesFilter.Any), (Dims.Level, SeriesFilter.Any)), window, ct);
        return series.Where(s => ServiceOf(s.Key[Dims.LogGroup]!) == service)
            .Select(s => (s.Key[Dims.Level]!.ToLowerInvariant(), (IReadOnlyList<Point>)s.Points))
            .ToList();
    }

    /// <summary>Events per service and status per hour: Datadog's logs aggregate by service and status.</summary>
    public async Task<IReadOnlyList<(string Service, string Status, IReadOnlyList<Point> Hourly)>> LogStatusesByServiceAsync(string env, TimeWindow window, CancellationToken ct = default)
    {
        var series = await demo.QueryAsync(new SeriesFilter(Metrics.LogEvents, Resolution.Hour, (Dims.Env, env), (Dims.LogGroup, SeriesFilter.Any), (Dims.Level, SeriesFilter.Any)), window, ct);
        return series.Select(s => (ServiceOf(s.Key[Dims.LogGroup]!), s.Key[Dims.Level]!.ToLowerInvariant(), (IReadOnlyList<Point>)s.Points)).ToList();
    }

    /// <summary>The organization's usage in one hour per product family: log bytes, indexed spans (requests), infra hosts.</summary>
    public async Task<IReadOnlyList<(string Family, string UsageType, double Value)>> UsageAsync(IReadOnlyList<string> envs, DateTimeOffset hour, CancellationToken ct = default)
    {
        var totals = await HourlyTotalsAsync(envs, ct);
        if (!totals.TryGetValue(hour, out var t))
            return [];
        return [("logs", "ingested_events_bytes", t.Bytes), ("logs", "indexed_events_count", t.Events), ("indexed_spans", "indexed_events_count", t.Spans), ("infra_hosts", "infra_host_top99p", InfraHosts)];
    }

    /// <summary>One UTC day's cost per product: log ingestion at $0.10/GB, and fixed APM and infrastructure lines.</summary>
    public async Task<IReadOnlyList<(string Product, double Usd)>> DailyCostAsync(IReadOnlyList<string> envs, DateOnly day, CancellationToken ct = default)
    {
        var totals = await HourlyTotalsAsync(envs, ct);
        var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var bytes = Enumerable.Range(0, 24).Sum(h => totals.TryGetValue(start.AddHours(h), out var t) ? t.Bytes : 0);
        if (bytes == 0)
            return [];
        return [("logs_ingested", Math.Round(bytes / 1e9 * 0.10, 4)), ("apm_host", 12.4), ("infra_host", 18)];
    }

    // Usage and cost sum whole environments per hour: computed once from the demo store, not per request.
    private async Task<IReadOnlyDictionary<DateTimeOffset, (double Bytes, double Events, double Spans)>> HourlyTotalsAsync(IReadOnlyList<string> envs, CancellationToken ct)
    {
        var key = string.Join(",", envs);
        Task<IReadOnlyDictionary<DateTimeOffset, (double, double, double)>> task;
        lock (_totals)
        {
            if (!_totals.TryGetValue(key, out task!))
                _totals[key] = task = ComputeTotalsAsync(envs, ct);
        }
        return await task;
    }

    private async Task<IReadOnlyDictionary<DateTimeOffset, (double, double, double)>> ComputeTotalsAsync(IReadOnlyList<string> envs, CancellationToken ct)
    {
        var all = new TimeWindow(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddYears(100));
        var totals = new Dictionary<DateTimeOffset, (double Bytes, double Events, double Spans)>();
        foreach (var env in envs)
        {
            foreach (var (metric, index) in new[] { (Metrics.LogBytes, 0), (Metrics.LogEvents, 1), (Metrics.Requests, 2) })
            {
                var filter = metric == Metrics.Requests
                    ? new SeriesFilter(metric, Resolution.Hour, (Dims.Env, env), (Dims.Path, SeriesFilter.Any), (Dims.Tenant, SeriesFilter.Absent))
                    : new SeriesFilter(metric, Resolution.Hour, (Dims.Env, env), (Dims.Level, SeriesFilter.Absent));
                foreach (var p in (await demo.QueryAsync(filter, all, ct)).SelectMany(s => s.Points))
                {
                    var t = totals.GetValueOrDefault(p.Timestamp);
                    totals[p.Timestamp] = index switch
                    {
                        0 => (t.Bytes + p.Value, t.Events, t.Spans),
                        1 => (t.Bytes, t.Events + p.Value, t.Spans),
                        _ => (t.Bytes, t.Events, t.Spans + p.Value),
                    };
                }
            }
        }
        return totals.ToDictionary(kv => kv.Key, kv => (kv.Value.Bytes, kv.Value.Events, kv.Value.Spans));
    }

    private async Task<IReadOnlyList<FakeSeries>> LatencyAsync(string metric, string env, FakeMetricQuery q, Resolution resolution, TimeWindow window, bool tenant, double scale, CancellationToken ct)
    {
        var filter = new SeriesFilter(metric, resolution, (Dims.Env, env), (Dims.Path, SeriesFilter.Any), (Dims.Tenant, tenant ? SeriesFilter.Any : SeriesFilter.Absent));
        var found = await demo.QueryAsync(filter, window, ct);
        var result = new List<FakeSeries>();
        foreach (var s in found)
        {
            var service = s.Key[Dims.Service] ?? "";
            if (q.Services.Count > 0 && !q.Services.Contains(service))
                continue;
            var tags = new List<(string, string)> { ("resource_name", Resource(s.Key[Dims.Path]!)) };
            if (tenant)
                tags.Add(("tenant", s.Key[Dims.Tenant]!));
            else
                tags.Add(("service", service));
            result.Add(new FakeSeries(Tags(q, [.. tags]), s.Points.Select(p => new Point(p.Timestamp, p.Value * scale)).ToList()));
        }
        // Grouped by fewer tags than the data has: Datadog aggregates; the fake only serves the groupings OpsReport asks for.
        return result.Where(r => q.By.All(r.Tags.ContainsKey)).Select(r => r with { Tags = r.Tags.Where(t => q.By.Contains(t.Key)).ToDictionary() }).ToList();
    }

    private static IReadOnlyDictionary<string, string> Tags(FakeMetricQuery q, params (string Key, string Value)[] tags) =>
        tags.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
}

/// <summary>A parsed metric query as the fake understands it: <c>agg:metric{scope} by {tags}.functions()</c>.</summary>
internal sealed record FakeMetricQuery(string Aggregator, string Metric, string Scope, IReadOnlyList<string> By, string Functions, string? Env, IReadOnlyList<string> Services)
{
    private static readonly System.Text.RegularExpressions.Regex Shape = new(@"^(?<agg>[a-z0-9]+):(?<metric>[A-Za-z0-9_.]+)\{(?<scope>[^{}]*)\}(\s*by\s*\{(?<by>[^{}]*)\})?(?<rest>.*)$");
    private static readonly System.Text.RegularExpressions.Regex EnvTag = new(@"\benv:(?<v>[^\s,()]+)");
    private static readonly System.Text.RegularExpressions.Regex ServiceTag = new(@"\bservice:(?<v>[^\s,()]+)");

    public static FakeMetricQuery? Parse(string text)
    {
        var m = Shape.Match(text.Trim());
        if (!m.Success)
            return null;
        var scope = m.Groups["scope"].Value;
        var env = EnvTag.Match(scope);
        return new FakeMetricQuery(m.Groups["agg"].Value, m.Groups["metric"].Value, scope,
            m.Groups["by"].Success ? m.Groups["by"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : [],
            m.Groups["rest"].Value, env.Success ? env.Groups["v"].Value : null,
            ServiceTag.Matches(scope).Select(s => s.Groups["v"].Value).ToList());
    }
}

/// <summary>One series the fake answers with: its group tags and points.</summary>
internal sealed record FakeSeries(IReadOnlyDictionary<string, string> Tags, IReadOnlyList<Point> Points);
