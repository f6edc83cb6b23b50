using Microsoft.Extensions.Options;
using OpsReport.Core.Analysis;
using OpsReport.Core.Configuration;
using OpsReport.Core.Domain;
using OpsReport.Core.Storage;
using OpsReport.Core.Time;

namespace OpsReport.Core.Panels;

/// <summary>
/// Builds the logs page: hourly bytes per log group against its usual volume, and the level mix from the level-split
/// event series. "Usual" is the findings' own (<see cref="LogVolumeDetector.Usual"/> over the history the analysis
/// reads), so a group's "N× usual" here and in its finding are the same number for the same hours.
/// </summary>
public sealed class LogsQuery(IMetricStore store, IOptions<OpsReportOptions> options, ZoneCalendar zone)
{
    /// <summary>Weeks before the window whose same hours draw the usual range (the band around the usual line).</summary>
    public const int BaselineWeeks = 3;

    private static readonly TimeSpan Week = TimeSpan.FromDays(7);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly IReadOnlyDictionary<string, RegularSeries> NoLevels = new Dictionary<string, RegularSeries>();

    private readonly AnalysisOptions _analysis = options.Value.Analysis;
    private readonly AnalysisCalendar _calendar = AnalysisCalendar.From(zone, options.Value.Analysis);

    public async Task<LogsOverview> BuildAsync(string environment, TimeWindow window, CancellationToken ct = default)
    {
        // The analysis judges the LookbackDays up to the last complete hour; the same history gives the same baseline.
        var historyStart = window.End - TimeSpan.FromDays(_analysis.LookbackDays);
        var bandStart = window.Start - (Week * BaselineWeeks);
        var compared = EarlierWindow.Of(window);
        var span = new TimeWindow(new[] { historyStart, bandStart, compared.Start }.Min(), window.End);
        var bytes = await store.QueryAsync(new SeriesFilter(Metrics.LogBytes, Resolution.Hour, (Dims.Env, environment), (Dims.LogGroup, SeriesFilter.Any), (Dims.Level, SeriesFilter.Absent)), span, ct);
        var levelSeries = await store.QueryAsync(new SeriesFilter(Metrics.LogEvents, Resolution.Hour, (Dims.Env, environment), (Dims.LogGroup, SeriesFilter.Any), (Dims.Level, SeriesFilter.Any)),
            new TimeWindow(compared.Start, window.End), ct);
        var detector = new LogVolumeDetector(_analysis, _calendar);

        var groups = new List<LogGroupVolume>();
        foreach (var s in bytes)
        {
            var group = s.Key[Dims.LogGroup]!;
            var byTime = s.Points.ToDictionary(p => p.Timestamp, p => p.Value);
            var hourly = s.Points.Where(p => window.Contains(p.Timestamp)).ToList();
            var volume = RegularSeries.FromPoints(s.Points, historyStart, window.End, Hour);
            var usualOf = detector.Usual(new LogVolumeInput(group, s.Key.Dimensions, volume, IsBytes: true, NoLevels));
            var usual = new List<UsualRange>();
            for (var i = 0; i < volume.Count; i++)
            {
                var t = volume.TimeAt(i);
                if (!window.Contains(t) || !double.IsFinite(usualOf.At(i)))
                    continue;
                // The band: lowest to highest of the same hour in the previous weeks (the usual line inside it).
                var earlier = Enumerable.Range(1, BaselineWeeks).Select(w => t - (Week * w)).Where(byTime.ContainsKey).Select(e => byTime[e]).ToList();
                var u = usualOf.At(i);
                usual.Add(new UsualRange(t, u, earlier.Count > 0 ? Math.Min(earlier.Min(), u) : u, earlier.Count > 0 ? Math.Max(earlier.Max(), u) : u));
            }
            var against = usualOf.Over(window);
            var mine = levelSeries.Where(l => l.Key[Dims.LogGroup] == group).ToList();
            var levelsCompared = EarlierWindow.Covering([.. mine.SelectMany(l => l.Points).OrderBy(p => p.Timestamp)], compared, Hour).Count > 0;
            groups.Add(new LogGroupVolume(group, ViewMath.Sum(hourly), against?.Usual, against?.Ratio,
                ViewMath.Sum(EarlierWindow.Covering(s.Points, compared, Hour)),
                Levels(mine, window), Levels(levelsCompared ? mine : [], compared), hourly, usual));
        }
        return new LogsOverview(window, BaselineWeeks, groups
            .OrderByDescending(g => g.Ratio ?? 0).ThenByDescending(g => g.Bytes ?? 0).ThenBy(g => g.LogGroup, StringComparer.Ordinal).ToList());
    }

    private static Dictionary<string, double> Levels(IEnumerable<SeriesPoints> series, TimeWindow window) =>
        series.GroupBy(s => s.Key[Dims.Level]!)
            .Select(g => (Level: g.Key, Events: g.SelectMany(s => s.Points).Where(p => window.Contains(p.Timestamp)).Sum(p => p.Value)))
            .Where(x => x.Events > 0)
            .ToDictionary(x => x.Level, x => x.Events, StringComparer.Ordinal);
}
