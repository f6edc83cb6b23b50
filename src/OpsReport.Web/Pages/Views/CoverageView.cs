using System.Globalization;
using OpsReport.Core.Charts;
using OpsReport.Core.Panels;
using OpsReport.Web.Api;

namespace OpsReport.Web.Pages.Views;

/// <summary>Builds <c>/coverage</c>: every environment in one table, then the chosen one's streams (status, API cost) and what is and is not monitored.</summary>
public sealed class CoverageView(PageFrames frames, CoverageQuery query)
{
    public async Task<PanelsModel> BuildAsync(ViewArgs args, CancellationToken ct)
    {
        var page = await frames.CreateAsync(args, "/coverage", ct);
        var data = await query.BuildAsync(frames.Now, ct);
        var env = data.Environments.First(e => e.Environment == page.Environment.Name);
        string When(DateTimeOffset? t) => t is { } v ? page.LocalTime(v) : page.T("common.noData");
        PanelCell Count(long n) => new(n.ToString("#,##0", CultureInfo.InvariantCulture), n);

        var panels = new List<ViewPanel>
        {
            new("environments", page.T("coverage.environments"), page.T("coverage.subtitle"), null,
                new PanelTable([page.T("frame.environment"), page.T("coverage.collectedUntil"), page.T("coverage.streamsShort"), page.T("coverage.failed30d"), page.T("coverage.monitored"), page.T("coverage.notMonitored"), page.T("coverage.usd30d")],
                    data.Environments.Select(e => (IReadOnlyList<PanelCell>)
                    [
                        Cells.Text(e.Environment), Cells.Text(When(e.CollectedUntil)), Count(e.Streams.Count),
                        new PanelCell(e.FailingStreams.ToString(CultureInfo.InvariantCulture), e.FailingStreams, e.FailingStreams > 0 ? CellTone.Worse : CellTone.Neutral),
                        Count(e.Monitored.Count), new PanelCell(e.NotMonitored.Count.ToString(CultureInfo.InvariantCulture), e.NotMonitored.Count, e.NotMonitored.Count > 0 ? CellTone.Worse : CellTone.Neutral),
                        Cells.Value((double)e.Streams.Sum(s => s.Usd30d), "USD"),
                    ]).ToList()), [])
            {
                OpenTable = true,
                Wide = true,
                RowLinks = data.Environments.Select(e => (string?)$"/coverage?env={Uri.EscapeDataString(e.Environment)}" + (page.LanguageParameter is { } l ? "&lang=" + l : "")).ToList(),
            },
            new("streams", page.T("coverage.streams"), page.Environment.DisplayName, null,
                new PanelTable([page.T("coverage.source"), page.T("coverage.stream"), page.T("coverage.lastStatus"), page.T("coverage.lastRunAt"), page.T("coverage.collectedUntil"),
                    page.T("coverage.runs30d"), page.T("coverage.failed30d"), page.T("coverage.apiCalls30d"), page.T("coverage.metrics30d"), page.T("coverage.scanned30d"), page.T("coverage.usd30d"), page.T("coverage.usd24h"), page.T("coverage.error")],
                    env.Streams.Select(s => (IReadOnlyList<PanelCell>)
                    [
                        Cells.Text(s.Source), Cells.Text(s.Stream),
                        s.LastStatus is { } st ? new PanelCell(st.ToString(), null, st is OpsReport.Core.Domain.RunStatus.Succeeded ? CellTone.Better : CellTone.Worse) : PanelCell.Missing,
                        Cells.Text(When(s.LastRunAt)), Cells.Text(When(s.CollectedUntil)), Count(s.Runs30d),
                        new PanelCell(s.FailedRuns30d.ToString(CultureInfo.InvariantCulture), s.FailedRuns30d, s.FailedRuns30d > 0 ? CellTone.Worse : CellTone.Neutral),
                        Count(s.ApiCalls30d), Count(s.MetricsRequested30d), Cells.Value(s.BytesScanned30d, "bytes"), Cells.Value((double)s.Usd30d, "USD"), Cells.Value((double)s.Usd24h, "USD"),
                        Cells.Text(s.LastError ?? ""),
                    ]).ToList()), env.Streams.Count == 0 ? [page.T("frame.noData")] : [])
            { OpenTable = true, Wide = true },
            Items("not-monitored", page.T("coverage.notMonitored"), env.NotMonitored, page, When, env.NotMonitored.Count == 0 && env.Findings.Count == 0 ? [page.T("coverage.allGood")] : env.Findings.Select(page.FindingSummary).ToList(), open: true),
            Items("monitored", page.T("coverage.monitored"), env.Monitored, page, When, [], open: false),
        };
        var facts = new List<string>
        {
            page.F("coverage.streamsCount", env.Streams.Count) + (env.FailingStreams > 0 ? " · " + page.F("coverage.failing", env.FailingStreams) : ""),
            page.F("coverage.monitoredCount", env.Monitored.Count, env.NotMonitored.Count),
            $"{page.T("coverage.usd30d")}: {ValueFormat.Format((double)env.Streams.Sum(s => s.Usd30d), "USD")}",
        };
        return new PanelsModel(page, page.T("coverage.title"), page.Environment.DisplayName, facts, panels, "/api/coverage" + page.Link()[page.Path.Length..],
            new { asOf = data.AsOf, environments = data.Environments.Select(e => new { e.Environment, e.CollectedUntil, e.Streams, e.Monitored, e.NotMonitored, findings = e.Findings.Select(FindingJson.From) }) });
    }

    private static ViewPanel Items(string id, string title, IReadOnlyList<CoverageItem> items, PageContext page, Func<DateTimeOffset?, string> when, IReadOnlyList<string> notes, bool open) =>
        new(id, title, null, null,
            new PanelTable([page.T("coverage.signal"), page.T("coverage.subject"), page.T("coverage.lastSeen"), page.T("coverage.state"), page.T("coverage.detail")],
                items.Select(i => (IReadOnlyList<PanelCell>)
                [
                    Cells.Text(i.Signal), Cells.Text(i.Subject), Cells.Text(when(i.LastSeen)),
                    new PanelCell(page.T("coverage.state." + i.State), null, i.State == CoverageState.Ok ? CellTone.Better : CellTone.Worse), Cells.Text(i.Detail ?? ""),
                ]).ToList()), notes)
        { OpenTable = open };
}
