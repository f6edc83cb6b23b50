namespace OpsReport.Reports;

/// <summary>What a report period is: an ISO week, one day, or a custom range of days.</summary>
public enum ReportPeriodKind
{
    Week,
    Day,
    Range,
}
