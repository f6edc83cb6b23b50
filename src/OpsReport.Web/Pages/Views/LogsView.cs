using OpsReport.Core.Charts;
using OpsReport.Core.Domain;
using OpsReport.Core.Panels;

namespace OpsReport.Web.Pages.Views;

/// <summary>Builds <c>/logs</c>: per log group the volume against its usual range for those hours of the week, and the level mix.</summary>
public sealed class LogsView(PageFrames frames, LogsQuery query, OpsReport.Web.Hosting.ViewDataCache cache)
{
    private const int Charts = 5;

    public async Task<PanelsModel> BuildAsync(ViewArgs args, CancellationToken ct)
    {
        var page = await frames.CreateAsync(args, "/logs", ct);
        var window = args.Request.Range.ChartWindow(frames.Now);
        var data = await cache.GetOrBuildAsync($"logs|{page.Environment.Name}|{window}", c => query.BuildAsync(page.Environment.Name, window, c), ct);

        var earlier = EarlierWindow.Name(window, page.Language);
        var panels = new List<ViewPanel>
        {
            new("groups", page.T("logs.title"), page.F("logs.subtitle", data.BaselineWeeks), null,
                new PanelTable([page.T("common.logGroup"), page.T("logs.bytes"), page.T("logs.usual"), page.T("logs.ratio"), page.F("compare.ingested", earlier), page.T("logs.levels"),
                    page.T("logs.debugShare"), page.F("compare.debugShare", earlier)],
                    data.Groups.Select(g => (IReadOnlyList<PanelCell>)
                    [
                        Cells.Text(g.LogGroup), Cells.Value(g.Bytes, "bytes"), Cells.Value(g.UsualBytes, "bytes"), Cells.Ratio(g.Ratio), Cells.Value(g.BytesLastWeek, "bytes"),
                        Cells.Text(Mix(g.Levels, page)), Share(g.DebugShare), Share(g.DebugShareLastWeek),
                    ]).ToList()), data.Groups.Count == 0 ? [page.T("common.noData")] : [])
            { OpenTable = true, Wide = true },
        };
        foreach (var g in data.Groups.Take(Charts))
        {
            var band = g.Usual.ToDictionary(u => u.Timestamp, u => (u.Low, u.High));
            var chart = new ChartBuilder(page.Calendar, page.F("logs.chart", g.LogGroup), "bytes", window, Resolution.Hour) { Language = page.Language }
                .AddBand(page.T("logs.usualRange"), band, 0)
                .Add(g.LogGroup, g.Hourly, 1)
                .Build();
            panels.Add(new ViewPanel("group-" + Slug(g.LogGroup), page.F("logs.chart", g.LogGroup),
                page.F("logs.fact", "", Shown(ValueFormat.Format(g.Ratio, "ratio"), g.Ratio, page), ShareText(g.DebugShare, page)).TrimStart(':', ' ') + " · " + page.T("logs.levels") + ": " + Mix(g.Levels, page), chart, null, []));
        }
        var facts = data.Groups.Where(g => g.Ratio >= 2).Select(g => page.F("logs.fact", g.LogGroup, ValueFormat.Format(g.Ratio, "ratio"), ShareText(g.DebugShare, page))).ToList();
        return new PanelsModel(page, page.T("logs.title"), page.F("logs.subtitle", data.BaselineWeeks), facts, panels, "/api/logs" + page.Link()[page.Path.Length..],
            new { environment = page.Environment.Name, zone = page.Calendar.ZoneId, window = data.Window, baselineWeeks = data.BaselineWeeks,
                groups = data.Groups.Select(g => new { g.LogGroup, g.Bytes, g.UsualBytes, g.Ratio, g.BytesLastWeek, g.Levels, g.LevelsLastWeek, g.DebugShare, g.DebugShareLastWeek, hourly = g.Hourly, usual = g.Usual }) });
    }

    /// <summary>"DEBUG 98 % · INFO 2 %": shares of events by level, largest first.</summary>
    private static string Mix(IReadOnlyDictionary<string, double> levels, PageContext page)
    {
        var total = levels.Values.Sum();
        return total <= 0 ? page.T("common.missing") : string.Join(" · ", levels.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key} {ValueFormat.Format(kv.Value / total * 100, "%")}"));
    }

    /// <summary>An unknown level mix is "no data", never "DEBUG 0.0 %".</summary>
    private static string ShareText(double? share, PageContext page) => share is { } s ? ValueFormat.Format(s * 100, "%") : page.T("common.missing");

    private static string Shown(string text, double? value, PageContext page) => value is null ? page.T("common.missing") : text;

    private static PanelCell Share(double? share) =>
        share is null ? PanelCell.Missing : new PanelCell(ValueFormat.Format(share * 100, "%"), share * 100, share > 0.5 ? CellTone.Worse : CellTone.Neutral);

    public static string Slug(string text) => new(text.Trim('/').Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-').ToArray());
}
