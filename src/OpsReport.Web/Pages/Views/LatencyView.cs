using System.Globalization;
using OpsReport.Core.Charts;
using OpsReport.Core.Panels;

namespace OpsReport.Web.Pages.Views;

/// <summary>Builds the latency explorer (<c>/latency?env=&amp;range=&amp;q=&amp;top=&amp;sort=&amp;path=</c>) from the store.</summary>
public sealed class LatencyView(PageFrames frames, LatencyMatrixQuery matrixQuery, LatencyPathQuery pathQuery)
{
    public static readonly IReadOnlyList<string> Sorts = ["requests", "p95", "change", "path", "worst"];

    public async Task<LatencyModel> BuildAsync(ViewArgs args, CancellationToken ct)
    {
        var env = args.Request.Environment.Name;
        var top = args.Int("top", 6, 1, 50);
        var search = args.Text("q");
        var sort = args.Text("sort", 20) ?? "requests";
        if (!Sorts.Contains(sort))
            throw new BadViewRequestException("badRequest.unknownSort", sort, string.Join(", ", Sorts));
        var path = args.Text("path", 300);
        var paths = await pathQuery.PathsAsync(env, ct);
        if (path is not null && !paths.Contains(path))
            throw new BadViewRequestException("badRequest.noPath", path, env, string.Join(", ", paths.Take(30)) + (paths.Count > 30 ? ", …" : ""));

        var keep = new List<KeyValuePair<string, string>>();
        if (search is not null) keep.Add(new("q", search));
        if (args.Query.ContainsKey("top")) keep.Add(new("top", top.ToString(CultureInfo.InvariantCulture)));
        if (sort != "requests") keep.Add(new("sort", sort));
        if (path is not null) keep.Add(new("path", path));
        var page = await frames.CreateAsync(args, "/latency", ct, keep);

        var now = frames.Now;
        var periods = args.Request.Range.Periods(now, frames.Calendar, args.Language);
        var matrix = await matrixQuery.BuildAsync(env, periods, top, maxPaths: 40, search, ct);
        matrix = matrix with { Paths = SortRows(matrix.Paths, sort) };

        var panels = new List<ViewPanel> { MatrixTable(page, matrix) };
        LatencyPathDetail? detail = null;
        if (path is not null)
        {
            var window = args.Request.Range == OverviewRange.Day ? args.Request.Range.ChartWindow(now) : OverviewRange.Week.ChartWindow(now);
            detail = await pathQuery.BuildAsync(env, path, periods, window, ct);
            panels.AddRange(DetailPanels(page, detail, periods));
        }
        var api = "/api/latency" + page.Link()[page.Path.Length..];
        return new LatencyModel(page, matrix, detail, panels, api, top, search, sort, paths);
    }

    private static IReadOnlyList<MatrixPath> SortRows(IReadOnlyList<MatrixPath> rows, string sort) => sort switch
    {
        "p95" => rows.OrderByDescending(r => r.P95 ?? -1).ToList(),
        "change" => rows.OrderByDescending(r => Ratio(r.P95, r.P95Previous) ?? 0).ToList(),
        "path" => rows.OrderBy(r => r.Path, StringComparer.Ordinal).ToList(),
        "worst" => rows.OrderByDescending(r => r.Cells.Max(c => c.VsOthers) ?? 0).ToList(),
        _ => rows,
    };

    private static double? Ratio(double? a, double? b) => a is { } x && b is { } y && y > 0 ? x / y : null;

    /// <summary>The matrix as a flat table (the CSV and JSON readers' view): p95 and requests per tenant column.</summary>
    private static ViewPanel MatrixTable(PageContext page, LatencyMatrix m)
    {
        var columns = new List<string> { page.T("common.path"), page.T("latency.allTenants"), page.F("latency.previous", m.Periods.PreviousLabel), page.T("common.change"), page.T("latency.p99"), page.T("common.requests") };
        foreach (var t in m.Tenants)
        {
            var name = t.IsOther ? page.F("common.other", t.Folded) : t.Name;
            columns.Add(name + " p95");
            columns.Add(name + " " + page.T("common.requests"));
        }
        var rows = m.Paths.Select(p =>
        {
            var row = new List<PanelCell>
            {
                Cells.Text(p.Path), Cells.Value(p.P95, "ms"), Cells.Value(p.P95Previous, "ms"), Cells.Change(p.P95, p.P95Previous), Cells.Value(p.P99, "ms"), Cells.Value(p.Requests, "count"),
            };
            foreach (var c in p.Cells)
            {
                row.Add(c.P95 is null ? PanelCell.Missing : new PanelCell(ValueFormat.Format(c.P95, "ms"), c.P95, c.VsOthers >= 2 ? CellTone.Worse : CellTone.Neutral));
                row.Add(Cells.Value(c.Requests, "count"));
            }
            return (IReadOnlyList<PanelCell>)row;
        }).ToList();
        return new ViewPanel(LatencyModel.MatrixPanel, page.T("latency.matrix"), m.Periods.CurrentLabel, null, new PanelTable(columns, rows), []);
    }

    private static IEnumerable<ViewPanel> DetailPanels(PageContext page, LatencyPathDetail d, ComparisonPeriods periods)
    {
        var i = 0;
        foreach (var s in d.Hourly)
        {
            var chart = new ChartBuilder(page.Calendar, page.F("latency.percentileChart", s.Percentile), "ms", d.Window, OpsReport.Core.Domain.Resolution.Hour) { Language = page.Language }
                .AddComparison(page.T("common.lastWeek"), s.LastWeek, TimeSpan.FromDays(7), i)
                .Add(page.T("latency.thisWeek"), s.Current, i)
                .Build();
            i++;
            yield return new ViewPanel("p" + s.Percentile.ToString(CultureInfo.InvariantCulture), page.F("latency.percentileChart", s.Percentile), d.Path, chart, null, []);
        }

        var dayRows = d.Days.Select(x => (IReadOnlyList<PanelCell>)
        [
            Cells.Text(page.Calendar.ToLocal(x.Day).ToString(page.T("format.dayShort"), UiText.Culture(page.Language))),
            Cells.Value(x.P50, "ms"), Cells.Value(x.P95, "ms"), Cells.Value(x.P99, "ms"), Cells.Value(x.P95LastWeek, "ms"), Cells.Change(x.P95, x.P95LastWeek),
            Cells.Value(x.Requests, "count"), Cells.Value(x.Errors, "count"),
        ]).ToList();
        yield return new ViewPanel("days", page.T("latency.days"), d.Path, null,
            new PanelTable([page.T("latency.day"), "p50", "p95", "p99", page.T("latency.sameDayLastWeek"), page.T("common.change"), page.T("common.requests"), page.T("common.errors")], dayRows), [])
        { OpenTable = true };

        var tenantRows = d.Tenants.Select(t => (IReadOnlyList<PanelCell>)
        [
            Cells.Text(t.Name), Cells.Value(t.P95, "ms"), Cells.Ratio(t.VsOthers), Cells.Value(t.P95Previous, "ms"), Cells.Change(t.P95, t.P95Previous), Cells.Value(t.P99, "ms"), Cells.Value(t.Requests, "count"),
        ]).ToList();
        yield return new ViewPanel("tenants", page.T("latency.tenantsOnPath"), page.F("common.versus", periods.CurrentLabel, periods.PreviousLabel), null,
            new PanelTable([page.T("common.tenant"), "p95", page.T("common.vsOthers"), page.F("latency.previous", periods.PreviousLabel), page.T("common.change"), "p99", page.T("common.requests")], tenantRows), [])
        {
            OpenTable = true,
            RowLinks = d.Tenants.Select(t => (string?)page.Href("/tenants/" + Uri.EscapeDataString(t.Id))).ToList(),
        };
    }
}
