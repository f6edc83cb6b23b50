namespace OpsReport.Core.Tests.Analysis.Anomaly;

/// <summary>
/// Window scoring as the issue states it: per file the first 15% is warm-up and ignored; a finding whose start lies in a
/// labelled window hits that window; a finding outside every window is a false alarm. P = hits / (hits + false alarms),
/// R = hits / windows, F1 = 2PR / (P + R), summed over all files.
/// </summary>
internal sealed record WindowScore(int Windows, int Hits, int FalseAlarms)
{
    public double Recall => Windows == 0 ? 1 : (double)Hits / Windows;

    public double Precision => Hits + FalseAlarms == 0 ? 1 : (double)Hits / (Hits + FalseAlarms);

    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    public static WindowScore Zero { get; } = new(0, 0, 0);

    public static WindowScore Of(LabelledSeries file, IEnumerable<DateTimeOffset> starts)
    {
        var warmUpEnd = file.Start + (file.Step * (int)(0.15 * file.Values.Length));
        var hit = new bool[file.Windows.Count];
        var falseAlarms = 0;
        foreach (var start in starts.Where(s => s >= warmUpEnd))
        {
            var inside = false;
            for (var w = 0; w < file.Windows.Count; w++)
            {
                if (start >= file.Windows[w].From && start <= file.Windows[w].To)
                {
                    hit[w] = true;
                    inside = true;
                }
            }
            if (!inside)
                falseAlarms++;
        }
        return new WindowScore(file.Windows.Count, hit.Count(h => h), falseAlarms);
    }

    public static WindowScore operator +(WindowScore a, WindowScore b) => new(a.Windows + b.Windows, a.Hits + b.Hits, a.FalseAlarms + b.FalseAlarms);

    public override string ToString() =>
        FormattableString.Invariant($"windows {Windows}, hits {Hits} (recall {Recall:0.00}), false alarms {FalseAlarms}, precision {Precision:0.00}, F1 {F1:0.00}");
}
