using OpsReport.Core.Domain;

namespace OpsReport.Core.Analysis;

/// <summary>
/// The one definition of a log group's "usual volume": at each step, the expectation the log-volume findings judge it
/// against (inside an episode the baseline frozen at the episode's start, elsewhere the seasonal baseline of the same
/// local time of week, floored where the group is nearly silent). The finding's "N× its usual volume" and /logs (its
/// tiles, table and headline) both sum it with <see cref="Over"/>, so the same hours give the same ratio.
/// </summary>
public sealed class LogVolumeUsual(RegularSeries volume, double[] usual)
{
    public RegularSeries Volume { get; } = volume;

    /// <summary>The usual value at step <paramref name="i"/>; NaN where there is no baseline yet.</summary>
    public double At(int i) => usual[i];

    /// <summary>Volume and usual volume summed over the steps of <paramref name="window"/> that have both; null when none has.</summary>
    public VolumeAgainstUsual? Over(TimeWindow window)
    {
        double actual = 0, expected = 0;
        var steps = 0;
        for (var i = 0; i < Volume.Count; i++)
        {
            var v = Volume.Values[i];
            if (!window.Contains(Volume.TimeAt(i)) || !double.IsFinite(v) || !double.IsFinite(usual[i]))
                continue;
            actual += v;
            expected += usual[i];
            steps++;
        }
        return steps == 0 || expected <= 0 ? null : new VolumeAgainstUsual(actual, expected, steps);
    }
}
