using OpsReport.Core.Domain;
using OpsReport.Core.Storage;

namespace OpsReport.Core.Panels;

/// <summary>Builds the logs page: hourly bytes per log group, a same-hour-of-week baseline, and the level mix from the level-split event series.</summary>
public sealed class LogsQuery(IMetricStore store)
{
    /// <summary>Weeks before the window whose same hours make the usual range (the analysis baseline uses 2–4).</summary>
    public const int BaselineWeeks = 3;

    private static readonly TimeSpan Week = TimeSpan.FromDays(7);

    public async Task<LogsOverview> BuildAsync(string environment, TimeWindow window, CancellationToken ct = default)
    {
        var span = new TimeWindow(window.Start - Week * BaselineWeeks, window.End);
        var bytes = await store.QueryAsync(new SeriesFilter(Metrics.LogBytes, Resolution.Hour, (Dims.Env, environment), (Dims.LogGroup, SeriesFilter.Any), (Dims.Level, SeriesFilter.Absent)), span, ct);
        var levelSeries = await store.QueryAsync(new SeriesFilter(Metrics.LogEvents, Resolution.Hour, (Dims.Env, environment), (Dims.LogGroup, SeriesFilter.Any), (Dims.Level, SeriesFilter.Any)),
            new TimeWindow(window.Start - Week, window.End), ct);
        var lastWeek = window.Shift(-Week);

        var groups = new List<LogGroupVolume>();
        foreach (var s in bytes)
        {
            var group = s.Key[Dims.LogGroup]!;
            var byTime = s.Points.ToDictionary(p => p.Timestamp, p => p.Value);
            var hourly = s.Points.Where(p => window.Contains(p.Timestamp)).ToList();
            var usual = new List<UsualRange>();
            foreach (var p in hourly)
            {
                var earlier = Enumerable.Range(1, BaselineWeeks).Select(w => p.Timestamp - Week * w)
                    .Where(byTime.ContainsKey).Select(t => byTime[t]).ToList();
                if (earlier.Count > 0)
                    usual.Add(new UsualRange(p.Timestamp, ViewMath.LowerMedian(earlier)!.Value, earlier.Min(), earlier.Max()));
            }
            var total = ViewMath.Sum(hourly);
            // The usual total counts only hours that have a baseline, against the bytes of those same hours.
            var usualHours = usual.Select(u => u.Timestamp).ToHashSet();
            double? usualTotal = usual.Count == 0 ? null : usual.Sum(u => u.Median);
            var comparable = ViewMath.Sum(hourly.Where(p => usualHours.Contains(p.Timestamp)));
            var mine = levelSeries.Where(l => l.Key[Dims.LogGroup] == group).ToList();
            groups.Add(new LogGroupVolume(group, total, usualTotal, ViewMath.Ratio(comparable, usualTotal),
                ViewMath.Sum(s.Points.Where(p => lastWeek.Contains(p.Timestamp))),
                Levels(mine, window), Levels(mine, lastWeek), hourly, usual));
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
