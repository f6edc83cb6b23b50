namespace OpsReport.Core.Analysis;

/// <summary>
/// A stretch of a series above its baseline: from <see cref="StartIndex"/> (the first high value) to
/// <see cref="EndIndex"/> (exclusive; the first value of the run back within baseline), or still open (null).
/// <see cref="Expected"/> holds the frozen baseline at each index from the start to the last judged index.
/// </summary>
public sealed record ExcessEpisode(int StartIndex, int? EndIndex, int HighCount, int LastIndex, IReadOnlyDictionary<int, double> Expected)
{
    public bool IsOpen => EndIndex is null;
}

/// <summary>The thresholds an <see cref="ExcessEpisodeDetector"/> judges each value by.</summary>
/// <param name="Ratio">value / expected must reach this.</param>
/// <param name="MinZ">log(value / expected) must also reach this many sigmas of the series' noise.</param>
/// <param name="MinHigh">High values needed before a candidate becomes an episode (one-hour blips are not).</param>
/// <param name="ResolveAfter">Consecutive values back within baseline that end an episode.</param>
/// <param name="MinExpected">Expected values below this are raised to it, so a nearly silent series needs a real amount to be "high".</param>
public sealed record ExcessThresholds(double Ratio, double MinZ, int MinHigh, int ResolveAfter, double MinExpected);
