using OpsReport.Core.Configuration;
using OpsReport.Core.Dashboards;
using OpsReport.Core.Domain;
using OpsReport.Core.Panels;

namespace OpsReport.Reports;

/// <summary>Everything one report says, ready for the PDF and the email: who, which period, the sections and the headline numbers.</summary>
/// <param name="GeneratedAt">When it was built, in the zone's offset (so it prints as local time).</param>
/// <param name="Panels">The dashboard panels among the sections (the headline numbers are read from their tables).</param>
/// <param name="DataWarnings">What is missing and why (which source, which hours); printed on the cover and in the email, and it marks the subject.</param>
public sealed record ReportDocument(
    string Product,
    string ReportName,
    string Title,
    EnvironmentInfo Environment,
    ReportPeriod Period,
    string PreviousPeriodName,
    TimeWindow Window,
    string ZoneId,
    DateTimeOffset GeneratedAt,
    string Language,
    ReportTenant? Tenant,
    IReadOnlyList<PanelData> Panels,
    IReadOnlyList<ReportHeadline> Headlines,
    IReadOnlyList<string> DataWarnings)
{
    /// <summary>Every section in definition order; by default one per panel.</summary>
    public IReadOnlyList<ReportSection> Sections { get; init; } = Panels.Select(ReportSection.FromPanel).ToList();

    /// <summary>The three to five sentences that matter for the period (from findings, then from the headline numbers).</summary>
    public IReadOnlyList<string> Highlights { get; init; } = [];

    /// <summary>The findings of the period (for the email's text), most severe first.</summary>
    public IReadOnlyList<Finding> Findings { get; init; } = [];

    /// <summary>Who the report is for (the definition's <c>audience</c>).</summary>
    public string? Audience { get; init; }

    /// <summary>True when the period had not ended when the report was built: its numbers are partial.</summary>
    public bool IsPartial => GeneratedAt < Window.End;

    /// <summary>True when something the report should show is missing (see <see cref="DataWarnings"/>).</summary>
    public bool IsIncomplete => DataWarnings.Count > 0;

    /// <summary>False when no section has a single measured number: such a report is never sent.</summary>
    public bool HasData => Sections.Any(s => s.Kind is not (SectionKind.Findings or SectionKind.Coverage) && s.HasNumbers);

    public DateOnly FirstDay => Period.FirstDay;

    public DateOnly LastDay => Period.LastDay;
}

/// <summary>The tenant a report is restricted to: its id and the name people know it by.</summary>
public sealed record ReportTenant(string Id, string DisplayName);

/// <summary>One number for the cover tiles and the email body, with its change against the previous period.</summary>
/// <param name="Key">Stable id: latency, tenant, memory, logs, cost.</param>
/// <param name="Value">Formatted value, or "no data".</param>
/// <param name="RawValue">The number behind <paramref name="Value"/>; null when missing.</param>
/// <param name="Change">Formatted change against the previous period, or null when there is nothing to compare.</param>
/// <param name="Detail">What the number is about (the path, tenant, service, log group).</param>
/// <param name="Direction">+1 when the number went up against the previous period, −1 when it went down, 0 when flat or unknown.</param>
public sealed record ReportHeadline(string Key, string Label, string Value, double? RawValue, string? Change, CellTone Tone, string? Detail, int Direction = 0);
