using OpsReport.Core.Charts;
using OpsReport.Core.Domain;
using OpsReport.Core.Panels;

namespace OpsReport.Web.Pages.Views;

/// <summary>Builds <c>/cost</c>: the movers, cost by service, usage type and account, and 30 days of daily cost by service.</summary>
public sealed class CostView(PageFrames frames, CostQuery query)
{
    private const int MaxLines = 15;
    private const int ChartServices = 6;

    public async Task<PanelsModel> BuildAsync(ViewArgs args, CancellationToken ct)
    {
        var page = await frames.CreateAsync(args, "/cost", ct);
        var periods = args.Request.Range.Periods(frames.Now, frames.Calendar, args.Language);
        var data = await query.BuildAsync(page.Environment.Name, periods, frames.Now, ct);
        var cur = page.F("cost.current", periods.CurrentLabel);
        var prev = page.F("cost.current", periods.PreviousLabel);

        var movers = data.Lines.Take(MaxLines).ToList();
        var chart = new ChartBuilder(page.Calendar, page.F("cost.daily", CostQuery.TrendDays), "USD", data.TrendDates, Resolution.Day, utcAligned: true) { Language = page.Language };
        var i = 0;
        foreach (var t in data.DailyByService.Take(ChartServices))
            chart.Add(t.AwsService, t.Daily, i++);

        var panels = new List<ViewPanel>
        {
            new("movers", page.T("cost.movers"), page.F("cost.subtitle", periods.CurrentLabel, periods.PreviousLabel), null,
                new PanelTable([page.T("cost.awsService"), page.T("cost.usageType"), page.T("cost.account"), cur, prev, page.T("cost.difference"), page.T("common.change"), page.T("cost.share")],
                    movers.Select(l => (IReadOnlyList<PanelCell>)
                    [
                        Cells.Text(l.AwsService), Cells.Text(l.UsageType), Cells.Text(l.Account), Cells.Value(l.Current, "USD"), Cells.Value(l.Previous, "USD"),
                        Cells.Money(l.Delta), Cells.Change(l.Current, l.Previous, threshold: 20), Cells.Percent(l.ShareOfChange),
                    ]).ToList()), data.Lines.Count == 0 ? [page.T("common.noData")] : [])
            { OpenTable = true, Wide = true },
            new("daily", page.F("cost.daily", CostQuery.TrendDays), page.F("cost.subtitle", periods.CurrentLabel, periods.PreviousLabel), chart.Build(), null, []) { Wide = true },
            Group("services", page.T("cost.byService"), page.T("cost.awsService"), data.ByService, page, cur, prev),
            Group("usage-types", page.T("cost.byUsageType"), page.T("cost.usageType"), data.ByUsageType, page, cur, prev),
            Group("accounts", page.T("cost.byAccount"), page.T("cost.account"), data.ByAccount, page, cur, prev),
        };
        var facts = new List<string>
        {
            $"{page.T("cost.total")} {periods.CurrentLabel}: {ValueFormat.Format(data.Total, "USD", language: page.Language)}",
            $"{periods.PreviousLabel}: {ValueFormat.Format(data.TotalPrevious, "USD", language: page.Language)}",
            $"{page.T("common.change")}: {ValueFormat.Change(data.Total, data.TotalPrevious, language: page.Language)}",
        };
        return new PanelsModel(page, page.T("cost.title"), page.F("cost.subtitle", periods.CurrentLabel, periods.PreviousLabel), facts, panels, "/api/cost" + page.Link()[page.Path.Length..],
            new { environment = page.Environment.Name, periods, currentDates = data.CurrentDates, previousDates = data.PreviousDates, total = data.Total, totalPrevious = data.TotalPrevious,
                lines = data.Lines, byService = data.ByService, byUsageType = data.ByUsageType, byAccount = data.ByAccount, trendDates = data.TrendDates, daily = data.DailyByService });
    }

    private static ViewPanel Group(string id, string title, string column, IReadOnlyList<CostGroup> groups, PageContext page, string cur, string prev) =>
        new(id, title, null, null,
            new PanelTable([column, cur, prev, page.T("cost.difference"), page.T("common.change")],
                groups.Select(g => (IReadOnlyList<PanelCell>)[Cells.Text(g.Name), Cells.Value(g.Current, "USD"), Cells.Value(g.Previous, "USD"), Cells.Money(g.Delta), Cells.Change(g.Current, g.Previous, threshold: 20)]).ToList()),
            groups.Count == 0 ? [page.T("common.noData")] : [])
        { OpenTable = true };
}
