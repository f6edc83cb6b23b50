using System.Globalization;
using Microsoft.Extensions.Options;
using OpsReport.Core.Analysis;
using OpsReport.Core.Configuration;
using OpsReport.Core.Domain;
using OpsReport.Core.Storage;
using OpsReport.Core.Time;

namespace OpsReport.Core.Slos;

/// <summary>
/// Evaluates the SLOs of <c>dashboards/slos.yaml</c> from the stored hourly <c>requests</c>, <c>errors</c> and
/// <c>requests.within</c> series: the one owner of SLO numbers for pages, API, reports and analysis.
/// </summary>
/// <remarks>
/// Counts are summed over the matching paths (<c>*</c>: every application path of the service or environment; a load
/// balancer's or Lambda function's own row only when no application path has counts, so nothing is counted twice). The
/// environment-wide status reads the series without a tenant dimension (a source that stores only per-tenant series is
/// summed over its tenants); per-tenant statuses keep the top N tenants by requests over the window and pool the rest as
/// <c>other</c>. An hour counts only where the total and the good count were both stored. Evaluations are cached per
/// environment, hour and store watermarks, so a page render after the first reads nothing.
/// </remarks>
public sealed class SloReader : ISloReader
{
    /// <summary>The tenant that pools every tenant beyond the top N of a per-tenant SLO.</summary>
    public const string OtherTenant = "other";

    private const int CacheSize = 16;

    private readonly IMetricStore _store;
    private readonly ZoneCalendar _zone;
    private readonly SloOptions _options;
    private readonly Lock _cacheGate = new();
    private readonly Dictionary<string, Bundle> _cache = new(StringComparer.Ordinal);
    private readonly Queue<string> _cacheOrder = new();

    /// <summary>
    /// Loads <c>slos.yaml</c> from the dashboards folder; a malformed file stops startup. An SLO of an environment that is
    /// not configured is only reported by <c>check</c> (it names no data here), so a test or a second instance with other
    /// environment names still starts.
    /// </summary>
    public SloReader(IOptions<OpsReportOptions> options, IMetricStore store, ZoneCalendar zone)
        : this(SloLoader.LoadFile(FilePath(options.Value), null), store, zone, options.Value.Analysis.Slo)
    {
    }

    public SloReader(IReadOnlyList<SloDefinition> definitions, IMetricStore store, ZoneCalendar zone, SloOptions options)
    {
        Definitions = definitions;
        _store = store;
        _zone = zone;
        _options = options;
    }

    public IReadOnlyList<SloDefinition> Definitions { get; }

    /// <summary>Where the definitions are read from: <c>slos.yaml</c> in <c>OpsReport:DashboardsDir</c>.</summary>
    public static string FilePath(OpsReportOptions options) => Path.Combine(options.DashboardsDir, SloLoader.FileName);

    public async Task<IReadOnlyList<SloStatus>> ReadAsync(string environment, DateTimeOffset now, string? tenant, CancellationToken cancellationToken)
    {
        var end = TimeWindow.FloorToHour(now);
        var definitions = Of(environment);
        if (definitions.Count == 0)
            return [];
        var marks = await _store.GetWatermarksAsync(cancellationToken);
        var stamp = string.Join("|", marks.OrderBy(m => m.Key.ToString(), StringComparer.Ordinal)
            .Select(m => m.Key + "=" + m.Value.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        var cacheKey = $"{environment.ToLowerInvariant()}|{end.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}|{stamp}";
        Bundle? bundle;
        lock (_cacheGate)
            _cache.TryGetValue(cacheKey, out bundle);
        if (bundle is null)
        {
            var readStart = definitions.Select(d => Min(WindowOf(d, end).Start, end - TimeSpan.FromDays(3))).Min();
            bundle = await LoadAsync(definitions, end, readStart, cancellationToken);
            lock (_cacheGate)
            {
                if (_cache.TryAdd(cacheKey, bundle))
                {
                    _cacheOrder.Enqueue(cacheKey);
                    while (_cacheOrder.Count > CacheSize)
                        _cache.Remove(_cacheOrder.Dequeue());
                }
            }
        }
        return tenant is null ? bundle.Statuses : bundle.ForTenant(tenant, this, end);
    }

    /// <summary>
    /// For analysis: each SLO's status at <paramref name="asOf"/> with its hourly counts from <paramref name="historyStart"/>
    /// on (environment-wide, then the top tenants and <c>other</c> of per-tenant SLOs).
    /// </summary>
    public async Task<IReadOnlyList<(SloStatus Status, SloSeries Series)>> ReadWithHistoryAsync(string environment, DateTimeOffset asOf,
        DateTimeOffset historyStart, CancellationToken cancellationToken)
    {
        var end = TimeWindow.FloorToHour(asOf);
        var definitions = Of(environment);
        if (definitions.Count == 0)
            return [];
        var readStart = definitions.Select(d => Min(WindowOf(d, end).Start, historyStart)).Min();
        var bundle = await LoadAsync(definitions, end, readStart, cancellationToken);
        return bundle.Statuses.Zip(bundle.Series).ToList();
    }

    /// <summary>
    /// The window judged at <paramref name="end"/> (a whole hour): the last N days, or the calendar month (in the configured
    /// zone) of the last complete hour, from its first hour.
    /// </summary>
    public (DateTimeOffset Start, DateTimeOffset End) WindowOf(SloDefinition definition, DateTimeOffset end)
    {
        if (definition.Window.RollingDays is { } days)
            return (end - TimeSpan.FromDays(days), end);
        var local = _zone.ToLocal(end - TimeSpan.FromHours(1));
        var monthStart = _zone.FromLocal(new DateTime(local.Year, local.Month, 1, 0, 0, 0, DateTimeKind.Unspecified));
        return (TimeWindow.FloorToHour(monthStart), end);
    }

    private List<SloDefinition> Of(string environment) =>
        Definitions.Where(d => string.Equals(d.Environment, environment, StringComparison.OrdinalIgnoreCase)).ToList();

    private async Task<Bundle> LoadAsync(List<SloDefinition> definitions, DateTimeOffset end, DateTimeOffset readStart, CancellationToken ct)
    {
        var range = new TimeWindow(readStart, end);
        var statuses = new List<SloStatus>();
        var series = new List<SloSeries>();
        var tenants = new Dictionary<string, Dictionary<string, SloSeries>>(StringComparer.Ordinal);
        foreach (var d in definitions)
        {
            var (windowStart, windowEnd) = WindowOf(d, end);
            var (whole, byTenant) = await ReadCountsAsync(d, range, ct);
            statuses.Add(SloEvaluator.Evaluate(whole, windowStart, windowEnd, _options));
            series.Add(whole);
            if (!d.PerTenant)
                continue;
            tenants[d.Name] = byTenant;
            foreach (var s in TopAndOther(d, byTenant, windowStart, windowEnd, range))
            {
                statuses.Add(SloEvaluator.Evaluate(s, windowStart, windowEnd, _options, coverageOf: whole));
                series.Add(s);
            }
        }
        return new Bundle(statuses, series, tenants, definitions);
    }

    /// <summary>The top N tenants by requests over the window, then the rest pooled as <c>other</c> (when there is a rest).</summary>
    private static IEnumerable<SloSeries> TopAndOther(SloDefinition d, Dictionary<string, SloSeries> byTenant, DateTimeOffset windowStart,
        DateTimeOffset windowEnd, TimeWindow range)
    {
        var ranked = byTenant.Values
            .Select(s => (Series: s, Requests: Sum(s.Total, s.IndexOf(windowStart), s.IndexOf(windowEnd))))
            .Where(r => r.Requests > 0)
            .OrderByDescending(r => r.Requests).ThenBy(r => r.Series.Tenant, StringComparer.Ordinal)
            .ToList();
        foreach (var r in ranked.Take(d.Top))
            yield return r.Series;
        var rest = ranked.Skip(d.Top).Select(r => r.Series).ToList();
        if (rest.Count == 0)
            yield break;
        var pooled = Empty(d, OtherTenant, range) with { HasSeries = rest.Any(s => s.HasSeries) };
        foreach (var s in rest)
            Accumulate(pooled, s.Good, s.Total);
        yield return pooled;
    }

    /// <summary>
    /// Hourly counts of the environment and, for a per-tenant SLO, of each tenant: two queries, the totals and the good
    /// counts (errors for availability, <c>requests.within</c> at the threshold for latency). The environment-wide counts
    /// are the series without a tenant, or the sum of the tenants' where a source stores only those.
    /// </summary>
    private async Task<(SloSeries Whole, Dictionary<string, SloSeries> ByTenant)> ReadCountsAsync(SloDefinition d, TimeWindow range, CancellationToken ct)
    {
        var tenantFilter = d.PerTenant ? null : SeriesFilter.Absent;
        var totals = await QueryAsync(Metrics.Requests, d, range, tenantFilter, ct);
        if (!d.PerTenant && totals.Count == 0)
            totals = await QueryAsync(Metrics.Requests, d, range, tenantFilter = SeriesFilter.Any, ct);
        totals = WithoutDoubleCounting(d, totals);
        var byTenant = new Dictionary<string, SloSeries>(StringComparer.Ordinal);
        var whole = Empty(d, null, range);
        if (totals.Count == 0)
            return (whole, byTenant);
        var goodMetric = d.Sli == SliKind.Latency ? Metrics.RequestsWithinThreshold : Metrics.Errors;
        var goodByKey = (await QueryAsync(goodMetric, d, range, tenantFilter, ct)).ToDictionary(s => BaseKey(s.Key), s => s.Points);
        var hasSeries = goodByKey.Count > 0;
        whole = whole with { HasSeries = hasSeries };
        var untenanted = totals.Any(t => t.Key[Dims.Tenant] is null);

        var good = new double[(int)range.Duration.TotalHours];
        var total = new double[good.Length];
        foreach (var t in totals)
        {
            var tenant = t.Key[Dims.Tenant];
            if (tenant is not null && !byTenant.ContainsKey(tenant))
                byTenant[tenant] = Empty(d, tenant, range) with { HasSeries = hasSeries };
            if (!goodByKey.TryGetValue(BaseKey(t.Key), out var goodPoints))
                continue;
            Array.Fill(good, double.NaN);
            Array.Fill(total, double.NaN);
            foreach (var p in t.Points)
                Set(total, range.Start, p);
            foreach (var p in goodPoints)
            {
                var i = (int)((p.Timestamp - range.Start).TotalHours);
                if ((uint)i < (uint)good.Length && !double.IsNaN(total[i]))
                    good[i] = d.Sli == SliKind.Latency ? Math.Min(p.Value, total[i]) : Math.Max(0, total[i] - p.Value);
            }
            if (tenant is not null)
                Accumulate(byTenant[tenant], good, total);
            if (tenant is null || !untenanted)
                Accumulate(whole, good, total);
        }
        return (whole, byTenant);
    }

    // A null tenant filter reads the series with and without a tenant dimension in one query.
    private Task<IReadOnlyList<SeriesPoints>> QueryAsync(string metric, SloDefinition d, TimeWindow range, string? tenant, CancellationToken ct)
    {
        var dims = new Dictionary<string, string>(StringComparer.Ordinal) { [Dims.Env] = d.Environment };
        if (tenant is not null)
            dims[Dims.Tenant] = tenant;
        if (d.Service is not null)
            dims[Dims.Service] = d.Service;
        if (d.Path != "*")
            dims[Dims.Path] = d.Path;
        if (metric == Metrics.RequestsWithinThreshold)
            dims[Dims.ThresholdMs] = ((long)d.Threshold!.Value.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        return _store.QueryAsync(new SeriesFilter(metric, Resolution.Hour, dims), range, ct);
    }

    // One source per request, the rule coverage uses: request logs or service rows, never both; for `*` the
    // application paths, or the load balancer's or Lambda function's own row when no application path has counts.
    private static IReadOnlyList<SeriesPoints> WithoutDoubleCounting(SloDefinition d, IReadOnlyList<SeriesPoints> totals)
    {
        var chosen = SloCoverage.OneSource(d, totals.Select(t => t.Key)).ToHashSet();
        return [.. totals.Where(t => chosen.Contains(t.Key))];
    }

    // The requests series a good-count series belongs to: same dimensions, without the threshold, as `requests`.
    private static string BaseKey(SeriesKey key) =>
        new SeriesKey(Metrics.Requests, key.Resolution, key.Dimensions.Remove(Dims.ThresholdMs)).ToString();

    private static void Set(double[] values, DateTimeOffset start, Point p)
    {
        var i = (int)((p.Timestamp - start).TotalHours);
        if ((uint)i < (uint)values.Length)
            values[i] = p.Value;
    }

    private static void Accumulate(SloSeries target, double[] good, double[] total)
    {
        for (var i = 0; i < total.Length; i++)
        {
            if (double.IsNaN(total[i]) || double.IsNaN(good[i]))
                continue;
            target.Total[i] = double.IsNaN(target.Total[i]) ? total[i] : target.Total[i] + total[i];
            target.Good[i] = double.IsNaN(target.Good[i]) ? good[i] : target.Good[i] + good[i];
        }
    }

    private static SloSeries Empty(SloDefinition d, string? tenant, TimeWindow range)
    {
        var hours = (int)range.Duration.TotalHours;
        var good = new double[hours];
        var total = new double[hours];
        Array.Fill(good, double.NaN);
        Array.Fill(total, double.NaN);
        return new SloSeries(d, tenant, range.Start, good, total, false);
    }

    private static double Sum(double[] values, int from, int to)
    {
        var sum = 0.0;
        for (var i = Math.Max(0, from); i < Math.Min(to, values.Length); i++)
        {
            if (!double.IsNaN(values[i]))
                sum += values[i];
        }
        return sum;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    /// <summary>One environment's evaluation at one hour: the statuses in order, their counts, and every tenant's counts.</summary>
    private sealed record Bundle(List<SloStatus> Statuses, List<SloSeries> Series, Dictionary<string, Dictionary<string, SloSeries>> Tenants,
        List<SloDefinition> Definitions)
    {
        /// <summary>A tenant's own status on each per-tenant SLO, whether or not it is among the top N.</summary>
        public IReadOnlyList<SloStatus> ForTenant(string tenant, SloReader reader, DateTimeOffset end)
        {
            var result = new List<SloStatus>();
            foreach (var d in Definitions.Where(d => d.PerTenant))
            {
                var listed = Statuses.FirstOrDefault(s => s.Definition == d && s.Tenant == tenant);
                if (listed is not null)
                    result.Add(listed);
                else
                {
                    // A tenant beyond the top N still sees its own numbers; one without counts sees "no data".
                    var own = Tenants.GetValueOrDefault(d.Name)?.GetValueOrDefault(tenant) ?? new SloSeries(d, tenant, end, [], [], false);
                    var (start, windowEnd) = reader.WindowOf(d, end);
                    var whole = Series[Statuses.FindIndex(s => s.Definition == d && s.Tenant is null)];
                    result.Add(SloEvaluator.Evaluate(own, start, windowEnd, reader._options, coverageOf: whole));
                }
            }
            return result;
        }
    }
}
