using OpsReport.Core.Domain;
using OpsReport.Core.Panels;
using OpsReport.Web.Api;

namespace OpsReport.Web.Pages.Views;

/// <summary>
/// The incident view's model: the window, the numbers (<see cref="IncidentData"/>), the answer in four lines (what, who,
/// since when, compared with last week), the plain-text summary for the incident channel and one shareable URL.
/// </summary>
public sealed record IncidentModel(
    PageContext Page,
    IncidentData Data,
    string From,
    string To,
    string ShareUrl,
    IncidentVerdict Verdict,
    string Summary,
    IReadOnlyList<(string Label, string Href, bool Active)> QuickPicks,
    IReadOnlyList<ViewPanel> Panels,
    string ApiUrl) : IViewModel
{
    /// <summary>
    /// Tenants whose step series the JSON carries: the first rows (affected first, as the page lists them). Every row
    /// keeps its numbers; all rows' series are in <see cref="TenantSeriesCsv"/>, so a week of 170 tenant × path rows
    /// does not make a 2 MB answer.
    /// </summary>
    public const int TenantSeriesRows = 10;

    /// <summary>The name of the CSV download with every tenant row's series (<c>/api/incident/tenant-series.csv</c>).</summary>
    public const string TenantSeriesCsv = "tenant-series";

    public object Json
    {
        get
        {
            var calendar = Page.Calendar;
            var current = StepSeriesJson.Steps(Data.Window, Data.Step, calendar);
            var before = StepSeriesJson.Steps(Data.LastWeek, Data.Step, calendar);
            var step = Data.Step == Resolution.Day ? StepSeriesJson.Day : StepSeriesJson.Hour;
            object Pair(IReadOnlyList<Point> cur, IReadOnlyList<Point> lastWeek) =>
                new { current = StepSeriesJson.From(cur, current, step), lastWeek = StepSeriesJson.From(lastWeek, before, step) };
            var seriesUrl = ApiUrl.Replace("/api/incident?", "/api/incident/" + TenantSeriesCsv + ".csv?", StringComparison.Ordinal);
            return new
            {
                environment = Data.Environment,
                zone = calendar.ZoneId,
                window = Data.Window,
                lastWeek = Data.LastWeek,
                step = Data.Step.ToString(),
                since = Data.Since,
                verdict = Verdict,
                summary = Summary,
                shareUrl = ShareUrl,
                paths = Data.Paths.Select(p => new
                {
                    p.Path, p.P95, p.P95LastWeek, p.Ratio, p.P95Peak, p.P95PeakLastWeek, p.Requests, p.RequestsLastWeek, p.Errors, p.ErrorsLastWeek, p.Onset,
                    series = Pair(p.Current, p.LastWeekPoints),
                }),
                tenantSeriesCsv = seriesUrl,
                tenants = Data.Tenants.Select((t, i) => new
                {
                    t.Id, t.Name, t.Path, t.P95, t.P95LastWeek, t.RatioLastWeek, t.OthersP95, t.VsOthers, t.Requests, t.Onset, t.Shift,
                    t.IsAffected, t.IsAffectedOverWindow, t.Severity,
                    series = i < TenantSeriesRows
                        ? new { current = StepSeriesJson.From(t.Current, current, step), lastWeek = StepSeriesJson.From(t.LastWeekPoints, before, step), otherTenants = StepSeriesJson.From(t.OthersPoints, current, step) }
                        : null,
                }),
                requests = new { Data.Requests.Current, Data.Requests.LastWeek, series = Pair(Data.Requests.CurrentPoints, Data.Requests.LastWeekPoints) },
                errors = new { Data.Errors.Current, Data.Errors.LastWeek, series = Pair(Data.Errors.CurrentPoints, Data.Errors.LastWeekPoints) },
                memory = Data.Memory.Select(m => new { m.Service, m.Peak, m.PeakLastWeek, m.Latest, series = Pair(m.Current, m.LastWeekPoints) }),
                logs = Data.Logs.Select(l => new { l.LogGroup, l.Bytes, l.BytesLastWeek, l.Ratio, series = Pair(l.Current, l.LastWeekPoints) }),
                findings = Data.Findings.Select(FindingJson.From),
                gaps = Data.Gaps,
                deploys = Data.Deploys,
            };
        }
    }

    public IReadOnlyDictionary<string, Func<PanelTable>> Downloads => new Dictionary<string, Func<PanelTable>> { [TenantSeriesCsv] = TenantSeries };

    /// <summary>Every tenant row's series, step by step: its p95, its p95 the week before (same local time) and the other tenants' line.</summary>
    private PanelTable TenantSeries()
    {
        var week = TimeSpan.FromDays(7);
        var rows = new List<IReadOnlyList<PanelCell>>();
        foreach (var t in Data.Tenants)
        {
            var mine = t.Current.ToDictionary(p => p.Timestamp, p => p.Value);
            var lastWeek = t.LastWeekPoints.ToDictionary(p => p.Timestamp + week, p => p.Value);
            var others = t.OthersPoints.ToDictionary(p => p.Timestamp, p => p.Value);
            foreach (var at in StepSeriesJson.Steps(Data.Window, Data.Step, Page.Calendar))
                rows.Add([new PanelCell(Page.LocalTime(at)), Cells.Text(t.Id), Cells.Text(t.Path), Number(mine, at), Number(lastWeek, at), Number(others, at)]);
        }
        return new PanelTable([Page.T("common.time"), Page.T("common.tenant"), Page.T("common.path"), "p95 (ms)", Page.F("common.weekBefore", "p95") + " (ms)", Page.T("latency.otherTenants") + " (ms)"], rows);
    }

    private static PanelCell Number(Dictionary<DateTimeOffset, double> values, DateTimeOffset at) =>
        values.TryGetValue(at, out var v) ? Cells.Value(v, "ms") : PanelCell.Missing;
}

/// <summary>The answer in four lines, as the page shows it and the summary repeats it. Null parts are "nothing to say".</summary>
public sealed record IncidentVerdict(string? What, string? Who, string? Since, IReadOnlyList<string> AlsoMoved, bool Calm);
