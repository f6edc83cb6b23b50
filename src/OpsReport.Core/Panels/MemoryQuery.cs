using Microsoft.Extensions.Options;
using OpsReport.Core.Analysis;
using OpsReport.Core.Configuration;
using OpsReport.Core.Domain;
using OpsReport.Core.Storage;
using OpsReport.Core.Time;

namespace OpsReport.Core.Panels;

/// <summary>Builds the memory page from the hourly utilization series and the open memory findings.</summary>
public sealed class MemoryQuery(IMetricStore store, ZoneCalendar calendar, IOptions<OpsReportOptions> options)
{
    /// <summary>A projection further out than this is not a date anyone plans for.</summary>
    private static readonly TimeSpan Horizon = TimeSpan.FromDays(365);

    /// <summary>Below this growth per day a trend of daily peaks is noise, not a trend.</summary>
    private const double MinSlopePerDay = 0.2;

    public async Task<MemoryOverview> BuildAsync(string environment, TimeWindow window, CancellationToken ct = default)
    {
        var analysis = options.Value.Analysis;
        var threshold = analysis.MemoryThresholdPercent;
        var asOf = window.End;
        // Whether a trend is real is decided as the memory findings decide it: over the detector's window of hourly
        // data, between restarts, with its significance bar. A line through noisy daily peaks is drawn only then.
        var detector = new MemoryTrendDetector(analysis, AnalysisCalendar.From(calendar, analysis));
        var trendWindow = new TimeWindow(TimeWindow.FloorToHour(asOf) - TimeSpan.FromDays(analysis.MemoryWindowDays), TimeWindow.FloorToHour(asOf));
        var filter = new SeriesFilter(Metrics.MemoryUtilization, Resolution.Hour, (Dims.Env, environment), (Dims.Service, SeriesFilter.Any));
        var current = await store.QueryAsync(filter, window, ct);
        var earlier = EarlierWindow.Of(window);
        var before = (await store.QueryAsync(filter, earlier, ct)).ToDictionary(s => s.Key[Dims.Service]!, s => s.Points, StringComparer.Ordinal);
        var findings = (await store.GetFindingsAsync(environment, FindingState.Open, ct)).Where(f => f.Kind == FindingKind.MemoryTrend).ToList();
        var measured = (await store.QueryAsync(filter, trendWindow, ct)).ToDictionary(s => s.Key[Dims.Service]!,
            s => detector.Analyze(RegularSeries.FromPoints(s.Points, trendWindow.Start, trendWindow.End, TimeSpan.FromHours(1)), trendWindow.End), StringComparer.Ordinal);

        var services = new List<MemoryService>();
        foreach (var s in current.OrderBy(s => s.Key[Dims.Service], StringComparer.Ordinal))
        {
            var service = s.Key[Dims.Service]!;
            var finding = findings.FirstOrDefault(f => f.Subject == service || f.Labels.GetValueOrDefault(Facts.LabelService) == service);
            double? latest = s.Points.Count > 0 ? s.Points[^1].Value : null;
            var lastWeek = before.GetValueOrDefault(service) ?? [];
            var trend = Trend(s.Points, finding, measured.GetValueOrDefault(service), latest, asOf, threshold);
            services.Add(new MemoryService(service, latest, ViewMath.Max(s.Points), ViewMath.Max(EarlierWindow.Covering(lastWeek, earlier, TimeSpan.FromHours(1))), trend.Source, trend.Slope, trend.Start, trend.StartValue,
                trend.ProjectedAt, s.Points, lastWeek, finding));
        }
        return new MemoryOverview(window, asOf, threshold, services
            .OrderBy(m => m.ProjectedAt ?? DateTimeOffset.MaxValue).ThenByDescending(m => m.Peak ?? 0).ToList());
    }

    private (MemoryTrendSource Source, double? Slope, DateTimeOffset Start, double? StartValue, DateTimeOffset? ProjectedAt) Trend(
        IReadOnlyList<Point> hourly, Finding? finding, MemoryTrend? measured, double? latest, DateTimeOffset asOf, double threshold)
    {
        // The finding's slope is measured between restarts; a line through the raw series would hide the leak the way restarts do.
        if (finding is not null && finding.Numbers.TryGetValue(Facts.SlopePerDay, out var slope) && slope > 0)
        {
            var from = finding.Numbers.TryGetValue(Facts.CurrentPercent, out var c) ? c : latest;
            DateTimeOffset? at = finding.Numbers.TryGetValue(Facts.LimitAt, out var unix) ? DateTimeOffset.FromUnixTimeSeconds((long)unix) : Project(from, slope, asOf, threshold);
            return (MemoryTrendSource.Finding, slope, asOf, from, at);
        }
        var peaks = hourly.GroupBy(p => calendar.DayOf(p.Timestamp).Start)
            .Where(g => g.Count() >= 12)
            .Select(g => ((g.Key - asOf).TotalDays, g.Max(p => p.Value)))
            .ToList();
        if (peaks.Count < 5 || ViewMath.TheilSenSlope(peaks) is not { } s)
            return (MemoryTrendSource.None, null, asOf, latest, null);
        var intercept = ViewMath.LowerMedian(peaks.Select(p => p.Item2 - s * p.Item1)) ?? 0;
        if (s < MinSlopePerDay || measured is not { SlopePerDay: > 0 } m || !(m.Z >= options.Value.Analysis.MemorySignificantZ))
            return (MemoryTrendSource.None, s, asOf, intercept, null);
        return (MemoryTrendSource.DailyPeaks, s, asOf, intercept, Project(intercept, s, asOf, threshold));
    }

    private static DateTimeOffset? Project(double? from, double slopePerDay, DateTimeOffset asOf, double threshold)
    {
        if (from is not { } v || slopePerDay <= 0)
            return null;
        if (v >= threshold)
            return asOf;
        var days = (threshold - v) / slopePerDay;
        return days * TimeSpan.TicksPerDay < Horizon.Ticks ? asOf.AddDays(days) : null;
    }
}
