using OpsReport.Core.Domain;
using OpsReport.Core.Storage;
using OpsReport.Core.Time;

namespace OpsReport.Core.Panels;

/// <summary>Builds the cost page from the daily cost lines in the store (dollars are summed; nothing else is).</summary>
public sealed class CostQuery(IMetricStore store, ZoneCalendar calendar)
{
    public const int TrendDays = 30;

    public async Task<CostOverview> BuildAsync(string environment, ComparisonPeriods periods, DateTimeOffset now, CancellationToken ct = default)
    {
        var filter = new SeriesFilter(Metrics.CostDaily, Resolution.Day, (Dims.Env, environment), (Dims.AwsService, SeriesFilter.Any));
        var currentDates = ViewMath.BillingDates(periods.Current, calendar);
        var previousDates = ViewMath.BillingDates(periods.Previous, calendar);
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var trendDates = new TimeWindow(today.AddDays(-TrendDays), today);
        var earliest = new[] { previousDates.Start, trendDates.Start }.Min();
        var latest = new[] { currentDates.End, trendDates.End }.Max();
        var series = await store.QueryAsync(filter, new TimeWindow(earliest, latest), ct);

        var lines = series.Select(s =>
        {
            var cur = ViewMath.Sum(s.Points.Where(p => currentDates.Contains(p.Timestamp)));
            var prev = ViewMath.Sum(s.Points.Where(p => previousDates.Contains(p.Timestamp)));
            return (Account: s.Key[Dims.Account] ?? "", Service: s.Key[Dims.AwsService]!, Usage: s.Key[Dims.UsageType] ?? "", Cur: cur, Prev: prev);
        }).Where(l => l.Cur is not null || l.Prev is not null).ToList();
        double? total = lines.Any(l => l.Cur is not null) ? lines.Sum(l => l.Cur ?? 0) : null;
        double? totalPrev = lines.Any(l => l.Prev is not null) ? lines.Sum(l => l.Prev ?? 0) : null;
        var change = (total ?? 0) - (totalPrev ?? 0);
        var costLines = lines
            .Select(l =>
            {
                // A line that is new (or gone) moved by its whole amount; missing on both sides stays missing.
                double? delta = l.Cur is null && l.Prev is null ? null : (l.Cur ?? 0) - (l.Prev ?? 0);
                return new CostLine(l.Account, l.Service, l.Usage, l.Cur, l.Prev, delta, delta is { } d && Math.Abs(change) > 1e-9 ? d / change : null);
            })
            .OrderByDescending(l => Math.Abs(l.Delta ?? 0)).ThenBy(l => l.AwsService, StringComparer.Ordinal).ThenBy(l => l.UsageType, StringComparer.Ordinal)
            .ToList();

        var daily = series.GroupBy(s => s.Key[Dims.AwsService]!)
            .Select(g => new CostTrend(g.Key, g.SelectMany(s => s.Points).Where(p => trendDates.Contains(p.Timestamp))
                .GroupBy(p => p.Timestamp).Select(d => new Point(d.Key, d.Sum(p => p.Value))).OrderBy(p => p.Timestamp).ToList()))
            .OrderByDescending(t => t.Daily.Sum(p => p.Value)).ToList();

        return new CostOverview(periods, currentDates, previousDates, total, totalPrev, costLines,
            Group(costLines, l => l.AwsService), Group(costLines, l => l.AwsService + " " + l.UsageType), Group(costLines, l => l.Account),
            trendDates, daily);
    }

    private static IReadOnlyList<CostGroup> Group(IEnumerable<CostLine> lines, Func<CostLine, string> by) =>
        lines.GroupBy(by)
            .Select(g => new CostGroup(g.Key,
                g.Any(l => l.Current is not null) ? g.Sum(l => l.Current ?? 0) : null,
                g.Any(l => l.Previous is not null) ? g.Sum(l => l.Previous ?? 0) : null,
                g.Any(l => l.Delta is not null) ? g.Sum(l => l.Delta ?? 0) : null))
            .OrderByDescending(g => Math.Abs(g.Delta ?? 0)).ThenByDescending(g => g.Current ?? 0).ThenBy(g => g.Name, StringComparer.Ordinal)
            .ToList();
}
