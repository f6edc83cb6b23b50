using OpsReport.Core.Analysis.Anomaly;
using OpsReport.Core.Domain;

namespace OpsReport.Core.Analysis;

/// <summary>Words of the general anomaly findings: what moved, which way, since when, and how far from its usual value.</summary>
public sealed partial class FindingText
{
    private string AnomalySummary(Finding f)
    {
        var what = AnomalySubject(f);
        var usual = Value(f, N(f, Facts.AnomalyBaseline));
        var level = Value(f, N(f, Facts.AnomalyLevel));
        var peak = Value(f, N(f, Facts.AnomalyPeak));
        var against = Against(f, N(f, Facts.AnomalyLevel));
        var ended = f.End is { } e ? e : (DateTimeOffset?)null;
        var shape = Enum.TryParse<AnomalyShape>(L(f, Facts.LabelShape, ""), out var s) ? s : AnomalyShape.LevelShift;
        var up = L(f, Facts.LabelDirection, nameof(AnomalyDirection.Up)) == nameof(AnomalyDirection.Up);
        return (shape, ended) switch
        {
            (AnomalyShape.DropToZero, null) => T("anomaly.zeroOpen", what, Time(f.Start), usual),
            (AnomalyShape.DropToZero, { } end) => T("anomaly.zeroResolved", what, Time(f.Start), Time(end), usual),
            (AnomalyShape.Spike or AnomalyShape.Dip, _) =>
                T(up ? "anomaly.spike" : "anomaly.dip", what, peak, Time(f.Start), Against(f, N(f, Facts.AnomalyPeak)), usual),
            (_, { } end) => T(up ? "anomaly.upResolved" : "anomaly.downResolved", what, level, Time(f.Start), Time(end), against, usual),
            _ => T(up ? "anomaly.upOpen" : "anomaly.downOpen", what, level, Time(f.Start), against, usual),
        };
    }

    private string AnomalyEvidence(Finding f)
    {
        var parts = new List<string> { T("anomaly.evidence", Value(f, N(f, Facts.AnomalyPeak)), Num(N(f, Facts.AnomalyZ), 0)) };
        if (Has(f, Facts.AnomalyMinutes))
        {
            var minutes = N(f, Facts.AnomalyMinutes);
            var duration = minutes >= 120 ? T("anomaly.hours", Num(minutes / 60, 1)) : T("anomaly.minutes", Num(minutes, 0));
            parts.Add(T("anomaly.outside", duration));
        }
        parts.Add(T(L(f, Facts.LabelBaseline, "") == "week" ? "anomaly.baselineWeek" : "anomaly.baselineTrailing"));
        return Sentence(parts);
    }

    private string AnomalySubject(Finding f)
    {
        var metric = L(f, Facts.LabelMetric, "");
        if (metric.Length == 0 || metric.Equals("value", StringComparison.OrdinalIgnoreCase))
            return T("anomaly.subjectPlain", f.Subject, f.Environment);
        return T("anomaly.subject", metric, f.Subject, f.Environment);
    }

    // "3.2×" above the usual value, "20% of" it below; no ratio when the usual value is zero.
    private string Against(Finding f, double value)
    {
        var usual = N(f, Facts.AnomalyBaseline);
        if (!(usual > 0) || !double.IsFinite(value))
            return T("anomaly.againstUnknown");
        var ratio = value / usual;
        return ratio >= 1 ? Times(ratio) : T("anomaly.againstShare", Pct(Math.Max(0, ratio)));
    }

    // Values of any unit, compact in the reader's way of grouping digits: 1.2M / 3.4G, or 1.2万 / 3.4億 (groups of 10⁴).
    private string Value(Finding f, double v)
    {
        if (!double.IsFinite(v))
            return "?";
        var a = Math.Abs(v);
        var groupsOfTenThousand = _culture.Name == "ja-JP";
        var text = (groupsOfTenThousand, a) switch
        {
            (true, >= 1e8) => Num(v / 1e8, 1) + "億",
            (true, >= 1e4) => Num(v / 1e4, 1) + "万",
            (false, >= 1e9) => Num(v / 1e9, 1) + "G",
            (false, >= 1e6) => Num(v / 1e6, 1) + "M",
            _ => Num(v, a >= 100 ? 0 : a >= 1 ? 1 : a == 0 ? 0 : 3),
        };
        return L(f, Facts.LabelUnit, "") switch
        {
            "%" => text + "%",
            "ms" => text + " ms",
            "bytes" => T("unit.bytes", text),
            _ => text,
        };
    }
}
