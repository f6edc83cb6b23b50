using OpsReport.Core.Configuration;
using OpsReport.Core.Domain;
using OpsReport.Core.Panels;

namespace OpsReport.Reports;

/// <summary>Everything one weekly report says, ready for the PDF and the email: who, which week, the panels and the headline numbers.</summary>
/// <param name="GeneratedAt">When it was built, in the zone's offset (so it prints as local time).</param>
/// <param name="DataWarnings">Why numbers may be incomplete (failed collection runs); printed on the cover and in the email.</param>
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
    /// <summary>True when the week had not ended when the report was built: its numbers are partial.</summary>
    public bool IsPartial => GeneratedAt < Window.End;

    public DateOnly FirstDay => Period.Monday;

    public DateOnly LastDay => Period.Monday.AddDays(6);
}

/// <summary>The tenant a report is restricted to: its id and the name people know it by.</summary>
public sealed record ReportTenant(string Id, string DisplayName);

/// <summary>One number for the cover tiles and the email body, with its week-over-week change.</summary>
/// <param name="Key">Stable id: latency, tenant, memory, logs, cost.</param>
/// <param name="Value">Formatted value, or "no data".</param>
/// <param name="RawValue">The number behind <paramref name="Value"/>; null when missing.</param>
/// <param name="Change">Formatted change against the previous week, or null when there is nothing to compare.</param>
/// <param name="Detail">What the number is about (the path, tenant, service, log group).</param>
public sealed record ReportHeadline(string Key, string Label, string Value, double? RawValue, string? Change, CellTone Tone, string? Detail);
