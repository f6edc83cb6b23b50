using System.Text;
using OpsReport.Core.Charts;
using OpsReport.Core.Domain;
using OpsReport.Core.Panels;
using OpsReport.Core.Storage;

namespace OpsReport.Web.Pages.Views;

/// <summary>Builds the incident view (<c>/incident?env=&amp;from=&amp;to=</c>, <c>last=</c> or <c>finding=</c>) from the store.</summary>
public sealed class IncidentView(PageFrames frames, IncidentQuery query, IMetricStore store, OpsReport.Web.Hosting.ViewDataCache cache)
{
    private const int MaxRows = 10;
    private const int ChartLines = 3;
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);

    public async Task<IncidentModel> BuildAsync(ViewArgs args, CancellationToken ct)
    {
        var env = args.Request.Environment.Name;
        var now = frames.Now;
        var calendar = frames.Calendar;
        TimeWindow window;
        if (args.Text("finding", 300) is { } findingId)
        {
            var finding = (await store.GetFindingsAsync(env, null, ct)).FirstOrDefault(f => f.Id == findingId)
                ?? throw new BadViewRequestException("badRequest.noFinding", findingId, env);
            window = IncidentWindow.ForFinding(finding, now);
        }
        else if (args.Text("last", 10) is { } last)
        {
            if (args.Query.ContainsKey("from") || args.Query.ContainsKey("to"))
                throw new BadViewRequestException("badRequest.lastOrRange");
            window = IncidentWindow.Last(last, now);
        }
        else
        {
            window = IncidentWindow.Parse(args.Text("from", 40), args.Text("to", 40), now, calendar);
        }

        var from = IncidentWindow.Local(window.Start, calendar);
        var to = IncidentWindow.Local(window.End, calendar);
        var page = await frames.CreateAsync(args, "/incident", ct, [new("from", from), new("to", to)], showRange: false);
        var data = await DataAsync(env, window, now, ct);
        data = data with { Findings = frames.Localize(data.Findings, page.Language) };

        var share = $"{args.Origin}/incident?env={Uri.EscapeDataString(env)}&from={from}&to={to}" + (page.LanguageParameter is { } l ? "&lang=" + l : "");
        var verdict = Verdict(page, data);
        var summary = Summary(page, data, verdict, share);
        var picks = IncidentWindow.QuickPicks.Select(p =>
        {
            var w = IncidentWindow.Last(p, now);
            return (page.F("incident.last", p), page.Href("/incident", ("from", IncidentWindow.Local(w.Start, calendar)), ("to", IncidentWindow.Local(w.End, calendar))), w == window);
        }).ToList();
        var api = "/api/incident" + page.Link()[page.Path.Length..];
        return new IncidentModel(page, data, from, to, share, verdict, summary, picks, Panels(page, data).ToList(), api);
    }

    /// <summary>The view's numbers for a window, computed once per data version (shared with /api/incident and the warm-up).</summary>
    public Task<IncidentData> DataAsync(string environment, TimeWindow window, DateTimeOffset now, CancellationToken ct) =>
        cache.GetOrBuildAsync($"incident|{environment}|{window}", c => query.BuildAsync(environment, window, now, c), ct);

    private static IncidentVerdict Verdict(PageContext page, IncidentData d)
    {
        var tenant = d.Affected.FirstOrDefault();
        var path = tenant is not null
            ? d.Paths.FirstOrDefault(p => p.Path == tenant.Path)
            : d.Paths.FirstOrDefault(p => p.Ratio >= IncidentTenant.RatioThreshold && (p.Requests ?? 0) >= IncidentQuery.MinRequests);

        string? what = path is null ? null
            : page.F("incident.pathLine", path.Path, Ms(page, path.P95), Ms(page, path.P95LastWeek), ValueFormat.Change(path.P95, path.P95LastWeek, language: page.Language), StepWord(page, d));
        string? who = null;
        if (tenant is not null)
        {
            // Judged over the window when its typical p95 moved; otherwise from its onset inside the window (a slowdown
            // covering less than half the window leaves the window's median where it was).
            who = tenant.IsAffectedOverWindow || tenant.Shift is not { } shift
                ? page.F("incident.tenantLine", tenant.Name, tenant.Path, Ms(page, tenant.P95), Ms(page, tenant.OthersP95), ValueFormat.Format(tenant.VsOthers, "ratio", language: page.Language), Ms(page, tenant.P95LastWeek), StepWord(page, d))
                : page.F("incident.tenantShiftLine", tenant.Name, tenant.Path, page.When(shift.Since), Ms(page, shift.P95), Ms(page, shift.P95Before), ValueFormat.Format(shift.Ratio, "ratio", language: page.Language),
                    Ms(page, shift.OthersP95), ValueFormat.Format(shift.VsOthers, "ratio", language: page.Language), StepWord(page, d));
            var more = d.Affected.Where(t => t.Id != tenant.Id).Select(t => t.Id).Distinct().Count();
            who += " " + (more == 0 ? page.T("incident.othersFine") : page.F("incident.othersToo", more));
        }
        string? since = d.Since switch
        {
            null => null,
            { FromFinding: true } s => page.F("incident.sinceFinding", page.When(s.At)),
            { AtWindowStart: true } s => page.F("incident.sinceBefore", page.When(s.At)),
            { } s => page.F("incident.sinceData", page.When(s.At)),
        };

        var also = new List<string>();
        if (ValueFormat.Change(d.Errors.Current, d.Errors.LastWeek, language: page.Language) is var ec && d.Errors.Current is { } e && d.Errors.LastWeek is { } el
            && el > 0 && Math.Abs(e - el) / el >= 0.2)
            also.Add(page.F("incident.errorsLine", ValueFormat.Format(e, "count"), ValueFormat.Format(el, "count"), ec));
        foreach (var m in d.Memory.Where(m => m.Peak - m.PeakLastWeek >= 5).Take(2))
            also.Add(page.F("incident.memoryLine", m.Service, ValueFormat.Format(m.Peak, "%"), ValueFormat.Format(m.PeakLastWeek, "%"), page.F("common.points", ValueFormat.Points(m.Peak!.Value - m.PeakLastWeek!.Value))));
        foreach (var g in d.Logs.Where(g => g.Ratio >= 1.5 && (g.Bytes ?? 0) - (g.BytesLastWeek ?? 0) >= 1_000_000).Take(2))
            also.Add(page.F("incident.logsLine", g.LogGroup, ValueFormat.Format(g.Bytes, "bytes"), ValueFormat.Format(g.BytesLastWeek, "bytes", language: page.Language), ValueFormat.Change(g.Bytes, g.BytesLastWeek, language: page.Language)));
        return new IncidentVerdict(what, who, since, also, Calm: what is null && who is null);
    }

    /// <summary>The plain text for the incident channel: what, who, since when, compared with last week, what else moved, the findings, the link.</summary>
    private static string Summary(PageContext page, IncidentData d, IncidentVerdict v, string share)
    {
        var sb = new StringBuilder();
        sb.Append('[').Append(page.Environment.DisplayName.ToUpperInvariant()).Append("] ").Append(page.T("incident.title")).Append(": ")
            .AppendLine(page.F("incident.window", page.LocalTime(d.Window.Start), page.LocalTime(d.Window.End), page.LocalTime(d.LastWeek.Start), page.LocalTime(d.LastWeek.End)) + " " + page.Calendar.ZoneId);
        if (v.Calm)
            sb.AppendLine(page.T("incident.nothing"));
        if (v.What is not null)
            sb.Append(page.T("incident.what")).Append(": ").AppendLine(v.What);
        if (v.Who is not null)
            sb.Append(page.T("incident.who")).Append(": ").AppendLine(v.Who);
        sb.Append(page.T("incident.sinceWhen")).Append(": ").AppendLine(v.Since ?? page.T("incident.sinceUnknown"));
        if (d.Requests.Current is not null)
            sb.Append(page.T("incident.vsLastWeek")).Append(": ").AppendLine(page.F("incident.requestsLine", ValueFormat.Format(d.Requests.Current, "count", language: page.Language), ValueFormat.Format(d.Requests.LastWeek, "count", language: page.Language), ValueFormat.Change(d.Requests.Current, d.Requests.LastWeek, language: page.Language)));
        if (d.Deploys.Count > 0)
            sb.Append(page.T("incident.deploys")).Append(": ").AppendLine(string.Join("; ", d.Deploys.Select(x => page.F("incident.deployLine", x.Service, x.Version, page.LocalTime(x.At)))));
        if (v.AlsoMoved.Count > 0)
            sb.Append(page.T("incident.alsoMoved")).Append(": ").AppendLine(string.Join("; ", v.AlsoMoved));
        // A finding's numbers are its own window's (it judged days, the view judges these hours): the line says so.
        foreach (var f in d.Findings.Take(3))
            sb.Append("- [").Append(page.T("common.severity." + f.Severity)).Append("] ").Append(page.FindingSummary(f)).Append(' ').AppendLine(page.F("incident.findingWindow", page.When(f.Start)));
        sb.Append(share);
        return sb.ToString();
    }

    private IEnumerable<ViewPanel> Panels(PageContext page, IncidentData d)
    {
        var step = d.Step == Resolution.Hour ? page.T("incident.hour") : page.T("incident.day");

        // Worst paths: table of all ranked, chart of the top few against last week.
        var paths = d.Paths.Take(MaxRows).ToList();
        var pathChart = Chart(page, d, page.T("incident.worstPaths"), "ms");
        var i = 0;
        foreach (var p in paths.Take(ChartLines))
        {
            pathChart.AddComparison(page.F("common.weekBefore", p.Path), p.LastWeekPoints, Week, i);
            pathChart.Add(p.Path, p.Current, i++);
        }
        yield return new ViewPanel("paths", page.T("incident.worstPaths"), page.T("incident.pathsSubtitle"), Marked(pathChart, page, d, IncidentSignal.Latency),
            new PanelTable([page.T("common.path"), page.T("incident.typical"), page.T("incident.typicalLastWeek"), page.T("common.change"), page.T("incident.peak"), page.T("incident.peakLastWeek"),
                page.T("common.requests"), page.T("common.errors"), page.T("incident.errorsLastWeek")],
                paths.Select(p => (IReadOnlyList<PanelCell>)
                [
                    Cells.Text(p.Path), Cells.Value(p.P95, "ms"), Cells.Value(p.P95LastWeek, "ms"), Cells.Change(p.P95, p.P95LastWeek, threshold: 20), Cells.Value(p.P95Peak, "ms"),
                    Cells.Value(p.P95PeakLastWeek, "ms"), Cells.Value(p.Requests, "count"), Cells.Value(p.Errors, "count"), Cells.Value(p.ErrorsLastWeek, "count"),
                ]).ToList()), paths.Count == 0 ? [page.T("common.noData")] : [])
        {
            OpenTable = true,
            Wide = true,
            RowLinks = paths.Select(p => (string?)page.Href("/latency", ("range", "7d"), ("path", p.Path))).ToList(),
        };

        // Tenants: the affected ones (or the closest to it), the worst drawn against last week and its path's other tenants.
        var affected = d.Affected.ToList();
        var tenants = (affected.Count > 0 ? affected : d.Tenants).Take(MaxRows).ToList();
        ChartModel? tenantChart = null;
        if (affected.FirstOrDefault() is { } worst)
        {
            var b = Chart(page, d, page.F("incident.tenantChart", worst.Name, worst.Path), "ms");
            b.AddComparison(page.F("common.weekBefore", worst.Name), worst.LastWeekPoints, Week, TenantComparison.SubjectColour);
            b.Add(worst.Name, worst.Current, TenantComparison.SubjectColour);
            b.Add(page.T("latency.otherTenants"), worst.OthersPoints, TenantComparison.ComparisonColour);
            tenantChart = Marked(b, page, d, IncidentSignal.Latency);
        }
        yield return new ViewPanel("tenants", page.T("incident.tenants"), page.T("incident.tenantsSubtitle"), tenantChart,
            new PanelTable([page.T("common.tenant"), page.T("common.path"), page.T("incident.typical"), page.T("latency.othersMedian"), page.T("common.vsOthers"), page.T("incident.typicalLastWeek"),
                page.T("incident.ratioLastWeek"), page.T("incident.sinceOnsetP95"), page.T("incident.ratioBeforeOnset"), page.T("common.requests"), page.T("incident.onset")],
                tenants.Select(t => (IReadOnlyList<PanelCell>)
                [
                    Cells.Text(t.Name), Cells.Text(t.Path), Cells.Value(t.P95, "ms"), Cells.Value(t.OthersP95, "ms"), Cells.Ratio(t.VsOthers), Cells.Value(t.P95LastWeek, "ms"),
                    Cells.Ratio(t.RatioLastWeek, IncidentTenant.RatioThreshold),
                    // The verdict's numbers for a tenant judged from its onset: its typical p95 since then, against before it.
                    Cells.Value(t.Shift?.P95, "ms"), Cells.Ratio(t.Shift?.Ratio, IncidentTenant.RatioThreshold), Cells.Value(t.Requests, "count"),
                    t.Onset is { } o ? Cells.Text((o.AtWindowStart ? "≤ " : "") + page.LocalTime(o.At)) : PanelCell.Missing,
                ]).ToList()), affected.Count == 0 ? [page.T("incident.noneAffected")] : [])
        {
            OpenTable = true,
            Wide = true,
            RowLinks = tenants.Select(t => (string?)page.Href("/tenants/" + Uri.EscapeDataString(t.Id))).ToList(),
        };

        var errors = Chart(page, d, page.F("incident.errorsChart", step), "count")
            .AddComparison(page.F("common.weekBefore", page.T("common.requests")), d.Requests.LastWeekPoints, Week, 0)
            .Add(page.T("common.requests"), d.Requests.CurrentPoints, 0)
            .AddComparison(page.F("common.weekBefore", page.T("common.errors")), d.Errors.LastWeekPoints, Week, 1)
            .Add(page.T("common.errors"), d.Errors.CurrentPoints, 1);
        double? Rate(double? e, double? r) => e is { } x && r is { } y && y > 0 ? x / y * 100 : null;
        yield return new ViewPanel("errors", page.T("incident.errors"), null, Marked(errors, page, d, IncidentSignal.Requests),
            new PanelTable(["", page.T("incident.thisWindow"), page.T("common.lastWeek"), page.T("common.change")],
            [
                [Cells.Text(page.T("common.requests")), Cells.Value(d.Requests.Current, "count"), Cells.Value(d.Requests.LastWeek, "count"), Cells.Change(d.Requests.Current, d.Requests.LastWeek, higherIsWorse: false, threshold: 1000)],
                [Cells.Text(page.T("common.errors")), Cells.Value(d.Errors.Current, "count"), Cells.Value(d.Errors.LastWeek, "count"), Cells.Change(d.Errors.Current, d.Errors.LastWeek, threshold: 20)],
                [Cells.Text(page.T("kpi.ErrorRate")), Cells.Value(Rate(d.Errors.Current, d.Requests.Current), "%"), Cells.Value(Rate(d.Errors.LastWeek, d.Requests.LastWeek), "%"),
                    Cells.Points(Rate(d.Errors.Current, d.Requests.Current), Rate(d.Errors.LastWeek, d.Requests.LastWeek), page, threshold: 1)],
            ]), [])
        { OpenTable = true };

        var memory = Chart(page, d, page.T("incident.memory"), "%");
        i = 0;
        foreach (var m in d.Memory.Take(ChartLines))
        {
            memory.AddComparison(page.F("common.weekBefore", m.Service), m.LastWeekPoints, Week, i);
            memory.Add(m.Service, m.Current, i++);
        }
        yield return new ViewPanel("memory", page.T("incident.memory"), null, Marked(memory, page, d, IncidentSignal.Memory),
            new PanelTable([page.T("common.service"), page.T("memory.peak"), page.T("memory.peakLastWeek"), page.T("common.change"), LatestHeader(page, d)],
                d.Memory.Select(m => (IReadOnlyList<PanelCell>)[Cells.Text(m.Service), Cells.Value(m.Peak, "%"), Cells.Value(m.PeakLastWeek, "%"), Cells.Points(m.Peak, m.PeakLastWeek, page), Cells.Value(m.Latest, "%")]).ToList()),
            d.Memory.Count == 0 ? [page.T("common.noData")] : []);

        var logs = Chart(page, d, page.T("incident.logs"), "bytes");
        i = 0;
        foreach (var g in d.Logs.Take(ChartLines))
        {
            logs.AddComparison(page.F("common.weekBefore", g.LogGroup), g.LastWeekPoints, Week, i);
            logs.Add(g.LogGroup, g.Current, i++);
        }
        yield return new ViewPanel("logs", page.T("incident.logs"), null, Marked(logs, page, d, IncidentSignal.Logs),
            new PanelTable([page.T("common.logGroup"), page.T("logs.bytes"), page.T("logs.lastWeek"), page.T("common.change")],
                d.Logs.Select(g => (IReadOnlyList<PanelCell>)[Cells.Text(g.LogGroup), Cells.Value(g.Bytes, "bytes"), Cells.Value(g.BytesLastWeek, "bytes"), Cells.Change(g.Bytes, g.BytesLastWeek, threshold: 50)]).ToList()),
            d.Logs.Count == 0 ? [page.T("common.noData")] : []);

        yield return new ViewPanel("findings", page.T("incident.findings"), null, null,
            new PanelTable([page.T("coverage.state"), page.T("incident.severity"), page.T("incident.summary"), page.T("incident.onset")],
                d.Findings.Select(f => (IReadOnlyList<PanelCell>)[Cells.Text(page.T(f.State == FindingState.Open ? "common.open" : "common.resolved")), Cells.Text(page.T("common.severity." + f.Severity)),
                    Cells.Text(page.FindingSummary(f)), Cells.Text(page.LocalTime(f.Start))]).ToList()), []);
        yield return new ViewPanel("deploys", page.T("incident.deploys"), null, null,
            new PanelTable([page.T("common.time"), page.T("common.service"), page.T("incident.version"), page.T("incident.deploySource")],
                d.Deploys.Select(x => (IReadOnlyList<PanelCell>)[Cells.Text(page.LocalTime(x.At)), Cells.Text(x.Service), Cells.Text(x.Version), Cells.Text(x.Source)]).ToList()), []);
        yield return new ViewPanel("gaps", page.T("incident.gaps"), null, null,
            new PanelTable([page.T("incident.from"), page.T("incident.to"), page.T("coverage.state"), page.T("coverage.detail")],
                d.Gaps.Select(g => (IReadOnlyList<PanelCell>)[Cells.Text(page.LocalTime(g.From)), Cells.Text(page.LocalTime(g.To)), Cells.Text(page.T("incident.gap." + g.Reason)), Cells.Text(g.Detail ?? (g.Signal is { } signal ? page.T("incident.signal." + signal) : ""))]).ToList()), []);
    }

    private static ChartBuilder Chart(PageContext page, IncidentData d, string title, string unit) =>
        new(page.Calendar, title, unit, d.Window, d.Step);

    /// <summary>Every chart of the view carries the same markers (where it started, the deploys) and shades the hours its own signal is missing.</summary>
    private static ChartModel Marked(ChartBuilder b, PageContext page, IncidentData d, IncidentSignal signal)
    {
        if (d.Since is { AtWindowStart: false } s)
            b.Annotate(s.At, page.T("incident.sinceWhen") + " " + page.When(s.At));
        foreach (var x in d.Deploys)
            b.MarkDeploy(x.At, page.F("incident.deployMarker", x.Service, x.Version, page.When(x.At)));
        foreach (var g in d.GapsOf(signal))
            b.MarkGap(g.From, g.To, page.T("incident.gap." + g.Reason) + (g.Detail is null ? "" : ": " + g.Detail));
        return b.Build();
    }

    private static string Ms(PageContext page, double? v) => ValueFormat.Format(v, "ms", language: page.Language);

    /// <summary>"Latest (Thu 19 Nov 17:00)": the moment of the last point in the window, so it is never read as "now".</summary>
    private static string LatestHeader(PageContext page, IncidentData d)
    {
        var last = d.Memory.Where(m => m.Current.Count > 0).Select(m => (DateTimeOffset?)m.Current[^1].Timestamp).Max();
        return last is { } at ? page.F("memory.latestAt", page.When(at)) : page.T("memory.latest");
    }

    private static string StepWord(PageContext page, IncidentData d) => page.T(d.Step == Resolution.Hour ? "incident.hourly" : "incident.daily");
    
}
