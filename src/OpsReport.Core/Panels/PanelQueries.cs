using System.Globalization;
using OpsReport.Core.Charts;
using OpsReport.Core.Domain;
using OpsReport.Core.Storage;
using OpsReport.Core.Text;
using OpsReport.Core.Time;

namespace OpsReport.Core.Panels;

/// <summary>
/// Computes each panel's numbers and chart from the store only. Shared by the dashboard and the weekly report so the
/// two never disagree. Percentiles come from rollups at the period's own resolution; only counts and bytes are summed.
/// </summary>
public sealed class PanelQueries(IMetricStore store, TenantDirectory tenants, ZoneCalendar calendar)
{
    /// <summary>Below this many requests in a period a tenant's p95 is too thin to rank.</summary>
    public const int MinRequestsForRanking = 50;

    private static readonly TimeSpan LastWeek = TimeSpan.FromDays(7);

    public async Task<PanelData> LatencyAsync(PanelRequest r, CancellationToken ct = default)
    {
        var p95 = await PeriodValuesAsync(Metrics.LatencyP95, r, (Dims.Path, SeriesFilter.Any), (Dims.Tenant, SeriesFilter.Absent));
        var p99 = await PeriodValuesAsync(Metrics.LatencyP99, r, (Dims.Path, SeriesFilter.Any), (Dims.Tenant, SeriesFilter.Absent));
        var requests = await HourlySumsAsync(Metrics.Requests, r, ct, (Dims.Path, SeriesFilter.Any), (Dims.Tenant, SeriesFilter.Absent));

        var paths = p95.Keys.Union(requests.Keys.Select(k => k[Dims.Path]!))
            .OrderByDescending(path => requests.FirstOrDefault(kv => kv.Key[Dims.Path] == path).Value.Current ?? -1)
            .ThenBy(path => path, StringComparer.Ordinal)
            .Take(r.Top)
            .ToList();

        var rows = paths.Select(path =>
        {
            var (cur, prev) = p95.GetValueOrDefault(path);
            var (reqCur, reqPrev) = requests.FirstOrDefault(kv => kv.Key[Dims.Path] == path).Value;
            return (IReadOnlyList<PanelCell>)
            [
                new PanelCell(path),
                Cell(cur, "ms"),
                Cell(prev, "ms"),
                ChangeCell(cur, prev, higherIsWorse: true),
                Cell(p99.GetValueOrDefault(path).Current, "ms"),
                Cell(reqCur, "count"),
                ChangeCell(reqCur, reqPrev, higherIsWorse: false, neutral: true),
            ];
        }).ToList();

        var chart = await ChartAsync(r, T(r).LatencyChart, "ms",
            new SeriesFilter(Metrics.LatencyP95, r.ChartStep, (Dims.Env, r.Environment), (Dims.Path, SeriesFilter.Any), (Dims.Tenant, SeriesFilter.Absent)),
            key => key[Dims.Path]!, paths.Take(3).ToList(), withComparison: true, ct);

        return new PanelData(PanelKind.Latency, r.Title ?? T(r).LatencyTitle, Compared(r) + ChartSpan(r, r.ChartWindow),
            chart,
            new PanelTable([T(r).Path, "p95 " + r.Periods.CurrentLabel, "p95 " + r.Periods.PreviousLabel, T(r).Change, "p99", T(r).Requests, T(r).TrafficChange], rows,
                [PanelColumns.Path, PanelColumns.P95, "p95_previous", PanelColumns.Change, "p99", PanelColumns.Requests, "traffic_change"]),
            paths.Count == 0 ? [T(r).NoLatency] : []);
    }

    public async Task<PanelData> SlowTenantsAsync(PanelRequest r, CancellationToken ct = default)
    {
        var names = await tenants.GetNamesAsync(r.Environment, ct);
        var tenantP95 = await PeriodValuesByKeyAsync(Metrics.LatencyP95, r, (Dims.Path, SeriesFilter.Any), (Dims.Tenant, SeriesFilter.Any));
        var tenantRequests = await HourlySumsAsync(Metrics.Requests, r, ct, (Dims.Path, SeriesFilter.Any), (Dims.Tenant, SeriesFilter.Any));

        // The one comparison (TenantComparison): each tenant against the lower median p95 of the OTHER tenants on the path.
        double? RequestsOf(SeriesKey p95Key) =>
            tenantRequests.GetValueOrDefault(p95Key.WithMetric(Metrics.Requests).WithResolution(Resolution.Hour)).Current;
        var byPath = tenantP95.GroupBy(kv => kv.Key[Dims.Path]!)
            .ToDictionary(g => g.Key, g => g.Select(kv => new TenantValue(kv.Key[Dims.Tenant]!, kv.Value.Current, RequestsOf(kv.Key))).ToList());
        var compared = byPath.ToDictionary(kv => kv.Key, kv => TenantComparison.Compare(kv.Value));
        var ranked = tenantP95
            .Select(kv =>
            {
                var path = kv.Key[Dims.Path]!;
                var tenant = kv.Key[Dims.Tenant]!;
                var c = compared[path][tenant];
                return (path, tenant, kv.Value.Current, kv.Value.Previous, others: c.OthersP95, req: RequestsOf(kv.Key), ratio: c.Ratio);
            })
            // A tenant's own report lists all its measured paths, also those no other tenant uses (the baseline says "no data").
            .Where(x => r.Tenant is null ? x.ratio is not null : x.tenant == r.Tenant && x.Current is not null)
            .OrderByDescending(x => x.ratio ?? 0).ThenByDescending(x => x.req ?? 0)
            .Take(r.Top)
            .ToList();

        var rows = ranked.Select(x => (IReadOnlyList<PanelCell>)
        [
            new PanelCell(names.GetValueOrDefault(x.tenant, x.tenant)),
            new PanelCell(x.path),
            Cell(x.Current, "ms"),
            Cell(x.others, "ms"),
            new PanelCell(ValueFormat.Format(x.ratio, "ratio"), x.ratio, x.ratio >= 2 ? CellTone.Worse : CellTone.Neutral),
            Cell(x.Previous, "ms"),
            ChangeCell(x.Current, x.Previous, higherIsWorse: true),
            Cell(x.req, "count"),
        ]).ToList();

        ChartModel? chart = null;
        if (ranked.Count > 0)
        {
            var worst = ranked[0];
            var name = names.GetValueOrDefault(worst.tenant, worst.tenant);
            var builder = new ChartBuilder(calendar, string.Format(CultureInfo.InvariantCulture, T(r).SlowTenantChart, name, worst.path), "ms", r.ChartWindow, r.ChartStep) { Language = r.Language };
            var onPath = await store.QueryAsync(new SeriesFilter(Metrics.LatencyP95, r.ChartStep, (Dims.Env, r.Environment), (Dims.Path, worst.path), (Dims.Tenant, SeriesFilter.Any)), r.ChartWindow, ct);
            var lines = onPath.GroupBy(s => s.Key[Dims.Tenant]!)
                .Select(g => (Tenant: g.Key, Points: (IReadOnlyList<Point>)g.SelectMany(s => s.Points).OrderBy(p => p.Timestamp).ToList())).ToList();
            var baseline = TenantComparison.Rankable(byPath[worst.path]).Select(t => t.Tenant).ToHashSet(StringComparer.Ordinal);
            builder.Add(name, lines.FirstOrDefault(l => l.Tenant == worst.tenant).Points ?? [], TenantComparison.SubjectColour);
            builder.Add(T(r).OtherTenantsP95, TenantComparison.OthersLine(lines, worst.tenant, baseline), TenantComparison.ComparisonColour);
            chart = builder.Build();
        }

        return new PanelData(PanelKind.SlowTenants, r.Title ?? T(r).SlowTenantsTitle, Compared(r) + " · " + T(r).SlowTenantsSubtitle + ChartSpan(r, r.ChartWindow),
            chart,
            new PanelTable([T(r).Tenant, T(r).Path, T(r).TenantP95, T(r).OthersMedian, T(r).TimesOthers, T(r).TenantP95 + " " + r.Periods.PreviousLabel, T(r).Change, T(r).Requests], rows,
                [PanelColumns.Tenant, PanelColumns.Path, PanelColumns.TenantP95, PanelColumns.OthersP95, PanelColumns.Ratio, "tenant_p95_previous", PanelColumns.Change, PanelColumns.Requests]),
            ranked.Count == 0 ? [T(r).NoTenants] : []);
    }

    public async Task<PanelData> MemoryAsync(PanelRequest r, CancellationToken ct = default)
    {
        var filter = new SeriesFilter(Metrics.MemoryUtilization, Resolution.Hour, (Dims.Env, r.Environment), (Dims.Service, SeriesFilter.Any));
        var window = r.ChartWindow;
        var current = await store.QueryAsync(filter, window, ct);
        var earlierWindow = EarlierWindow.Of(window);
        var earlier = await store.QueryAsync(filter, earlierWindow, ct);
        var earlierName = EarlierWindow.Name(window, r.Language);
        var earlierByService = earlier.ToDictionary(s => s.Key[Dims.Service]!, s => s.Points);

        var rows = current.OrderBy(s => s.Key[Dims.Service], StringComparer.Ordinal).Select(s =>
        {
            var service = s.Key[Dims.Service]!;
            double? latest = s.Points.Count > 0 ? s.Points[^1].Value : null;
            double? max = s.Points.Count > 0 ? s.Points.Max(p => p.Value) : null;
            var before = earlierByService.GetValueOrDefault(service) ?? [];
            double? maxBefore = ViewMath.Max(EarlierWindow.Covering(before, earlierWindow, TimeSpan.FromHours(1)));
            return (IReadOnlyList<PanelCell>)
            [
                new PanelCell(service),
                Cell(latest, "%"),
                Cell(max, "%"),
                Cell(maxBefore, "%"),
                PointsCell(max, maxBefore, T(r)),
            ];
        }).ToList();
        var latestAt = current.Where(s => s.Points.Count > 0).Select(s => (DateTimeOffset?)s.Points[^1].Timestamp).Max();
        // "Latest" says which moment it is (in the subtitle, so the half-width table keeps its width).
        var latestNote = latestAt is { } at
            ? " · " + string.Format(CultureInfo.InvariantCulture, T(r).LatestAtFormat, calendar.ToLocal(at).ToString("MM-dd HH:mm", CultureInfo.InvariantCulture))
            : "";

        var chartBuilder = new ChartBuilder(calendar, T(r).MemoryChart, "%", window, Resolution.Hour) { Language = r.Language };
        var i = 0;
        foreach (var s in current.OrderBy(s => s.Key[Dims.Service], StringComparer.Ordinal))
        {
            if (r.Overlay && earlierByService.TryGetValue(s.Key[Dims.Service]!, out var before))
                chartBuilder.AddComparison(TextCatalog.Format(r.Language, "compare.series", s.Key[Dims.Service]!, earlierName), before, EarlierWindow.Offset(window), i);
            chartBuilder.Add(s.Key[Dims.Service]!, s.Points, i++);
        }
        return new PanelData(PanelKind.Memory, r.Title ?? T(r).MemoryTitle, TextCatalog.Format(r.Language, "compare.memorySubtitle", earlierName) + latestNote,
            chartBuilder.Build(),
            new PanelTable([T(r).Service, T(r).Latest, T(r).Peak, TextCatalog.Format(r.Language, "compare.peak", earlierName), T(r).Change], rows,
                [PanelColumns.Service, "latest", PanelColumns.Peak, PanelColumns.PeakPrevious, PanelColumns.Change]),
            rows.Count == 0 ? [T(r).NoMemory] : []);
    }

    public async Task<PanelData> LogVolumeAsync(PanelRequest r, CancellationToken ct = default)
    {
        var bytesFilter = new SeriesFilter(Metrics.LogBytes, Resolution.Hour, (Dims.Env, r.Environment), (Dims.LogGroup, SeriesFilter.Any), (Dims.Level, SeriesFilter.Absent));
        var current = await SumsAsync(bytesFilter, r.Periods.Current, Dims.LogGroup, ct);
        var previous = await SumsAsync(bytesFilter, r.Periods.Previous, Dims.LogGroup, ct);
        var allEvents = await SumsAsync(new SeriesFilter(Metrics.LogEvents, Resolution.Hour, (Dims.Env, r.Environment), (Dims.LogGroup, SeriesFilter.Any), (Dims.Level, SeriesFilter.Absent)), r.Periods.Current, Dims.LogGroup, ct);
        var debugEvents = await SumsAsync(new SeriesFilter(Metrics.LogEvents, Resolution.Hour, (Dims.Env, r.Environment), (Dims.LogGroup, SeriesFilter.Any), (Dims.Level, "DEBUG")), r.Periods.Current, Dims.LogGroup, ct);

        var groups = current.Keys.Union(previous.Keys)
            .OrderByDescending(g => Ratio(current.GetValueOrDefault(g), previous.GetValueOrDefault(g)) ?? 0)
            .ThenByDescending(g => current.GetValueOrDefault(g) ?? 0)
            .Take(r.Top)
            .ToList();
        var rows = groups.Select(g =>
        {
            var cur = current.GetValueOrDefault(g);
            var prev = previous.GetValueOrDefault(g);
            double? share = allEvents.GetValueOrDefault(g) is { } all && all > 0 && debugEvents.GetValueOrDefault(g) is { } dbg ? dbg / all * 100 : null;
            return (IReadOnlyList<PanelCell>)
            [
                new PanelCell(g),
                Cell(cur, "bytes"),
                Cell(prev, "bytes"),
                ChangeCell(cur, prev, higherIsWorse: true),
                share is null ? PanelCell.Missing : new PanelCell(share.Value.ToString("0.0", CultureInfo.InvariantCulture) + " %", share, share > 50 ? CellTone.Worse : CellTone.Neutral),
            ];
        }).ToList();

        var chart = await ChartAsync(r, T(r).LogsChart, "bytes", bytesFilter with { Resolution = Resolution.Hour },
            key => key[Dims.LogGroup]!, ChartedGroups(groups, current), withComparison: r.Overlay, ct, forceHourly: true);
        return new PanelData(PanelKind.LogVolume, r.Title ?? T(r).LogsTitle, Compared(r) + ChartSpan(r, r.ChartWindow),
            chart,
            new PanelTable([T(r).LogGroup, T(r).Ingested + " " + r.Periods.CurrentLabel, T(r).Ingested + " " + r.Periods.PreviousLabel, T(r).Change, T(r).DebugShare], rows,
                [PanelColumns.LogGroup, PanelColumns.Bytes, PanelColumns.BytesPrevious, PanelColumns.Change, PanelColumns.DebugShare]),
            groups.Count == 0 ? [T(r).NoLogs] : []);
    }

    public async Task<PanelData> CostAsync(PanelRequest r, CancellationToken ct = default)
    {
        var filter = new SeriesFilter(Metrics.CostDaily, Resolution.Day, (Dims.Env, r.Environment), (Dims.AwsService, SeriesFilter.Any));
        // Cost Explorer bills by UTC date: a period's cost is that of the UTC dates bearing its local dates.
        var current = await SumsAsync(filter, ViewMath.BillingDates(r.Periods.Current, calendar), Dims.AwsService, ct);
        var previous = await SumsAsync(filter, ViewMath.BillingDates(r.Periods.Previous, calendar), Dims.AwsService, ct);
        var services = current.Keys.Union(previous.Keys)
            .OrderByDescending(s => Math.Abs((current.GetValueOrDefault(s) ?? 0) - (previous.GetValueOrDefault(s) ?? 0)))
            .Take(r.Top)
            .ToList();
        var rows = services.Select(s =>
        {
            var cur = current.GetValueOrDefault(s);
            var prev = previous.GetValueOrDefault(s);
            double? delta = cur is { } c && prev is { } p ? c - p : null;
            return (IReadOnlyList<PanelCell>)
            [
                new PanelCell(s),
                Cell(cur, "USD"),
                Cell(prev, "USD"),
                DifferenceCell(delta),
                ChangeCell(cur, prev, higherIsWorse: true),
            ];
        }).ToList();

        // The chart has its own window (the last 30 local days; its title says so). Each billing date is drawn on the
        // local day bearing the same date, the rule the table's sums use, so its day labels are the configured zone's.
        var lastDay = calendar.DayOf(r.ChartWindow.End).Start;
        var chartWindow = new TimeWindow(calendar.DayOf(lastDay.AddDays(-29.5)).Start, lastDay);
        var daily = await store.QueryAsync(filter, ViewMath.BillingDates(chartWindow, calendar), ct);
        var builder = new ChartBuilder(calendar, T(r).CostChart, "USD", chartWindow, Resolution.Day) { Language = r.Language };
        var i = 0;
        foreach (var group in daily.GroupBy(s => s.Key[Dims.AwsService]!).Where(g => services.Take(5).Contains(g.Key)))
        {
            var summed = group.SelectMany(s => s.Points).GroupBy(p => p.Timestamp)
                .Select(g => new Point(calendar.Day(DateOnly.FromDateTime(g.Key.UtcDateTime)).Start, g.Sum(p => p.Value))).OrderBy(p => p.Timestamp).ToList();
            builder.Add(group.Key, summed, i++);
        }
        return new PanelData(PanelKind.Cost, r.Title ?? T(r).CostTitle, Compared(r) + " · " + T(r).CostSubtitle + ChartSpan(r, chartWindow),
            builder.Build(),
            new PanelTable([T(r).AwsService, T(r).Cost + " " + r.Periods.CurrentLabel, T(r).Cost + " " + r.Periods.PreviousLabel, T(r).Difference, T(r).Change], rows,
                [PanelColumns.AwsService, PanelColumns.Cost, PanelColumns.CostPrevious, PanelColumns.Difference, PanelColumns.Change]),
            services.Count == 0 ? [T(r).NoCost] : []);
    }

    private async Task<ChartModel> ChartAsync(PanelRequest r, string title, string unit, SeriesFilter filter, Func<SeriesKey, string> name,
        IReadOnlyList<string> only, bool withComparison, CancellationToken ct, bool forceHourly = false)
    {
        var step = forceHourly ? Resolution.Hour : r.ChartStep;
        filter = filter with { Resolution = step };
        var builder = new ChartBuilder(calendar, title, unit, r.ChartWindow, step) { Language = r.Language };
        var current = (await store.QueryAsync(filter, r.ChartWindow, ct)).Where(s => only.Contains(name(s.Key))).ToList();
        var earlier = withComparison
            ? (await store.QueryAsync(filter, r.ChartWindow.Shift(-LastWeek), ct)).ToDictionary(s => name(s.Key))
            : [];
        foreach (var s in current.OrderBy(s => only.ToList().IndexOf(name(s.Key))))
        {
            var index = only.ToList().IndexOf(name(s.Key));
            builder.Add(name(s.Key), s.Points, index);
            if (earlier.TryGetValue(name(s.Key), out var e))
                builder.AddComparison(name(s.Key) + T(r).WeekBefore, e.Points, LastWeek, index);
        }
        return builder.Build();
    }

    private async Task<Dictionary<string, (double? Current, double? Previous)>> PeriodValuesAsync(string metric, PanelRequest r, params (string, string)[] dims)
    {
        var byKey = await PeriodValuesByKeyAsync(metric, r, dims);
        return byKey.ToDictionary(kv => kv.Key[Dims.Path]!, kv => kv.Value);
    }

    /// <summary>The rollup point at the start of each period (the value for the whole period), per series.</summary>
    private async Task<Dictionary<SeriesKey, (double? Current, double? Previous)>> PeriodValuesByKeyAsync(string metric, PanelRequest r, params (string, string)[] dims)
    {
        var filter = new SeriesFilter(metric, r.Periods.Resolution, dims.Append((Dims.Env, r.Environment)).ToDictionary(d => d.Item1, d => d.Item2, StringComparer.Ordinal));
        var span = new TimeWindow(r.Periods.Previous.Start, r.Periods.Current.End);
        var series = await store.QueryAsync(filter, span);
        var result = new Dictionary<SeriesKey, (double?, double?)>();
        foreach (var s in series)
        {
            double? cur = s.Points.Where(p => p.Timestamp == r.Periods.Current.Start).Select(p => (double?)p.Value).FirstOrDefault();
            double? prev = s.Points.Where(p => p.Timestamp == r.Periods.Previous.Start).Select(p => (double?)p.Value).FirstOrDefault();
            if (cur is not null || prev is not null)
                result[s.Key] = (cur, prev);
        }
        return result;
    }

    /// <summary>
    /// Sums of an hourly count over the current and previous windows, per series (with the hourly key). Counts are
    /// summed from hours so both windows cover the same span, whatever rollups exist.
    /// </summary>
    private async Task<Dictionary<SeriesKey, (double? Current, double? Previous)>> HourlySumsAsync(string metric, PanelRequest r, CancellationToken ct, params (string, string)[] dims)
    {
        var filter = new SeriesFilter(metric, Resolution.Hour, dims.Append((Dims.Env, r.Environment)).ToDictionary(d => d.Item1, d => d.Item2, StringComparer.Ordinal));
        // Summed inside the store: a 30-day overview would otherwise read every hour of every tenant and path out.
        var current = await store.SumAsync(filter, r.Periods.Current, ct);
        var previous = (await store.SumAsync(filter, r.Periods.Previous, ct)).ToDictionary(s => s.Key, s => s.Sum);
        var result = new Dictionary<SeriesKey, (double?, double?)>();
        foreach (var (key, sum) in current)
            result[key] = (sum, previous.GetValueOrDefault(key));
        return result;
    }

    /// <summary>Sum of a countable metric (bytes, events, dollars) over a window per dimension value; null when no point exists.</summary>
    private async Task<Dictionary<string, double?>> SumsAsync(SeriesFilter filter, TimeWindow window, string by, CancellationToken ct)
    {
        var series = await store.SumAsync(filter, window, ct);
        return series.GroupBy(s => s.Key[by]!)
            .ToDictionary(g => g.Key, g => g.Any(s => s.Sum is not null) ? g.Sum(s => s.Sum ?? 0) : (double?)null);
    }

    private static string Compared(PanelRequest r) => T(r).Compared(r.Periods.CurrentLabel, r.Periods.PreviousLabel);

    /// <summary>
    /// A chart plotting another span than the periods the subtitle compares (the 30d range, the cost chart's 30 days)
    /// says its own span in the subtitle, so "yesterday vs …" never sits over 30 days of lines.
    /// </summary>
    private static string ChartSpan(PanelRequest r, TimeWindow chartWindow) =>
        chartWindow == r.Periods.Current ? "" : " · " + string.Format(CultureInfo.InvariantCulture, T(r).ChartLastDays, Math.Round((chartWindow.End - chartWindow.Start).TotalDays));

    private static PanelText T(PanelRequest r) => PanelText.For(r.Language);

    private static double? Ratio(double? current, double? previous) =>
        current is { } c && previous is { } p && p > 0 ? c / p : null;

    private static PanelCell Cell(double? value, string unit) =>
        value is null ? PanelCell.Missing : new PanelCell(ValueFormat.Format(value, unit), value);

    /// <summary>The chart shows the groups with the largest change and always the largest group.</summary>
    private static List<string> ChartedGroups(IReadOnlyList<string> groups, Dictionary<string, double?> bytes)
    {
        var charted = groups.Take(4).ToList();
        var largest = bytes.Where(kv => kv.Value is not null).OrderByDescending(kv => kv.Value).Select(kv => kv.Key).FirstOrDefault();
        if (largest is not null && charted.Count > 0 && !charted.Contains(largest))
            charted[^1] = largest;
        return charted;
    }

    /// <summary>A difference in dollars; one that rounds to $0.00 is no change (never red).</summary>
    public static PanelCell DifferenceCell(double? delta)
    {
        if (delta is not { } d)
            return PanelCell.Missing;
        if (Math.Abs(d) < 0.005)
            return new PanelCell(ValueFormat.Format(0, "USD"), 0, CellTone.Neutral);
        return new PanelCell((d > 0 ? "+" : "−") + ValueFormat.Format(Math.Abs(d), "USD"), d, d > 0 ? CellTone.Worse : CellTone.Better);
    }

    /// <summary>A change of a percentage is said in points (42.5 % → 59.6 % is "+17.1 points"), never as a relative change.</summary>
    private static PanelCell PointsCell(double? current, double? previous, PanelText text)
    {
        if (current is not { } c || previous is not { } p)
            return PanelCell.Missing;
        var points = c - p;
        var tone = Math.Abs(points) < 5 ? CellTone.Neutral : points > 0 ? CellTone.Worse : CellTone.Better;
        return new PanelCell(string.Format(CultureInfo.InvariantCulture, text.PointsFormat, ValueFormat.Points(points)), points, tone);
    }

    private static PanelCell ChangeCell(double? current, double? previous, bool higherIsWorse, bool neutral = false)
    {
        if (current is null || previous is null)
            return PanelCell.Missing;
        double? pct = previous == 0 ? null : (current - previous) / Math.Abs(previous.Value) * 100;
        var tone = neutral || pct is null || Math.Abs(pct.Value) < 10 ? CellTone.Neutral
            : (pct > 0) == higherIsWorse ? CellTone.Worse : CellTone.Better;
        return new PanelCell(ValueFormat.Change(current, previous), pct, tone);
    }
}

/// <summary>What a panel is asked for: environment, compared periods, chart window and step, how many rows, and an optional title.</summary>
/// <param name="Tenant">Restricts the slow-tenants panel to this tenant id (a per-tenant report); null for all tenants.</param>
/// <param name="Overlay">Also draw the week before on the memory and log-volume charts (the weekly report overlays every chart).</param>
public sealed record PanelRequest(string Environment, ComparisonPeriods Periods, TimeWindow ChartWindow, Resolution ChartStep, int Top = 10, string? Title = null,
    string? Tenant = null, bool Overlay = false, string Language = "en");
