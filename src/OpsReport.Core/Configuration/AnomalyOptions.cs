namespace OpsReport.Core.Configuration;

/// <summary>
/// Thresholds of the general anomaly detector (<c>OpsReport:Analysis:Anomaly</c>), which judges any series at its own
/// resolution against a robust baseline of its trailing window. Sizes are in "tail sigmas": the distance from the
/// window's median to its 1st/99th percentile divided by 2.33, so a naturally bursty series needs a bigger move.
/// </summary>
public sealed class AnomalyOptions
{
    /// <summary>Run the general detector over request, error, CPU and network series in the stored analysis.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Trailing time the baseline (median and percentiles) is taken over.</summary>
    public TimeSpan BaselineWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Fewest baseline points (a daily series gets this many days rather than a week).</summary>
    public int MinBaselinePoints { get; set; } = 48;

    /// <summary>Most baseline points, whatever the resolution (keeps 1-minute series fast).</summary>
    public int MaxBaselinePoints { get; set; } = 4032;

    /// <summary>Points of history before anything is judged: short histories are judged, but not from a handful of values.</summary>
    public int MinHistoryPoints { get; set; } = 24;

    /// <summary>A single point this many tail sigmas from the median, and beyond every value of the window, is a spike or dip.</summary>
    public double SpikeZ { get; set; } = 6;

    /// <summary>
    /// A single point this many tail sigmas from the median is also a spike when it is a new record: at least
    /// <see cref="RecordMargin"/> times as far from the median as the highest value of the window.
    /// </summary>
    public double RecordZ { get; set; } = 4;

    /// <summary>How far past the window's highest value a record must reach (1.5 = half as far again from the median).</summary>
    public double RecordMargin { get; set; } = 1.5;

    /// <summary>
    /// A run of <see cref="ShiftPoints"/> points whose median is this many tail sigmas away is a shift or burst. Modest
    /// shifts that last are the sustained-span test's (<see cref="SustainedPoints"/>), so a short run must go further.
    /// </summary>
    public double ShiftZ { get; set; } = 3.25;

    /// <summary>Points in the run a shift is judged on.</summary>
    public int ShiftPoints { get; set; } = 4;

    /// <summary>
    /// Share of the move that must have happened against the points just before it (0–1): the change must be abrupt,
    /// so a slow drift out of last week's range is not reported point after point.
    /// </summary>
    public double AbruptShare { get; set; } = 0.3;

    /// <summary>A run this many tail sigmas away and beyond every value of the window is reported even when it came gradually.</summary>
    public double FarZ { get; set; } = 12;

    /// <summary>
    /// Points in the span a sustained rise is judged on (36 = 3 hours of 5-minute data), and a third of it (an hour): a
    /// span whose median is well above the median of every such span of the baseline window, though no single point
    /// stands out.
    /// </summary>
    public int SustainedPoints { get; set; } = 36;

    /// <summary>
    /// How far past the highest span level of the window a sustained rise must reach, measured from the usual span level
    /// (1.6 = 60 % further from it than the highest span before).
    /// </summary>
    public double SustainedMargin { get; set; } = 1.6;

    /// <summary>Share of the span's points (0–1) that must be above the usual span level: a rise, not a few tall blips.</summary>
    public double SustainedShare { get; set; } = 0.9;

    /// <summary>An episode goes on while values stay this many tail sigmas away from the (moving) baseline.</summary>
    public double ContinueZ { get; set; } = 2.5;

    /// <summary>
    /// Detections closer than this to an open episode belong to it: one finding per episode. Half a day, because a
    /// disturbance often comes back in waves for some hours (a bursty disk, traffic settling after an outage), and
    /// each wave is not news.
    /// </summary>
    public TimeSpan MergeGap { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Episodes this short (points) are spikes or dips; longer ones that ended are bursts or drops.</summary>
    public int SpikeMaxPoints { get; set; } = 3;

    /// <summary>Weeks of history from which the same time of week is the baseline (when the series has a weekly rhythm).</summary>
    public int SeasonalMinWeeks { get; set; } = 3;

    /// <summary>The weekly profile is used only when it removes this much of the spread (residual spread / raw spread at most 1 − this).</summary>
    public double SeasonalMinExplained { get; set; } = 0.3;

    /// <summary>Severity warning from this size (tail sigmas); drops to zero are warnings too.</summary>
    public double WarningZ { get; set; } = 12;

    /// <summary>Severity critical from this size (tail sigmas).</summary>
    public double CriticalZ { get; set; } = 40;

    /// <summary>
    /// Stored series only: an episode whose level moved less than this share of its usual value (0.3 = 30 %) is not
    /// worth a finding, however unusual for a smooth series (the CSV analysis reports every statistical anomaly).
    /// </summary>
    public double MinChangeRatio { get; set; } = 0.3;

    /// <summary>
    /// Stored series only: episodes smaller than this (tail sigmas) are not reported. The stored analysis judges every
    /// path's requests and errors in every environment, so it asks more of each series than one CSV.
    /// </summary>
    public double MinStoredZ { get; set; } = 8;

    /// <summary>Request or error series with fewer than this many per hour on average are too sparse to judge.</summary>
    public double MinCountPerHour { get; set; } = 10;

    /// <summary>Every mistake, each naming its key under <paramref name="prefix"/> (e.g. <c>OpsReport:Analysis:Anomaly</c>).</summary>
    public IEnumerable<string> Errors(string prefix)
    {
        if (BaselineWindow <= TimeSpan.Zero || BaselineWindow > TimeSpan.FromDays(60))
            yield return $"{prefix}:BaselineWindow: {BaselineWindow} is out of range; expected a time span above 0 and at most 60 days (default 7.00:00:00).";
        if (MinBaselinePoints is < 8 or > 100_000)
            yield return $"{prefix}:MinBaselinePoints: {MinBaselinePoints} is out of range; expected 8 to 100000 (default 48).";
        if (MaxBaselinePoints < MinBaselinePoints || MaxBaselinePoints > 100_000)
            yield return $"{prefix}:MaxBaselinePoints: {MaxBaselinePoints} is out of range; expected {MinBaselinePoints} (MinBaselinePoints) to 100000 (default 4032).";
        if (MinHistoryPoints < 4 || MinHistoryPoints > MaxBaselinePoints)
            yield return $"{prefix}:MinHistoryPoints: {MinHistoryPoints} is out of range; expected 4 to MaxBaselinePoints (default 24).";
        if (!(SpikeZ > 0))
            yield return $"{prefix}:SpikeZ: {SpikeZ} must be positive (default 6 tail sigmas).";
        if (!(RecordZ > 0) || RecordZ > SpikeZ)
            yield return $"{prefix}:RecordZ: {RecordZ} is out of range; expected above 0 and at most SpikeZ ({SpikeZ}) (default 4 tail sigmas).";
        if (!(RecordMargin >= 1))
            yield return $"{prefix}:RecordMargin: {RecordMargin} must be at least 1 (default 1.5).";
        if (!(ShiftZ > 0))
            yield return $"{prefix}:ShiftZ: {ShiftZ} must be positive (default 3.25 tail sigmas).";
        if (ShiftPoints is < 2 or > 100)
            yield return $"{prefix}:ShiftPoints: {ShiftPoints} is out of range; expected 2 to 100 (default 4).";
        if (!(AbruptShare is >= 0 and <= 1))
            yield return $"{prefix}:AbruptShare: {AbruptShare} is a share; expected 0 to 1 (default 0.3).";
        if (!(FarZ >= ShiftZ))
            yield return $"{prefix}:FarZ: {FarZ} must be at least ShiftZ ({ShiftZ}) (default 12).";
        if (SustainedPoints is < 4 or > 10_000)
            yield return $"{prefix}:SustainedPoints: {SustainedPoints} is out of range; expected 4 to 10000 (default 36).";
        if (!(SustainedMargin >= 1))
            yield return $"{prefix}:SustainedMargin: {SustainedMargin} must be at least 1 (default 1.6).";
        if (!(SustainedShare is >= 0.5 and <= 1))
            yield return $"{prefix}:SustainedShare: {SustainedShare} is a share; expected 0.5 to 1 (default 0.9).";
        if (!(ContinueZ > 0) || ContinueZ > ShiftZ)
            yield return $"{prefix}:ContinueZ: {ContinueZ} is out of range; expected above 0 and at most ShiftZ ({ShiftZ}) (default 2.5).";
        if (MergeGap < TimeSpan.Zero || MergeGap > TimeSpan.FromDays(7))
            yield return $"{prefix}:MergeGap: {MergeGap} is out of range; expected 0 to 7 days (default 12:00:00).";
        if (SpikeMaxPoints is < 1 or > 100)
            yield return $"{prefix}:SpikeMaxPoints: {SpikeMaxPoints} is out of range; expected 1 to 100 (default 3).";
        if (SeasonalMinWeeks is < 2 or > 52)
            yield return $"{prefix}:SeasonalMinWeeks: {SeasonalMinWeeks} is out of range; expected 2 to 52 (default 3).";
        if (!(SeasonalMinExplained is >= 0 and < 1))
            yield return $"{prefix}:SeasonalMinExplained: {SeasonalMinExplained} is a share; expected 0 up to (not including) 1 (default 0.3).";
        if (!(WarningZ > 0))
            yield return $"{prefix}:WarningZ: {WarningZ} must be positive (default 12).";
        if (!(CriticalZ >= WarningZ))
            yield return $"{prefix}:CriticalZ: {CriticalZ} must be at least WarningZ ({WarningZ}) (default 40).";
        if (!(MinChangeRatio >= 0))
            yield return $"{prefix}:MinChangeRatio: {MinChangeRatio} must be 0 or more (default 0.3 = 30 %).";
        if (!(MinStoredZ >= 0))
            yield return $"{prefix}:MinStoredZ: {MinStoredZ} must be 0 or more (default 8 tail sigmas).";
        if (!(MinCountPerHour >= 0))
            yield return $"{prefix}:MinCountPerHour: {MinCountPerHour} must be 0 or more (default 10).";
    }
}
