using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;
using OpsReport.Core.Analysis;
using OpsReport.Core.Charts;
using OpsReport.Core.Configuration;
using OpsReport.Core.Dashboards;
using OpsReport.Core.Domain;
using OpsReport.Core.Panels;
using OpsReport.Core.Storage;
using OpsReport.Core.Text;
using OpsReport.Core.Time;

namespace OpsReport.Reports;

/// <summary>
/// Builds a report of one environment (or one tenant): its period (ISO week, day or range) in the report's zone against
/// the period before, every section of the definition in order (panels with this-period vs previous-period charts, the
/// period's findings, coverage), the headline numbers, the sentences for the cover, and what data is missing. Reads the
/// store only.
/// </summary>
public sealed class WeeklyReportBuilder(
    DashboardCatalog dashboards,
    EnvironmentCatalog environments,
    PanelQueries queries,
    TenantDirectory tenants,
    IMetricStore store,
    ZoneCalendar calendar,
    TimeProvider clock,
    IOptions<OpsReportOptions> options,
    IDeployStore? deploys = null,
    OpsReport.Core.Slos.ISloReader? slos = null)
{
    // A report lists the deploys under a chart up to this many; the rest are counted.
    private const int MaxDeploysNamed = 8;

    private const int MaxHighlights = 5;
    private const int MinHighlights = 3;

    private readonly ConcurrentDictionary<string, (ZoneCalendar Calendar, PanelQueries Queries)> _zones = new(StringComparer.Ordinal);

    /// <summary>Fills in defaults and checks names; throws <see cref="ArgumentException"/> listing the valid choices.</summary>
    public ResolvedReport Resolve(ReportRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var known = string.Join(", ", dashboards.All.Select(d => d.Name));
        if (string.IsNullOrWhiteSpace(request.Report))
            throw new ArgumentException($"--report is required; known reports: {known}.");
        var definition = dashboards.Find(request.Report.Trim())
            ?? throw new ArgumentException($"--report '{request.Report}' is not defined in {dashboards.Directory}; known reports: {known}.");

        EnvironmentInfo environment;
        if (string.IsNullOrWhiteSpace(request.Environment))
        {
            environment = definition.Environments.Select(environments.Find).FirstOrDefault(e => e is not null) ?? environments.Default;
        }
        else
        {
            environment = environments.Find(request.Environment.Trim())
                ?? throw new ArgumentException($"--env '{request.Environment}' is not a configured environment; known environments: {string.Join(", ", environments.All.Select(e => e.Name))}.");
        }

        var zone = CalendarFor(definition).Calendar;
        var period = string.IsNullOrWhiteSpace(request.Period)
            ? ReportPeriod.PreviousComplete(clock.GetUtcNow(), zone, definition.Period)
            : ReportPeriod.Parse(request.Period);

        var language = string.IsNullOrWhiteSpace(request.Language) ? definition.Language ?? options.Value.Language : request.Language.Trim();
        if (language is not ("en" or "ja"))
            throw new ArgumentException($"--lang '{language}' is not supported; expected en or ja.");

        var tenant = string.IsNullOrWhiteSpace(request.Tenant) ? null : request.Tenant.Trim();
        var to = request.To ?? (definition.To.Count > 0 ? definition.To : options.Value.Email.To);
        var cc = request.Cc ?? (request.To is null ? definition.Cc : []);
        return new ResolvedReport(definition, environment, period, tenant, language, zone, to, cc);
    }

    /// <summary>
    /// The tenants a tenant-scoped definition makes one report each for: the listed ids, or the top N by requests in the
    /// period (busiest first). Empty for a definition without <c>tenants</c>.
    /// </summary>
    public async Task<IReadOnlyList<string>> TenantsInScopeAsync(ResolvedReport report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.Definition.Tenants is not { } scope)
            return [];
        if (scope.Top is not { } top)
            return scope.Ids;
        var window = report.Period.Window(report.Calendar);
        var series = await store.QueryAsync(new SeriesFilter(Metrics.Requests, Resolution.Hour,
            (Dims.Env, report.Environment.Name), (Dims.Path, SeriesFilter.Any), (Dims.Tenant, SeriesFilter.Any)), window, cancellationToken);
        return series.GroupBy(s => s.Key[Dims.Tenant]!, StringComparer.Ordinal)
            .Select(g => (Tenant: g.Key, Requests: g.Sum(s => s.Points.Sum(p => p.Value))))
            .OrderByDescending(t => t.Requests).ThenBy(t => t.Tenant, StringComparer.Ordinal)
            .Take(top)
            .Select(t => t.Tenant)
            .ToList();
    }

    public Task<ReportDocument> BuildAsync(ReportRequest request, CancellationToken cancellationToken = default) =>
        BuildAsync(Resolve(request), cancellationToken);

    public async Task<ReportDocument> BuildAsync(ResolvedReport report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = ReportText.For(report.Language);
        var (zone, zoneQueries) = CalendarFor(report.Definition);
        var env = report.Environment.Name;
        var now = clock.GetUtcNow();
        var window = report.Period.Window(zone);
        var previous = report.Period.Previous;
        // Percentiles come from rollups at the period's own resolution. A custom range has none (its length matches no
        // stored resolution, or its start no stored point), so its percentiles read as missing rather than blended.
        var resolution = report.Period.Kind switch
        {
            ReportPeriodKind.Week => Resolution.Week,
            ReportPeriodKind.Day => Resolution.Day,
            _ => new Resolution((int)window.Duration.TotalSeconds),
        };
        var periods = new ComparisonPeriods(window, previous.Window(zone), resolution, report.Period.Name, previous.Name);
        var step = report.Period.Days <= 14 ? Resolution.Hour : Resolution.Day;

        var names = await tenants.GetNamesAsync(env, cancellationToken);
        var tenant = report.Tenant is { } id ? new ReportTenant(id, names.GetValueOrDefault(id, id)) : null;
        // The store's reads run synchronously, so each part is started on the thread pool: a report waits for its
        // slowest part rather than for the sum of them (the dashboard composes its panels the same way); the sections
        // are put together in the definition's order afterwards.
        var findingsRead = Task.Run(async () =>
        {
            // Stored findings are worded in the configured language; a report in the other one words them again from
            // the numbers and labels they keep (same facts, the reader's words).
            var stored = await FindingsAsync(env, window, tenant, names, cancellationToken);
            return report.Language == options.Value.Language ? stored : stored.Select(new FindingText(report.Language, zone).Render).ToList();
        }, cancellationToken);
        var coverageRead = Task.Run(() => ReportCoverage.ComputeAsync(store, env, window, now, cancellationToken), cancellationToken);
        var deploysRead = Task.Run(async () => deploys is null ? [] : await deploys.ListAsync(env, window, null, cancellationToken), cancellationToken);
        var pathServices = new Lazy<Task<IReadOnlyDictionary<string, string>>>(() => PathServicesAsync(env, window, cancellationToken));

        var parts = new List<Task<ReportPart?>>();
        foreach (var definition in report.Definition.Sections)
        {
            // A tenant's report is forwarded to the tenant: only its own latency against the other tenants (anonymous)
            // and its findings; no cost, no internal services or log groups, no collection internals.
            if (tenant is not null && definition.Panel is not (null or PanelKind.SlowTenants) || tenant is not null && definition.Kind == SectionKind.Coverage)
                continue;
            if (definition.Panel is { } kind)
            {
                parts.Add(Task.Run(async () =>
                {
                    // Titles written in the definition are in its language; a report in another language uses the panels' own.
                    var title = tenant is not null ? text.TenantPathsTitle : OwnTitle(report, definition.Title);
                    var request = new PanelRequest(env, periods, window, step, definition.Top, title, tenant?.Id, Overlay: true, Language: report.Language);
                    var panel = kind switch
                    {
                        PanelKind.Latency => await zoneQueries.LatencyAsync(request, cancellationToken),
                        PanelKind.SlowTenants => await zoneQueries.SlowTenantsAsync(request, cancellationToken),
                        PanelKind.Memory => await zoneQueries.MemoryAsync(request, cancellationToken),
                        PanelKind.LogVolume => await zoneQueries.LogVolumeAsync(request, cancellationToken),
                        _ => await zoneQueries.CostAsync(request, cancellationToken),
                    };
                    panel = PanelText.For(report.Language).Localize(panel);
                    if (kind == PanelKind.SlowTenants && tenant is not null)
                    {
                        panel = panel with
                        {
                            Subtitle = panel.Subtitle + " · " + tenant.DisplayName,
                            Notes = panel.Table.Rows.Count == 0
                                ? [ReportText.Format(text.TenantNoLatencyFormat, tenant.DisplayName, PanelQueries.MinRequestsForRanking)]
                                : panel.Notes,
                        };
                    }
                    if (report.Period.Kind == ReportPeriodKind.Range && kind is PanelKind.Latency or PanelKind.SlowTenants)
                        panel = panel with { Notes = [.. panel.Notes, text.RangePercentiles] };
                    var weekDeploys = await deploysRead;
                    if (weekDeploys.Count > 0 && panel.Chart is not null && kind != PanelKind.Cost)
                        panel = WithDeploys(panel, weekDeploys, await pathServices.Value, zone, text);
                    return (ReportPart?)new ReportPart(panel, ReportSection.FromPanel(panel));
                }, cancellationToken));
            }
            else if (definition.Kind == SectionKind.Slos)
            {
                var sloTitle = OwnTitle(report, definition.Title) ?? TextCatalog.Get(report.Language, "slo.report.title");
                parts.Add(Task.Run(async () => slos is not null && await SloReportSection.BuildAsync(slos, sloTitle, report, tenant, window, now, zone, cancellationToken) is { } sloSection
                    ? new ReportPart(null, sloSection)
                    : null, cancellationToken));
            }
            else if (definition.Kind == SectionKind.Findings)
            {
                parts.Add(Task.Run(async () => (ReportPart?)new ReportPart(null, FindingsSection(definition, await findingsRead, report, zone, text)), cancellationToken));
            }
            else
            {
                parts.Add(Task.Run(async () => (ReportPart?)new ReportPart(null, CoverageSection(definition, await coverageRead, zone, text, report)), cancellationToken));
            }
        }

        var panels = new List<PanelData>();
        var sections = new List<ReportSection>();
        foreach (var part in parts)
        {
            if (await part is not { } done)
                continue;
            if (done.Panel is not null)
                panels.Add(done.Panel);
            sections.Add(done.Section);
        }
        var findings = await findingsRead;
        var coverage = await coverageRead;

        var headlines = ReportHeadlines.From(panels, report.Period.Name, previous.Name, text, forTenant: tenant is not null);
        return new ReportDocument(
            Product: options.Value.Product,
            ReportName: report.Definition.Name,
            Title: TitleOf(report, tenant, text),
            Environment: report.Environment,
            Period: report.Period,
            PreviousPeriodName: previous.Name,
            Window: window,
            ZoneId: zone.ZoneId,
            GeneratedAt: zone.ToLocal(now),
            Language: report.Language,
            Tenant: tenant,
            Panels: panels,
            Headlines: headlines,
            // A tenant's report warns only about the latency its numbers come from (the other streams are not in it).
            DataWarnings: Warnings(tenant is null ? coverage : coverage.Where(c => c.Stream == "latency").ToList(), zone, text))
        {
            Sections = sections,
            Findings = findings,
            Highlights = Highlights(findings, headlines, text),
            Audience = OwnTitle(report, report.Definition.Audience),
        };
    }

    private (ZoneCalendar Calendar, PanelQueries Queries) CalendarFor(DashboardDefinition definition)
    {
        var zoneId = definition.TimeZone ?? calendar.ZoneId;
        if (zoneId == calendar.ZoneId)
            return (calendar, queries);
        // Chart axes and billing days must use the report's zone, so a report in another zone gets its own queries.
        return _zones.GetOrAdd(zoneId, id =>
        {
            var zone = new ZoneCalendar(id);
            return (zone, new PanelQueries(store, tenants, zone));
        });
    }

    /// <summary>
    /// Findings that overlap the period, most severe first. A tenant's report holds only the findings about that tenant
    /// (none about the environment's services, costs or other tenants).
    /// </summary>
    private async Task<IReadOnlyList<Finding>> FindingsAsync(string environment, TimeWindow window, ReportTenant? tenant,
        IReadOnlyDictionary<string, string> names, CancellationToken cancellationToken)
    {
        var all = await store.GetFindingsAsync(environment, null, cancellationToken);
        var others = tenant is null
            ? []
            : names.Where(kv => kv.Key != tenant.Id).SelectMany(kv => new[] { kv.Key, kv.Value }).Where(n => n.Length > 2).ToList();
        return all
            .Where(f => f.Start < window.End && (f.End is null || f.End > window.Start))
            .Where(f => tenant is null || MentionsAny(f, [tenant.Id, tenant.DisplayName]) && !MentionsAny(f, others))
            .OrderByDescending(f => f.Severity)
            .ThenBy(f => f.State)
            .ThenByDescending(f => f.Start)
            .ToList();
    }

    /// <summary>The report's title; a tenant's report names the tenant ("Weekly report for …", "… 様 週次レポート").</summary>
    private static string TitleOf(ResolvedReport report, ReportTenant? tenant, ReportText text)
    {
        var title = OwnTitle(report, report.Definition.Title) ?? text.Title;
        return tenant is null ? title : ReportText.Format(text.TenantTitleFormat, title, tenant.DisplayName);
    }

    private static bool MentionsAny(Finding finding, IReadOnlyList<string> names) =>
        names.Any(n => finding.Subject.Contains(n, StringComparison.Ordinal) || finding.Summary.Contains(n, StringComparison.Ordinal)
            || finding.Evidence.Contains(n, StringComparison.Ordinal) || finding.Labels.Values.Any(v => v == n));

    /// <summary>A title written in the definition is in the definition's language; a report in another language uses its own words.</summary>
    private static string? OwnTitle(ResolvedReport report, string? title) =>
        (report.Definition.Language ?? TextCatalog.English) == report.Language ? title : null;

    private static ReportSection FindingsSection(SectionDefinition definition, IReadOnlyList<Finding> findings, ResolvedReport report, ZoneCalendar zone, ReportText text)
    {
        var items = findings.Take(definition.Top).Select(f =>
        {
            var since = Local(zone, f.Start);
            var when = f.End is { } end && f.State == FindingState.Resolved
                ? ReportText.Format(text.ResolvedFormat, since, Local(zone, end))
                : ReportText.Format(text.SinceFormat, since);
            // The evidence names internal services, deploys and costs: a tenant's report keeps the finding's own sentence.
            var detail = string.IsNullOrWhiteSpace(f.Evidence) || report.Tenant is not null ? when : when + " · " + f.Evidence.ReplaceLineEndings(" ");
            var tone = f.Severity == Severity.Info ? CellTone.Neutral : CellTone.Worse;
            return new ReportItem(text.Severity(f.Severity), Sentence(f.Summary, text), detail, tone);
        }).ToList();
        IReadOnlyList<string> notes = findings.Count == 0
            ? [text.NoFindings]
            : findings.Count > items.Count
                ? [ReportText.Format(text.FindingsMoreFormat, findings.Count - items.Count)]
                : [];
        return new ReportSection(SectionKind.Findings, OwnTitle(report, definition.Title) ?? text.FindingsTitle, report.Period.Name + " · " + report.Environment.Name, null, items, null, notes);
    }

    private static ReportSection CoverageSection(SectionDefinition definition, IReadOnlyList<StreamCoverage> coverage, ZoneCalendar zone, ReportText text, ResolvedReport report)
    {
        var coverageTitle = OwnTitle(report, definition.Title) ?? text.CoverageTitle;
        var rows = coverage.Take(definition.Top).Select(c =>
        {
            var missing = c.Gaps.Aggregate(TimeSpan.Zero, (sum, g) => sum + g.Window.Duration);
            var missingCell = c.Gaps.Count == 0
                ? new PanelCell(text.CoverageComplete)
                : new PanelCell(Hours(missing) + " · " + string.Join(", ", c.Gaps.Take(2).Select(g => Span(zone, g.Window))) + (c.Gaps.Count > 2 ? " …" : ""),
                    null, CellTone.Worse);
            return (IReadOnlyList<PanelCell>)
            [
                new PanelCell(c.Name),
                c.CollectedUntil is { } until ? new PanelCell(Local(zone, until)) : new PanelCell(text.NotCollected, null, CellTone.Missing),
                new PanelCell(c.Runs.ToString(CultureInfo.InvariantCulture), c.Runs),
                new PanelCell(c.FailedRuns.ToString(CultureInfo.InvariantCulture), c.FailedRuns, c.FailedRuns > 0 ? CellTone.Worse : CellTone.Neutral),
                missingCell,
            ];
        }).ToList();
        var table = new PanelTable([text.CoverageStream, text.CoverageCollectedUntil, text.CoverageRuns, text.CoverageFailedRuns, text.CoverageMissing], rows);
        return coverage.Count == 0
            ? new ReportSection(SectionKind.Coverage, coverageTitle, zone.ZoneId, null, [], null, [text.CoverageNone])
            : new ReportSection(SectionKind.Coverage, coverageTitle, zone.ZoneId, null, [], table, []);
    }

    /// <summary>Which source is missing which hours, in local time: printed on the cover and in the email, and it marks the subject.</summary>
    private static IReadOnlyList<string> Warnings(IReadOnlyList<StreamCoverage> coverage, ZoneCalendar zone, ReportText text) =>
        coverage.SelectMany(c => c.Gaps)
            .OrderBy(g => g.Window.Start).ThenBy(g => g.Stream, StringComparer.Ordinal)
            .Select(g =>
            {
                var from = Local(zone, g.Window.Start);
                var to = EndLocal(zone, g.Window);
                return g.Reason switch
                {
                    GapReason.Failed => ReportText.Format(text.GapFailedFormat, g.Stream, from, to, Short(g.Error)),
                    GapReason.NotYet => ReportText.Format(text.GapNotYetFormat, g.Stream, from, to, g.CollectedUntil is { } u ? Local(zone, u) : text.NotCollected),
                    _ => ReportText.Format(text.GapNotCollectedFormat, g.Stream, from, to),
                };
            })
            .ToList();

    /// <summary>Three to five sentences: the findings first (most severe first), then the headline numbers.</summary>
    private static IReadOnlyList<string> Highlights(IReadOnlyList<Finding> findings, IReadOnlyList<ReportHeadline> headlines, ReportText text)
    {
        var sentences = findings.Select(f => Sentence(f.Summary, text)).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).Take(MaxHighlights).ToList();
        foreach (var h in headlines.Where(h => h.RawValue is not null))
        {
            if (sentences.Count >= MinHighlights)
                break;
            var change = h.Change is null ? "" : ReportText.Format(text.HeadlineChangeFormat, h.Change);
            var detail = h.Detail is null ? "" : ReportText.Format(text.HeadlineDetailFormat, h.Detail);
            sentences.Add(ReportText.Format(text.HeadlineSentenceFormat, h.Label, h.Value, change, detail));
        }
        return sentences;
    }

    private static string Sentence(string summary, ReportText text)
    {
        var s = summary.ReplaceLineEndings(" ").Trim();
        if (s.Length == 0 || s[^1] is '.' or '!' or '?' or '。')
            return s;
        return s + text.FullStop;
    }

    // The service each latency path belongs to, so a path's chart is marked with its service's deploys.
    private async Task<IReadOnlyDictionary<string, string>> PathServicesAsync(string env, TimeWindow window, CancellationToken ct)
    {
        var keys = await store.FindSeriesAsync(new SeriesFilter(Metrics.LatencyP95, Resolution.Hour, (Dims.Env, env), (Dims.Path, SeriesFilter.Any), (Dims.Tenant, SeriesFilter.Absent)), ct);
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var k in keys)
        {
            if (k[Dims.Path] is { } path && k[Dims.Service] is { } service)
                map.TryAdd(path, service);
        }
        return map;
    }

    /// <summary>
    /// Marks on a chart the deploys of the services it shows (a series named as the service, a log group ending in it, or
    /// a path of it), and names them (service, version, local time) in a note under the chart.
    /// </summary>
    private static PanelData WithDeploys(PanelData panel, IReadOnlyList<Deploy> all, IReadOnlyDictionary<string, string> pathServices, ZoneCalendar zone, ReportText text)
    {
        var chart = panel.Chart!;
        var services = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var series in chart.Series.Where(s => s.Style == SeriesStyle.Current))
        {
            services.Add(series.Name);
            services.Add(series.Name[(series.Name.LastIndexOf('/') + 1)..]);
            if (pathServices.TryGetValue(series.Name, out var service))
                services.Add(service);
        }
        var shown = all.Where(d => chart.X.Range.Contains(d.At) && services.Contains(d.Service)).ToList();
        if (shown.Count == 0)
            return panel;
        var markers = shown.Select(d => new ChartAnnotation(d.At, null, $"{d.Service} {d.Version}") { IsDeploy = true });
        var named = shown.Take(MaxDeploysNamed).Select(d => ReportText.Format(text.DeployFormat, d.Service, d.Version, Local(zone, d.At))).ToList();
        if (shown.Count > MaxDeploysNamed)
            named.Add("+" + (shown.Count - MaxDeploysNamed).ToString(CultureInfo.InvariantCulture));
        return panel with
        {
            Chart = chart with { Annotations = [.. chart.Annotations, .. markers] },
            Notes = [.. panel.Notes, ReportText.Format(text.DeploysFormat, string.Join(", ", named))],
        };
    }

    private static string Local(ZoneCalendar zone, DateTimeOffset t) => zone.ToLocal(t).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>The end of a span: only the time when it ends on the day it started (or at midnight after it).</summary>
    private static string EndLocal(ZoneCalendar zone, TimeWindow w)
    {
        var start = zone.ToLocal(w.Start);
        var end = zone.ToLocal(w.End);
        return end.Date == start.Date ? end.ToString("HH:mm", CultureInfo.InvariantCulture) : end.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
    }

    private static string Span(ZoneCalendar zone, TimeWindow w)
    {
        var start = zone.ToLocal(w.Start);
        var end = zone.ToLocal(w.End);
        return start.ToString("MM-dd HH:mm", CultureInfo.InvariantCulture) + "–"
            + end.ToString(end.Date == start.Date ? "HH:mm" : "MM-dd HH:mm", CultureInfo.InvariantCulture);
    }

    private static string Hours(TimeSpan span) =>
        span.TotalHours >= 48 ? (span.TotalDays).ToString("0.#", CultureInfo.InvariantCulture) + " d" : span.TotalHours.ToString("0.#", CultureInfo.InvariantCulture) + " h";

    private static string Short(string? error)
    {
        var e = (error ?? "unknown error").ReplaceLineEndings(" ").Trim();
        return e.Length > 90 ? e[..90] + "…" : e;
    }

    /// <summary>One section of a report as it was built, with the panel behind it when it is a panel.</summary>
    private sealed record ReportPart(PanelData? Panel, ReportSection Section);
}
