using System.Globalization;
using OpsReport.Core.Text;

namespace OpsReport.Reports;

/// <summary>The report's own words (cover, header, footer, email): the <c>report.*</c> keys of the reader's catalog; panel titles come from the definition.</summary>
internal sealed class ReportText
{
    public static readonly ReportText English = new(TextCatalog.English);

    public static readonly ReportText Japanese = new(TextCatalog.Japanese);

    private ReportText(string language) => Language = language;

    public string Language { get; }

    public string IsoWeek => Word("report.isoWeek");
    public string ComparedWith => Word("report.comparedWith");
    public string TimeZone => Word("report.timeZone");
    public string Generated => Word("report.generated");
    public string PageOfFormat => Word("report.pageOfFormat");
    public string Production => Word("report.production");
    public string NonProduction => Word("report.nonProduction");
    public string DemoData => Word("report.demoData");
    public string Tenant => Word("report.tenant");
    public string HeadlineNumbers => Word("report.headlineNumbers");
    public string Contents => Word("report.contents");
    public string Continued => Word("report.continued");
    public string NoData => Word("report.noData");
    public string Partial => Word("report.partial");
    public string IncompleteData => Word("report.incompleteData");
    public string Footnote => Word("report.footnote");
    public string LatencyLabel => Word("report.latencyLabel");
    public string TenantLabel => Word("report.tenantLabel");
    public string TenantPathLabel => Word("report.tenantEmail.pathLabel");
    public string TenantTitleFormat => Word("report.tenantEmail.titleFormat");
    public string MemoryLabel => Word("report.memoryLabel");
    public string LogsLabel => Word("report.logsLabel");
    public string CostLabel => Word("report.costLabel");
    public string HeadlineWindowFormat => Word("report.headlineWindow");
    public string VersusFormat => Word("report.versusFormat");
    public string RequestsFormat => Word("report.requestsFormat");
    public string OnPathFormat => Word("report.onPathFormat");
    public string WasFormat => Word("report.wasFormat");
    public string DebugShareFormat => Word("report.debugShareFormat");
    public string BiggestMoverFormat => Word("report.biggestMoverFormat");
    public string EmailIntroFormat => Word("report.emailIntroFormat");
    public string OpenDashboard => Word("report.openDashboard");
    public string PdfAttached => Word("report.pdfAttached");
    public string PdfLinkedFormat => Word("report.pdfLinkedFormat");
    public string DownloadPdf => Word("report.downloadPdf");
    public string Day => Word("report.day");
    public string Period => Word("report.period");
    public string Audience => Word("report.audience");
    public string Highlights => Word("report.highlights");
    public string NoFindings => Word("report.noFindings");
    public string SinceFormat => Word("report.sinceFormat");
    public string ResolvedFormat => Word("report.resolvedFormat");
    public string Critical => Word("report.critical");
    public string Warning => Word("report.warning");
    public string Info => Word("report.info");
    public string TopFindings => Word("report.topFindings");
    public string HeadlineSentenceFormat => Word("report.headlineSentenceFormat");
    public string GapFailedFormat => Word("report.gapFailedFormat");
    public string GapNotCollectedFormat => Word("report.gapNotCollectedFormat");
    public string GapNotYetFormat => Word("report.gapNotYetFormat");
    public string GapsMoreFormat => Word("report.gapsMoreFormat");
    public string NoDataAtAll => Word("report.noDataAtAll");
    public string RangePercentiles => Word("report.rangePercentiles");
    public string CoverageStream => Word("report.coverageStream");
    public string CoverageCollectedUntil => Word("report.coverageCollectedUntil");
    public string CoverageRuns => Word("report.coverageRuns");
    public string CoverageFailedRuns => Word("report.coverageFailedRuns");
    public string CoverageMissing => Word("report.coverageMissing");
    public string CoverageNone => Word("report.coverageNone");
    public string CoverageComplete => Word("report.coverageComplete");
    public string NotCollected => Word("report.notCollected");
    public string Title => Word("report.title");
    public string FindingsTitle => Word("report.findingsTitle");
    public string CoverageTitle => Word("report.coverageTitle");
    public string FindingsMoreFormat => Word("report.findingsMoreFormat");
    public string HeadlineChangeFormat => Word("report.headlineChangeFormat");
    public string HeadlineDetailFormat => Word("report.headlineDetailFormat");
    public string DaysFormat => Word("report.daysFormat");
    public string FullStop => Word("report.fullStop");
    public string SubjectWeekFormat => Word("report.subjectWeekFormat");
    public string SubjectRangeFormat => Word("report.subjectRangeFormat");
    public string SubjectIncomplete => Word("report.subjectIncomplete");
    public string DeploysFormat => Word("report.deploysFormat");
    public string DeployFormat => Word("report.deployFormat");
    public string TenantPathsTitle => Word("report.tenantPathsTitle");
    public string TenantNoLatencyFormat => Word("report.tenantNoLatencyFormat");
    public string TenantFootnote => Word("report.tenantFootnote");

    /// <summary>The culture dates, weekday names and numbers are written in for this reader.</summary>
    public CultureInfo Culture => TextCatalog.Culture(Language);

    public static ReportText For(string language) => TextCatalog.Normalize(language) == TextCatalog.Japanese ? Japanese : English;

    private string Word(string key) => TextCatalog.Get(Language, key);

    public string PageOf(int page, int pages) => string.Format(CultureInfo.InvariantCulture, PageOfFormat, page, pages);

    public static string Format(string format, params object?[] args) => string.Format(CultureInfo.InvariantCulture, format, args);

    public string Severity(OpsReport.Core.Domain.Severity severity) => severity switch
    {
        OpsReport.Core.Domain.Severity.Critical => Critical,
        OpsReport.Core.Domain.Severity.Warning => Warning,
        _ => Info,
    };

    /// <summary>The label of the period line on the cover: ISO week, day, or period.</summary>
    public string PeriodLabel(ReportPeriod period) => period.Kind switch
    {
        ReportPeriodKind.Week => IsoWeek,
        ReportPeriodKind.Day => Day,
        _ => Period,
    };
}
