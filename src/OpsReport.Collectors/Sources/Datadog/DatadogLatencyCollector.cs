using System.Globalization;
using System.Text.Json;
using OpsReport.Collectors.Sources.Demo;
using OpsReport.Core.Domain;
using OpsReport.Core.Storage;
using OpsReport.Core.Time;

namespace OpsReport.Collectors.Sources.Datadog;

/// <summary>
/// APM latency per endpoint (trace metrics <c>trace.&lt;span&gt;</c>: p50/p95/p99 of the distribution, <c>.hits</c>,
/// <c>.errors</c>) and per tenant (the configured distribution metric): hourly in one v2 request per window with one
/// query per metric grouped <c>by {…}</c>, and the exact percentile of each local day and ISO week that ends in the
/// window from one more v2 request whose queries carry Datadog's calendar-aligned rollup in the configured zone (a day's
/// p95 is not the mean of its hours': Datadog computes it from the day's merged sketches). Where Datadog answers 400 to
/// that rollup, the environment falls back to one scalar request per local day and week for
/// <see cref="CalendarRollupRetryAfter"/>, remembered in the store so restarts and other instances do not ask again.
/// </summary>
internal sealed class DatadogLatencyCollector(DatadogApiClient client, ZoneCalendar calendar, IMetricStore store, TimeProvider time)
{
    /// <summary>
    /// How long a refused calendar-aligned rollup is not asked again: long enough that a refusing org costs one request a
    /// week, short enough that an org which gains the feature (or a Datadog fix) is used again within a week.
    /// </summary>
    public static readonly TimeSpan CalendarRollupRetryAfter = TimeSpan.FromDays(7);

    // Trace metric durations are in seconds (DATADOG.md, marked uncertain): used only when a series names no unit.
    private const string TraceUnit = "s";
    private const double P95Z = 1.6448536269514722;
    private static readonly (int Percentile, double Z)[] Percentiles = [(50, 0), (95, P95Z), (99, 2.3263478740408408)];

    /// <summary>The store setting recording when Datadog refused the calendar-aligned rollup for an environment, and its words.</summary>
    public static string CalendarRefusedSetting(string environment) => "datadog.calendar-rollup-refused." + environment.ToLowerInvariant();

    /// <param name="upToDate">The window reaches the present: also ask for the day and week in progress.</param>
    public async Task<SourceBatch> CollectAsync(DatadogConnection connection, TimeWindow fetch, bool upToDate, CancellationToken cancellationToken)
    {
        var meter = new DatadogUsageMeter();
        var api = new DatadogReadApi(client, connection, meter);
        var paths = new PathNormalizer(connection.Options.PathRules);
        var endpoint = EndpointQueries(connection);
        var tenant = TenantQueries(connection);
        var warnings = new List<string>();
        var series = new List<SeriesPoints>();

        var all = endpoint.Concat(tenant).ToList();
        var (hourly, error) = await api.TimeseriesAsync([.. all.Select(q => q.Query)], fetch, TimeSpan.FromHours(1), cancellationToken);
        // An error beside the data is a query Datadog did not finish: what came back is kept, the window is asked again.
        string[] failed = error is null ? [] : [$"latency {fetch}: Datadog reported '{error}' beside the data; what came back is kept, the window is fetched again next run"];
        var hourlyRows = new List<(Role Role, IReadOnlyDictionary<string, string> Tags, DateTimeOffset Time, double Value, DatadogUnit? Unit)>();
        foreach (var s in hourly)
        {
            if (s.QueryIndex < 0 || s.QueryIndex >= all.Count)
                continue;
            foreach (var p in s.Points)
                hourlyRows.Add((all[s.QueryIndex].Role, s.Tags, TimeWindow.FloorToHour(p.Timestamp), p.Value, s.Unit));
        }
        series.AddRange(Build(connection, paths, hourlyRows, Resolution.Hour, all.Select(q => q.Role).ToHashSet(), warnings, fetch.ToString()));

        var periods = calendar.DaysIn(fetch).Where(d => d.End > fetch.Start && d.End <= fetch.End).Select(d => (Window: d, Resolution: Resolution.Day))
            .Concat(calendar.WeeksIn(fetch).Where(w => w.End > fetch.Start && w.End <= fetch.End).Select(w => (Window: w, Resolution: Resolution.Week)))
            .ToList();
        if (upToDate && !fetch.IsEmpty)
        {
            // The day and week in progress, "so far": the stand-up compares today and this week with the same span
            // before. Stored at the period's start and replaced by each later window, then by the complete period.
            var last = fetch.End - TimeSpan.FromTicks(1);
            foreach (var (current, resolution) in new[] { (calendar.DayOf(last), Resolution.Day), (calendar.WeekOf(last), Resolution.Week) })
            {
                if (current.End > fetch.End)
                    periods.Add((new TimeWindow(current.Start, fetch.End), resolution));
            }
        }
        if (periods.Count > 0 && !await CalendarRefusedAsync(connection.Environment, cancellationToken))
        {
            try
            {
                if (await CalendarPeriodsAsync(api, connection, paths, all, periods, fetch, series, warnings, cancellationToken) is { } calendarFailure)
                    failed = [.. failed, calendarFailure];
                periods = [];
            }
            catch (DatadogApiException e) when (e.IsBadRequest)
            {
                // Datadog refused the calendar-aligned rollup itself (an org or query form it does not accept): retrying
                // would fail the window forever, so this environment uses the scalar plan from now on, said once.
                var refusedAt = time.GetUtcNow();
                await store.SetSettingAsync(CalendarRefusedSetting(connection.Environment),
                    JsonSerializer.Serialize(new CalendarRefusal(refusedAt.ToString("O", CultureInfo.InvariantCulture), e.Detail)), cancellationToken);
                warnings.Add($"latency {connection.Environment}: Datadog answered 400 to the calendar-aligned rollup ({e.Detail}); day and week percentiles come from one scalar request per local day and week until {(refusedAt + CalendarRollupRetryAfter).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC, when the calendar-aligned request is tried again");
            }
        }
        // The documented plan: the exact percentile of each local day and ISO week from a scalar request over that period.
        foreach (var (period, resolution) in periods)
        {
            // Endpoint and tenant queries group by different tags: a scalar answer shares one set of group columns, so they go separately.
            foreach (var shape in new[] { endpoint, tenant }.Where(s => s.Count > 0))
            {
                var rows = await api.ScalarAsync([.. shape.Select(q => q.Query)], period, cancellationToken);
                var flat = new List<(Role, IReadOnlyDictionary<string, string>, DateTimeOffset, double, DatadogUnit?)>();
                foreach (var row in rows)
                {
                    foreach (var q in shape)
                    {
                        if (row.Values.TryGetValue(q.Query.Name, out var value))
                            flat.Add((q.Role, row.Tags, period.Start, value, row.Units.GetValueOrDefault(q.Query.Name)));
                    }
                }
                series.AddRange(Build(connection, paths, flat, resolution, shape.Select(q => q.Role).ToHashSet(), warnings, $"{(resolution == Resolution.Day ? "day" : "week")} {period}"));
            }
        }
        return new SourceBatch(Merge(series), meter.Usage, warnings) { FailedRequests = failed };
    }

    /// <summary>
    /// Every local day and ISO week of the window, endpoint and tenant queries alike, in one request: each query rolled up
    /// by Datadog's calendar-aligned rollup in the configured zone. Percentiles of a distribution are computed per rollup
    /// interval from the merged sketches, so each bucket is the exact percentile of its period. Returns the failure line
    /// when Datadog reported an error beside the data.
    /// </summary>
    /// <exception cref="DatadogApiException">Datadog refused the request (a 400 when it does not accept the rollup).</exception>
    private async Task<string?> CalendarPeriodsAsync(DatadogReadApi api, DatadogConnection connection, PathNormalizer paths, List<RoleQuery> all,
        List<(TimeWindow Window, Resolution Resolution)> periods, TimeWindow fetch, List<SeriesPoints> series, List<string> warnings, CancellationToken cancellationToken)
    {
        var rollups = periods.Select(p => p.Resolution).Distinct()
            .SelectMany(resolution => all.Select(q => (q.Role, Resolution: resolution, Query: new DatadogQuery(
                q.Query.Name + (resolution == Resolution.Day ? "_d" : "_w"),
                DatadogQueryText.CalendarRollup(q.Query.Query, q.Query.Aggregator == "sum" ? "sum" : "avg", resolution, calendar.ZoneId)))))
            .ToList();
        var wanted = periods.Select(p => (p.Resolution, p.Window.Start)).ToHashSet();
        var span = new TimeWindow(periods.Min(p => p.Window.Start), fetch.End);
        var (rolled, rollError) = await api.TimeseriesAsync([.. rollups.Select(r => r.Query)], span, TimeSpan.FromDays(1), cancellationToken);
        var rows = rollups.Select(r => r.Resolution).Distinct().ToDictionary(r => r, _ => new List<(Role, IReadOnlyDictionary<string, string>, DateTimeOffset, double, DatadogUnit?)>());
        var misaligned = 0;
        foreach (var s in rolled)
        {
            if (s.QueryIndex < 0 || s.QueryIndex >= rollups.Count)
                continue;
            var (role, resolution, _) = rollups[s.QueryIndex];
            // A bucket starts at its period's local start; a complete period ends in the window, one in progress only when asked.
            foreach (var p in s.Points)
            {
                if (wanted.Contains((resolution, p.Timestamp)))
                    rows[resolution].Add((role, s.Tags, p.Timestamp, p.Value, s.Unit));
                else if (p.Timestamp != (resolution == Resolution.Day ? calendar.DayOf(p.Timestamp) : calendar.WeekOf(p.Timestamp)).Start)
                    misaligned++;
            }
        }
        // Never silently: buckets that do not start at a local midnight (or Monday) of the zone are not days or weeks of it.
        if (misaligned > 0)
            warnings.Add($"latency days and weeks {span}: {misaligned} value(s) at times that do not start a local day or week in {calendar.ZoneId}; not stored");
        foreach (var (resolution, list) in rows)
            series.AddRange(Build(connection, paths, list, resolution, all.Select(q => q.Role).ToHashSet(), warnings, $"{(resolution == Resolution.Day ? "days" : "weeks")} {span}"));
        return rollError is null ? null
            : $"latency days and weeks {span}: Datadog reported '{rollError}' beside the data; what came back is kept, the window is fetched again next run";
    }

    /// <summary>The endpoint queries of an environment, by service and resource.</summary>
    internal static IReadOnlyList<RoleQuery> EndpointQueries(DatadogConnection connection)
    {
        var o = connection.Options;
        var scope = DatadogQueryText.Scope(connection);
        var by = $" by {{service,{o.ResourceTag}}}";
        var trace = "trace." + o.SpanName;
        return
        [
            new(new Role(Shape.Endpoint, Measure.P50), new DatadogQuery("e50", $"p50:{trace}{{{scope}}}{by}", "percentile")),
            new(new Role(Shape.Endpoint, Measure.P95), new DatadogQuery("e95", $"p95:{trace}{{{scope}}}{by}", "percentile")),
            new(new Role(Shape.Endpoint, Measure.P99), new DatadogQuery("e99", $"p99:{trace}{{{scope}}}{by}", "percentile")),
            new(new Role(Shape.Endpoint, Measure.Requests), new DatadogQuery("ehits", $"sum:{trace}.hits{{{scope}}}{by}.as_count()", "sum")),
            new(new Role(Shape.Endpoint, Measure.Errors), new DatadogQuery("eerr", $"sum:{trace}.errors{{{scope}}}{by}.as_count()", "sum")),
        ];
    }

    /// <summary>The per-tenant queries (none without a tenant metric), by resource and tenant.</summary>
    internal static IReadOnlyList<RoleQuery> TenantQueries(DatadogConnection connection)
    {
        var o = connection.Options;
        if (string.IsNullOrWhiteSpace(o.TenantMetric))
            return [];
        var metric = DatadogQueryText.MetricWithScope(o.TenantMetric, connection);
        var by = $" by {{{o.ResourceTag},{o.TenantTag}}}";
        var queries = new List<RoleQuery>
        {
            new(new Role(Shape.Tenant, Measure.P50), new DatadogQuery("t50", $"p50:{metric}{by}", "percentile")),
            new(new Role(Shape.Tenant, Measure.P95), new DatadogQuery("t95", $"p95:{metric}{by}", "percentile")),
            new(new Role(Shape.Tenant, Measure.P99), new DatadogQuery("t99", $"p99:{metric}{by}", "percentile")),
            // count: of a distribution is the number of values (requests) in each interval.
            new(new Role(Shape.Tenant, Measure.Requests), new DatadogQuery("thits", $"count:{metric}{by}", "sum")),
        };
        if (!string.IsNullOrWhiteSpace(o.TenantErrorMetric))
            queries.Add(new(new Role(Shape.Tenant, Measure.Errors), new DatadogQuery("terr", $"sum:{DatadogQueryText.MetricWithScope(o.TenantErrorMetric, connection)}{by}.as_count()", "sum")));
        return queries;
    }

    /// <summary>
    /// Series from rows of (role, tags, time, value). Resources are normalized to route templates; where several share
    /// a template in one period (GET and POST of a route, or raw ids), counts are summed and the template's percentiles
    /// are those of the count-weighted mixture of the resources' latency distributions (log-normal fitted to each one's
    /// p50 and p95) — an estimate, never an average of percentiles. A resource alone in its template keeps Datadog's values.
    /// </summary>
    private static IEnumerable<SeriesPoints> Build(DatadogConnection connection, PathNormalizer paths,
        IReadOnlyList<(Role Role, IReadOnlyDictionary<string, string> Tags, DateTimeOffset Time, double Value, DatadogUnit? Unit)> rows,
        Resolution resolution, IReadOnlySet<Role> asked, List<string> warnings, string what)
    {
        var o = connection.Options;
        var members = new Dictionary<(Shape Shape, string? Service, string Resource, string? Tenant, DateTimeOffset Time), Member>();
        var unknownUnits = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (role, tags, time, value, unit) in rows)
        {
            if (!tags.TryGetValue(o.ResourceTag, out var resource) || string.IsNullOrWhiteSpace(resource))
                continue;
            string? tenant = null;
            if (role.Shape == Shape.Tenant && (!tags.TryGetValue(o.TenantTag, out tenant) || string.IsNullOrWhiteSpace(tenant)))
                continue;
            var service = tags.GetValueOrDefault("service");
            if (service is "N/A" or "")
                service = null;
            var key = (role.Shape, service, resource, tenant, time);
            if (!members.TryGetValue(key, out var member))
                members[key] = member = new Member();
            if (role.Measure is Measure.Requests or Measure.Errors)
            {
                member.Set(role.Measure, value);
                continue;
            }
            var fallback = role.Shape == Shape.Tenant ? o.TenantMetricUnit : TraceUnit;
            var perUnit = unit?.Family == "time" ? DatadogQueryText.MillisecondsPer(unit.Name) : null;
            if (unit is not null && perUnit is null)
                unknownUnits.Add(unit.Name);
            member.Set(role.Measure, value * (perUnit ?? DatadogQueryText.MillisecondsPer(fallback)!.Value));
        }
        if (unknownUnits.Count > 0)
            warnings.Add($"latency {what}: unit(s) {string.Join(", ", unknownUnits)} not understood; values read as {TraceUnit} (trace) or {o.TenantMetricUnit} (tenant metric)");

        // APM counts hits and errors together and leaves out groups without errors: where requests are known and the
        // error query was asked, no error series means no errors. Without an error query, errors stay missing.
        var points = new Dictionary<SeriesKey, List<Point>>();
        var pathOf = new Dictionary<string, string>(StringComparer.Ordinal);
        string PathOf(string resource)
        {
            if (!pathOf.TryGetValue(resource, out var path))
                pathOf[resource] = path = paths.Normalize(resource);
            return path;
        }
        foreach (var group in members.GroupBy(m => (m.Key.Shape, m.Key.Service, Path: PathOf(m.Key.Resource), m.Key.Tenant, m.Key.Time)))
        {
            var (shape, service, path, tenant, time) = group.Key;
            var list = group.Select(g => g.Value).ToList();
            var dims = new List<(string, string)> { (Dims.Env, connection.Environment), (Dims.Path, path) };
            if (service is not null)
                dims.Add((Dims.Service, service));
            if (tenant is not null)
                dims.Add((Dims.Tenant, tenant));
            void Add(string metric, double? value)
            {
                if (value is not { } v || !double.IsFinite(v))
                    return;
                var key = new SeriesKey(metric, resolution, [.. dims]);
                if (!points.TryGetValue(key, out var p))
                    points[key] = p = [];
                p.Add(new Point(time, Math.Round(v, 3)));
            }

            double? requests = list.Any(m => m.Requests is not null) ? list.Sum(m => m.Requests ?? 0) : null;
            Add(Metrics.Requests, requests);
            if (asked.Contains(new Role(shape, Measure.Errors)) && (requests is not null || list.Any(m => m.Errors is not null)))
                Add(Metrics.Errors, list.Sum(m => m.Errors ?? 0));

            if (list.Count == 1)
            {
                Add(Metrics.LatencyP50, list[0].P50);
                Add(Metrics.LatencyP95, list[0].P95);
                Add(Metrics.LatencyP99, list[0].P99);
                continue;
            }
            var mixture = new LogNormalMixture();
            foreach (var m in list.Where(m => m.P50 > 0 && m.Requests > 0))
            {
                var mu = Math.Log(m.P50!.Value);
                var sigma = m.P95 > m.P50 ? (Math.Log(m.P95!.Value) - mu) / P95Z : 0.01;
                mixture.Add(m.Requests!.Value, mu, sigma);
            }
            if (mixture.Count == 0)
                continue;
            foreach (var (p, z) in Percentiles)
                Add(Metrics.Percentile(p), mixture.Quantile(p / 100.0, z));
        }
        return points.Select(kv => new SeriesPoints(kv.Key, kv.Value.OrderBy(p => p.Timestamp).ToList()));
    }

    // Day and week rollups of one key arrive as separate batches of one point each; the store wants one entry per key.
    private static List<SeriesPoints> Merge(List<SeriesPoints> series) =>
        series.GroupBy(s => s.Key)
            .Select(g => new SeriesPoints(g.Key, g.SelectMany(s => s.Points).GroupBy(p => p.Timestamp).Select(p => p.Last()).OrderBy(p => p.Timestamp).ToList()))
            .ToList();

    internal enum Shape
    {
        Endpoint,
        Tenant,
    }

    internal enum Measure
    {
        P50,
        P95,
        P99,
        Requests,
        Errors,
    }

    /// <summary>What a query measures and for which grouping.</summary>
    internal readonly record struct Role(Shape Shape, Measure Measure);

    /// <summary>A query with its role.</summary>
    internal sealed record RoleQuery(Role Role, DatadogQuery Query);

    private sealed class Member
    {
        public double? P50 { get; private set; }

        public double? P95 { get; private set; }

        public double? P99 { get; private set; }

        public double? Requests { get; private set; }

        public double? Errors { get; private set; }

        public void Set(Measure measure, double value)
        {
            switch (measure)
            {
                case Measure.P50: P50 = value; break;
                case Measure.P95: P95 = value; break;
                case Measure.P99: P99 = value; break;
                case Measure.Requests: Requests = (Requests ?? 0) + value; break;
                case Measure.Errors: Errors = (Errors ?? 0) + value; break;
            }
        }

        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"p50 {P50} p95 {P95} p99 {P99} n {Requests} err {Errors}");
    }

    /// <summary>Whether Datadog refused the calendar-aligned rollup for the environment less than <see cref="CalendarRollupRetryAfter"/> ago.</summary>
    private async Task<bool> CalendarRefusedAsync(string environment, CancellationToken cancellationToken)
    {
        if (await store.GetSettingAsync(CalendarRefusedSetting(environment), cancellationToken) is not { } json)
            return false;
        CalendarRefusal? refusal;
        try
        {
            refusal = JsonSerializer.Deserialize<CalendarRefusal>(json);
        }
        catch (JsonException)
        {
            // A setting this version cannot read: ask Datadog again, which writes it afresh if it still refuses.
            return false;
        }
        if (refusal?.RefusedAt is not { } text || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var refusedAt))
            return false;
        var age = time.GetUtcNow() - refusedAt;
        return age >= TimeSpan.Zero && age < CalendarRollupRetryAfter;
    }

    private sealed record CalendarRefusal(string RefusedAt, string Detail);
}
