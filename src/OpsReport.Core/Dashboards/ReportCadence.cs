namespace OpsReport.Core.Dashboards;

/// <summary>The period a scheduled report covers.</summary>
public enum ReportCadence
{
    /// <summary>The previous ISO week (Monday to Sunday in the report's zone).</summary>
    Weekly,

    /// <summary>The previous day, compared with the same weekday a week earlier (the stand-up's comparison).</summary>
    Daily,
}
