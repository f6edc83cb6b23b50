using OpsReport.Core.Domain;

namespace OpsReport.Core.Analysis.Anomaly;

/// <summary>Turns an anomaly episode of a series into a finding (its words are rendered later by <see cref="FindingText"/>).</summary>
public static class AnomalyFinding
{
    /// <param name="metric">What the series measures, as the reader knows it (a CSV header, <c>requests</c>); empty for none.</param>
    /// <param name="unit">Unit of the values (<c>%</c>, <c>ms</c>, <c>bytes</c>, <c>count</c> or empty).</param>
    public static Finding From(string environment, string subject, string metric, string unit, SeriesAnomaly a, TimeSpan step,
        Configuration.AnomalyOptions options, DateTimeOffset asOf)
    {
        var severity = a.Z >= options.CriticalZ ? Severity.Critical
            : a.Z >= options.WarningZ || a.Shape == AnomalyShape.DropToZero ? Severity.Warning
            : Severity.Info;
        var numbers = new Dictionary<string, double>
        {
            [Facts.AnomalyBaseline] = Round(a.Baseline),
            [Facts.AnomalyLevel] = Round(a.Level),
            [Facts.AnomalyPeak] = Round(a.Peak),
            [Facts.AnomalyZ] = Math.Round(Math.Min(a.Z, 1e6), 1),
            [Facts.AnomalyMinutes] = Math.Round(a.Points * step.TotalMinutes),
        };
        var labels = new Dictionary<string, string>
        {
            [Facts.LabelMetric] = metric,
            [Facts.LabelUnit] = unit,
            [Facts.LabelShape] = a.Shape.ToString(),
            [Facts.LabelDirection] = a.Direction.ToString(),
            [Facts.LabelBaseline] = a.Seasonal ? "week" : "trailing",
        };
        return new Finding(environment, FindingKind.Anomaly, subject, a.Start, a.End, severity,
            a.End is null ? FindingState.Open : FindingState.Resolved, "", "", numbers, null, asOf) { Labels = labels };
    }

    // Four significant digits: enough to read, stable across re-runs.
    private static double Round(double v) =>
        !double.IsFinite(v) || v == 0 ? v : Math.Round(v, Math.Clamp(3 - (int)Math.Floor(Math.Log10(Math.Abs(v))), 0, 12));
}
