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
        var peakAgainst = Against(f, N(f, Facts.AnomalyPeak));
        var ended = f.End is { } e ? e : (DateTimeOffset?)null;
        var shape = Enum.TryParse<AnomalyShape>(L(f, Facts.LabelShape, ""), out var s) ? s : AnomalyShape.LevelShift;
        var up = L(f, Facts.LabelDirection, nameof(AnomalyDirection.Up)) == nameof(AnomalyDirection.Up);
        return (shape, ended) switch
        {
            (AnomalyShape.DropToZero, null) => _ja
                ? $"{what} が {Time(f.Start)} から 0 のままです（通常は {usual}）。"
                : $"{what} has been at zero since {Time(f.Start)} (usually {usual}).",
            (AnomalyShape.DropToZero, { } end) => _ja
                ? $"{what} が {Time(f.Start)} から {Time(end)} まで 0 に落ちていました（通常は {usual}）。"
                : $"{what} fell to zero from {Time(f.Start)} to {Time(end)} (usually {usual}).",
            (AnomalyShape.Spike or AnomalyShape.Dip, _) => _ja
                ? $"{what} が {Time(f.Start)} に {peak} まで{(up ? "跳ね上がりました" : "落ち込みました")}: 通常の {usual} の{peakAgainst}。"
                : $"{what} {(up ? "spiked" : "dipped")} to {peak} at {Time(f.Start)}: {peakAgainst} its usual {usual}.",
            (_, { } end) => _ja
                ? $"{what} が {Time(f.Start)} から {Time(end)} まで{(up ? "高く" : "低く")}なっていました: {level}、通常の {usual} の{against}。"
                : $"{what} was {(up ? "up" : "down")} at {level} from {Time(f.Start)} to {Time(end)}: {against} its usual {usual}.",
            _ => _ja
                ? $"{what} が {Time(f.Start)} から{(up ? "高い" : "低い")}水準のままです: {level}、通常の {usual} の{against}。"
                : $"{what} has been {(up ? "up" : "down")} at {level} since {Time(f.Start)}: {against} its usual {usual}.",
        };
    }

    private string AnomalyEvidence(Finding f)
    {
        var parts = new List<string>();
        var z = Num(N(f, Facts.AnomalyZ), 0);
        var peak = Value(f, N(f, Facts.AnomalyPeak));
        parts.Add(_ja
            ? $"最も離れた値 {peak}（通常のばらつきの {z} 倍）"
            : $"furthest value {peak}, {z} times the usual spread away");
        if (Has(f, Facts.AnomalyMinutes))
        {
            var minutes = N(f, Facts.AnomalyMinutes);
            var duration = minutes >= 120 ? (_ja ? $"{Num(minutes / 60, 1)} 時間" : $"{Num(minutes / 60, 1)} h") : (_ja ? $"{Num(minutes, 0)} 分" : $"{Num(minutes, 0)} min");
            parts.Add(_ja ? $"通常の範囲外 {duration}" : $"{duration} outside the usual range");
        }
        parts.Add(L(f, Facts.LabelBaseline, "") == "week"
            ? (_ja ? "基準は過去数週間の同じ曜日・時刻" : "baseline: the same time of week in earlier weeks")
            : (_ja ? "基準は直前の期間の中央値と分布" : "baseline: median and spread of the trailing window before it"));
        return Sentence(parts);
    }

    private string AnomalySubject(Finding f)
    {
        var metric = L(f, Facts.LabelMetric, "");
        if (metric.Length == 0 || metric.Equals("value", StringComparison.OrdinalIgnoreCase))
            return $"{f.Subject} ({f.Environment})";
        return _ja ? $"{f.Subject} の {metric}（{f.Environment}）" : $"{metric} of {f.Subject} ({f.Environment})";
    }

    // "3.2×" above the usual value, "20%" of it below; nothing when the usual value is zero.
    private string Against(Finding f, double value)
    {
        var usual = N(f, Facts.AnomalyBaseline);
        if (!(usual > 0) || !double.IsFinite(value))
            return _ja ? " 変化" : "against";
        var ratio = value / usual;
        if (ratio >= 1)
            return _ja ? $" {Times(ratio)}" : Times(ratio);
        return _ja ? $" {Pct(Math.Max(0, ratio))}" : $"{Pct(Math.Max(0, ratio))} of";
    }

    // Values of any unit, compact: 12.3 / 1,234 / 1.2M (English) or 1.2万 / 3.4億 (Japanese).
    private string Value(Finding f, double v)
    {
        if (!double.IsFinite(v))
            return "?";
        var unit = L(f, Facts.LabelUnit, "") switch
        {
            "%" => "%",
            "ms" => " ms",
            "bytes" => _ja ? " バイト" : " bytes",
            _ => "",
        };
        var a = Math.Abs(v);
        string text;
        if (_ja && a >= 1e8)
            text = Num(v / 1e8, 1) + "億";
        else if (_ja && a >= 1e4)
            text = Num(v / 1e4, 1) + "万";
        else if (!_ja && a >= 1e9)
            text = Num(v / 1e9, 1) + "G";
        else if (!_ja && a >= 1e6)
            text = Num(v / 1e6, 1) + "M";
        else
            text = Num(v, a >= 100 ? 0 : a >= 1 ? 1 : a == 0 ? 0 : 3);
        return text + unit;
    }
}
