using System.Diagnostics;
using OpsReport.Core.Configuration;
using OpsReport.Core.Domain;
using OpsReport.Core.Telemetry;

namespace OpsReport.Core.Analysis;

/// <summary>The analysis run's span and the open-findings gauge.</summary>
internal static class AnalysisTelemetry
{
    public static Activity? Start(IReadOnlyList<EnvironmentInfo> environments)
    {
        var activity = OpsReportTelemetry.Source.StartActivity("analyze");
        activity?.SetTag("opsreport.environments", string.Join(",", environments.Select(e => e.Name)));
        return activity;
    }

    /// <summary>
    /// Sets the gauge for every analyzed environment and every severity, zeros included, so a resolved finding brings its
    /// series down instead of leaving the last non-zero value behind.
    /// </summary>
    public static void Finished(Activity? activity, IReadOnlyList<EnvironmentInfo> environments, AnalysisSummary summary)
    {
        foreach (var environment in environments)
        {
            foreach (var severity in Enum.GetValues<Severity>())
            {
                var open = summary.Findings.Count(f => f.State == FindingState.Open && f.Environment == environment.Name && f.Severity == severity);
                OpsReportTelemetry.OpenFindings.Record(open, new TagList
                {
                    { "opsreport.environment", environment.Name },
                    { "opsreport.severity", severity.ToString().ToLowerInvariant() },
                });
            }
        }
        if (activity is null)
            return;
        activity.SetTag("opsreport.findings.open", summary.Open);
        activity.SetTag("opsreport.findings.opened", summary.Opened);
        activity.SetTag("opsreport.findings.resolved", summary.Resolved);
        activity.SetTag("opsreport.outcome", "succeeded");
    }
}
