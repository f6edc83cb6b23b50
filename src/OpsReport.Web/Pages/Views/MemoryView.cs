using OpsReport.Core.Charts;
using OpsReport.Core.Domain;
using OpsReport.Core.Panels;
using OpsReport.Web.Api;

namespace OpsReport.Web.Pages.Views;

/// <summary>Builds <c>/memory</c>: per service the hourly utilization, the week before, the trend line and the projected date to the threshold.</summary>
public sealed class MemoryView(PageFrames frames, MemoryQuery query, OpsReport.Web.Hosting.ViewDataCache cache)
{
    public async Task<PanelsModel> BuildAsync(ViewArgs args, CancellationToken ct)
    {
        var page = await frames.CreateAsync(args, "/memory", ct);
        var end = TimeWindow.FloorToHour(frames.Now);
        var (days, ahead) = args.Request.Range switch
        {
            // The range chosen is the range shown (the trend is judged over the detector's own window whatever it is).
            OverviewRange.Day => (1, 7),
            OverviewRange.Week => (7, 14),
            _ => (30, 14),
        };
        var window = new TimeWindow(end.AddDays(-days), end);
        var data = await cache.GetOrBuildAsync($"memory|{page.Environment.Name}|{window}", c => query.BuildAsync(page.Environment.Name, window, c), ct);
        var threshold = ValueFormat.Format(data.ThresholdPercent, "%");
        var earlier = EarlierWindow.Name(window, page.Language);

        var panels = new List<ViewPanel>
        {
            new("services", page.T("memory.title"), page.F("memory.subtitle", threshold, earlier), null,
                new PanelTable([page.T("common.service"), page.F("memory.latestAt", page.When(data.AsOf.AddHours(-1))), page.T("memory.peak"), page.F("compare.peak", earlier), page.T("memory.slope"),
                    page.F("memory.projected", threshold), page.T("memory.trendSource")],
                    data.Services.Select(s => (IReadOnlyList<PanelCell>)
                    [
                        Cells.Text(s.Service), Cells.Value(s.Latest, "%"), Cells.Value(s.Peak, "%"), Cells.Value(s.PeakLastWeek, "%"),
                        s.SlopePerDay is { } slope ? new PanelCell(ValueFormat.Format(slope, "") + " pt/day", slope, slope >= 1 ? CellTone.Worse : CellTone.Neutral) : PanelCell.Missing,
                        s.ProjectedAt is { } at ? new PanelCell(page.When(at), (at - data.AsOf).TotalDays, (at - data.AsOf).TotalDays < 30 ? CellTone.Worse : CellTone.Neutral)
                            : Cells.Text(s.TrendSource == MemoryTrendSource.None ? page.T("memory.trend.None") : page.T("memory.never")),
                        Cells.Text(page.T("memory.trend." + s.TrendSource)),
                    ]).ToList()), data.Services.Count == 0 ? [page.T("common.noData")] : [])
            { OpenTable = true, Wide = true },
        };

        var chartRange = new TimeWindow(window.Start, window.End.AddDays(ahead));
        foreach (var s in data.Services)
        {
            var b = new ChartBuilder(page.Calendar, page.F("memory.chart", s.Service), "%", chartRange, Resolution.Hour) { Language = page.Language }
                .AddComparison(page.F("compare.series", s.Service, earlier), s.LastWeek, EarlierWindow.Offset(window), 0)
                .Add(s.Service, s.Hourly, 0);
            // Without a measured point the threshold line alone would draw a 0–100 % axis: a chart of nothing reads "no data".
            if (s.Hourly.Count > 0 || s.LastWeek.Count > 0)
                b.Add(page.F("common.threshold", threshold), Flat(chartRange, data.ThresholdPercent), 1, SeriesStyle.Threshold);
            if (s.SlopePerDay is { } slope && s.TrendStartValue is { } v && s.TrendSource != MemoryTrendSource.None)
            {
                // A finding's slope is growth between restarts: drawn forward from now, as "where it goes if not restarted".
                var from = s.TrendSource == MemoryTrendSource.Finding ? s.TrendStart : chartRange.Start;
                b.Add(page.T("memory.trendLine"), Line(from, chartRange.End, s.TrendStart, v, slope), 2, SeriesStyle.Threshold);
            }
            if (s.ProjectedAt is { } at)
                b.Annotate(at, page.F("memory.projected", threshold) + " " + page.When(at));
            var notes = s.Finding is { } f ? new[] { page.FindingSummary(f) } : [];
            panels.Add(new ViewPanel("service-" + s.Service, page.F("memory.chart", s.Service),
                s.ProjectedAt is { } p ? page.F("memory.projected", threshold) + ": " + page.When(p) + " · " + page.T("memory.trend." + s.TrendSource) : page.T("memory.trend." + s.TrendSource),
                b.Build(), null, notes));
        }
        var facts = data.Services.Where(s => s.ProjectedAt is not null).Select(s => $"{s.Service}: {page.F("memory.projected", threshold)} {page.When(s.ProjectedAt!.Value)}").ToList();
        return new PanelsModel(page, page.T("memory.title"), page.F("memory.subtitle", threshold, earlier), facts, panels, "/api/memory" + page.Link()[page.Path.Length..],
            new { environment = page.Environment.Name, zone = page.Calendar.ZoneId, window = data.Window, thresholdPercent = data.ThresholdPercent,
                services = data.Services.Select(s => new { s.Service, s.Latest, s.Peak, s.PeakLastWeek, trendSource = s.TrendSource.ToString(), s.SlopePerDay, s.ProjectedAt,
                    hourly = s.Hourly, lastWeek = s.LastWeek, finding = s.Finding is null ? null : FindingJson.From(s.Finding) }) });
    }

    private static List<Point> Flat(TimeWindow range, double value) =>
        Enumerable.Range(0, (int)range.Duration.TotalHours).Select(h => new Point(range.Start.AddHours(h), value)).ToList();

    private static List<Point> Line(DateTimeOffset from, DateTimeOffset to, DateTimeOffset origin, double value, double slopePerDay)
    {
        var points = new List<Point>();
        for (var t = TimeWindow.FloorToHour(from); t < to; t = t.AddHours(1))
        {
            var v = value + slopePerDay * (t - origin).TotalDays;
            if (v is >= 0 and <= 100)
                points.Add(new Point(t, v));
        }
        return points;
    }
}
