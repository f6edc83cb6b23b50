using System.Globalization;
using OpsReport.Collectors.Sources.Demo;
using OpsReport.Core.Configuration;
using OpsReport.Core.Domain;
using OpsReport.Core.Slos;

namespace OpsReport.Collectors.Sources.Aws;

/// <summary>
/// The Logs Insights queries behind latency per path and tenant, and the conversion of their rows into series.
/// Field names come from configuration; JSON log fields are discovered by Insights, so <c>http.path</c> works as is.
/// The hourly query also counts, per latency SLO threshold of the environment, the requests at or under it (no extra
/// scan: one more <c>sum</c> in the same query).
/// </summary>
internal sealed class LatencyQueries(AwsEnvironmentOptions options, PathNormalizer normalizer, IReadOnlyList<long> thresholdsMs)
{
    public const string HourField = "bin(1h)";

    private static readonly (int Percentile, double Z)[] Percentiles = [(50, 0), (95, 1.6448536269514722), (99, 2.3263478740408408)];

    public bool ByTenant => !string.IsNullOrEmpty(options.TenantField);

    /// <summary>
    /// count, 5xx count and p50/p95/p99 of the duration, by path (and tenant) and, when hourly, by hour. Errors are
    /// <c>floor(status / 500)</c> summed: 1 for a 5xx status, 0 below, using only arithmetic Insights supports in <c>fields</c>.
    /// Hourly, each SLO threshold T adds <c>sum(1 - least(1, ceil(greatest(0, duration - T))))</c>: Insights has no
    /// <c>if</c>, but <c>greatest(0, d - T)</c> is 0 at or under T and positive above, its ceiling at least 1, so the
    /// expression is 1 for a request at or under T and 0 above, for durations with fractions too.
    /// </summary>
    public string Build(bool byTenant, bool hourly)
    {
        var path = Field(options.PathField);
        var duration = Field(options.DurationField);
        var by = new List<string> { path };
        if (byTenant)
            by.Add(Field(options.TenantField));
        if (hourly)
            by.Add(HourField);
        var fields = new List<string>();
        var stats = new List<string> { "count(*) as requests" };
        if (!string.IsNullOrEmpty(options.StatusField))
        {
            fields.Add($"floor({Field(options.StatusField)} / 500) as opsreport_error");
            stats.Add("sum(opsreport_error) as errors");
        }
        // Day and week rollups give exact percentiles; SLOs are evaluated from hourly counts only.
        foreach (var ms in hourly ? thresholdsMs : [])
        {
            fields.Add($"1 - least(1, ceil(greatest(0, {duration} - {InFieldUnit(ms)}))) as opsreport_le_{ms.ToString(CultureInfo.InvariantCulture)}");
            stats.Add($"sum(opsreport_le_{ms.ToString(CultureInfo.InvariantCulture)}) as {WithinField(ms)}");
        }
        stats.AddRange([$"pct({duration}, 50) as p50", $"pct({duration}, 95) as p95", $"pct({duration}, 99) as p99"]);
        var fieldsCommand = fields.Count == 0 ? "" : " | fields " + string.Join(", ", fields);
        return $"filter ispresent({path}) and ispresent({duration}){fieldsCommand} | stats {string.Join(", ", stats)} by {string.Join(", ", by)}";
    }

    /// <summary>The result column of the count at or under a threshold.</summary>
    internal static string WithinField(long ms) => "within_" + ms.ToString(CultureInfo.InvariantCulture);

    // The threshold in the duration field's unit: 250 ms is 0.25 when durations are logged in seconds.
    private string InFieldUnit(long ms) =>
        options.DurationUnit == "s" ? (ms / 1000m).ToString(CultureInfo.InvariantCulture) : ms.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Series from the rows of one query. Raw paths are normalized to templates; where several raw paths share a
    /// template in one period, counts are summed and the template's percentiles are those of the count-weighted
    /// mixture of the rows' latency distributions (log-normal, fitted to each row's p50 and p95): an estimate, but
    /// never an average of percentiles. A row that is alone in its template keeps Insights' exact values.
    /// </summary>
    /// <param name="period">Resolution of the points; for day and week rollups <paramref name="periodStart"/> is their timestamp.</param>
    public IReadOnlyList<SeriesPoints> ToSeries(string environment, IReadOnlyList<IReadOnlyDictionary<string, string>> rows, bool byTenant, Resolution period, DateTimeOffset? periodStart)
    {
        var scale = options.DurationUnit == "s" ? 1000 : 1;
        var groups = new Dictionary<(string Path, string? Tenant, DateTimeOffset Time), List<Row>>();
        foreach (var row in rows)
        {
            var rawPath = row.GetValueOrDefault(options.PathField);
            if (string.IsNullOrEmpty(rawPath))
                continue;
            string? tenant = null;
            if (byTenant)
            {
                tenant = row.GetValueOrDefault(options.TenantField);
                if (string.IsNullOrEmpty(tenant))
                    continue;
            }
            DateTimeOffset time;
            if (periodStart is { } start)
                time = start;
            else if (!TryParseBin(row.GetValueOrDefault(HourField), out time))
                continue;
            if (Number(row, "requests") is not { } requests || requests <= 0)
                continue;
            var within = periodStart is null ? thresholdsMs.Select(ms => (ms, Number(row, WithinField(ms)))).ToList() : [];
            var parsed = new Row(requests, Number(row, "errors"), Number(row, "p50") * scale, Number(row, "p95") * scale, Number(row, "p99") * scale, within);
            var key = (normalizer.Normalize(rawPath), tenant, time);
            if (!groups.TryGetValue(key, out var list))
                groups[key] = list = [];
            list.Add(parsed);
        }

        var points = new Dictionary<SeriesKey, List<Point>>();
        void Add(string metric, (string Path, string? Tenant, DateTimeOffset Time) key, double? value, long? thresholdMs = null)
        {
            if (value is not { } v || double.IsNaN(v))
                return;
            var dims = new List<(string, string)> { (Dims.Env, environment), (Dims.Path, key.Path) };
            if (key.Tenant is not null)
                dims.Add((Dims.Tenant, key.Tenant));
            if (thresholdMs is { } ms)
                dims.Add((Dims.ThresholdMs, SloThresholdDimension.Of(ms)));
            var seriesKey = new SeriesKey(metric, period, dims.ToArray());
            if (!points.TryGetValue(seriesKey, out var list))
                points[seriesKey] = list = [];
            list.Add(new Point(key.Time, Math.Round(v, 3)));
        }

        foreach (var (key, members) in groups)
        {
            Add(Metrics.Requests, key, members.Sum(m => m.Requests));
            if (members.All(m => m.Errors is not null))
                Add(Metrics.Errors, key, members.Sum(m => m.Errors!.Value));
            // Counts at or under a threshold add up exactly over the raw paths of one route.
            for (var i = 0; i < members[0].Within.Count; i++)
            {
                if (members.All(m => m.Within[i].Count is not null))
                    Add(Metrics.RequestsWithinThreshold, key, members.Sum(m => m.Within[i].Count!.Value), members[0].Within[i].Ms);
            }
            if (members.Count == 1)
            {
                Add(Metrics.LatencyP50, key, members[0].P50);
                Add(Metrics.LatencyP95, key, members[0].P95);
                Add(Metrics.LatencyP99, key, members[0].P99);
                continue;
            }
            var mixture = new LogNormalMixture();
            foreach (var m in members.Where(m => m.P50 > 0))
            {
                var mu = Math.Log(m.P50!.Value);
                var sigma = m.P95 > m.P50 ? (Math.Log(m.P95!.Value) - mu) / Percentiles[1].Z : 0.01;
                mixture.Add(m.Requests, mu, sigma);
            }
            if (mixture.Count == 0)
                continue;
            foreach (var (p, z) in Percentiles)
                Add(Metrics.Percentile(p), key, mixture.Quantile(p / 100.0, z));
        }
        return points.Select(kv => new SeriesPoints(kv.Key, kv.Value.OrderBy(p => p.Timestamp).ToList())).ToList();
    }

    /// <summary>Insights prints <c>bin(1h)</c> as <c>2026-11-16 09:00:00.000</c> (UTC).</summary>
    internal static bool TryParseBin(string? text, out DateTimeOffset time) =>
        DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd HH:mm:ss.fff", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", "yyyy-MM-dd'T'HH:mm:ss'Z'"],
            CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);

    /// <summary>A field name as Insights wants it: bare when simple, else in backticks.</summary>
    internal static string Field(string name) =>
        name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '@') ? name : "`" + name + "`";

    private static double? Number(IReadOnlyDictionary<string, string> row, string field) =>
        row.TryGetValue(field, out var text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    private sealed record Row(double Requests, double? Errors, double? P50, double? P95, double? P99, IReadOnlyList<(long Ms, double? Count)> Within);
}
