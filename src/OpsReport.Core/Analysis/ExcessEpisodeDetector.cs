namespace OpsReport.Core.Analysis;

/// <summary>
/// Finds sustained excess over a seasonal baseline, scanning forward in time. A candidate becomes an episode after
/// <see cref="ExcessThresholds.MinHigh"/> high values (one gap allowed); while open, its baseline is frozen at its start;
/// it ends after <see cref="ExcessThresholds.ResolveAfter"/> values in a row back within baseline. Missing values
/// neither extend nor end an episode.
/// </summary>
public static class ExcessEpisodeDetector
{
    private const double SigmaFloor = 0.05;
    private const int AllowedGap = 1;

    public static IReadOnlyList<ExcessEpisode> Detect(SeasonalBaseline baseline, ExcessThresholds t)
    {
        var values = baseline.Series.Values;
        var noise = baseline.LogResidualSigma(0, values.Length);
        var episodes = new List<ExcessEpisode>();

        int? candidate = null;
        var candidateHighs = 0;
        var gap = 0;
        int? open = null;
        var highs = 0;
        var normalRun = 0;
        var lastJudged = -1;
        Dictionary<int, double> expected = [];

        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            if (!double.IsFinite(v))
                continue;
            var before = open ?? candidate ?? i;
            var e = baseline.Expect(i, before, continuing: open is not null);
            if (!e.IsKnown)
                continue;
            var usual = Math.Max(e.Value, t.MinExpected);
            // Hysteresis: an open episode goes on until the value is back near its baseline, not merely under the
            // bar that opened it, so a level hovering at the threshold is one episode, not many.
            var high = open is null
                ? IsHigh(v, usual, e, noise, t.Ratio, t.MinZ)
                : IsHigh(v, usual, e, noise, 1 + ((t.Ratio - 1) / 2), t.MinZ / 2);

            if (open is { } start)
            {
                expected[i] = usual;
                lastJudged = i;
                if (high)
                {
                    highs++;
                    normalRun = 0;
                    continue;
                }
                normalRun++;
                if (normalRun >= t.ResolveAfter)
                {
                    var end = FirstOfRun(values, i, t.ResolveAfter);
                    episodes.Add(new ExcessEpisode(start, end, highs, i, Trim(expected, end)));
                    open = null;
                    expected = [];
                }
                continue;
            }

            if (candidate is { } c)
            {
                expected[i] = usual;
                if (high)
                {
                    candidateHighs++;
                    gap = 0;
                }
                else if (++gap > AllowedGap)
                {
                    candidate = null;
                    expected = [];
                    continue;
                }
                if (candidateHighs >= t.MinHigh)
                {
                    open = c;
                    highs = candidateHighs;
                    normalRun = gap;
                    lastJudged = i;
                    candidate = null;
                }
                continue;
            }

            if (high)
            {
                expected = new Dictionary<int, double> { [i] = usual };
                if (t.MinHigh <= 1)
                {
                    open = i;
                    highs = 1;
                    normalRun = 0;
                    lastJudged = i;
                }
                else
                {
                    candidate = i;
                    candidateHighs = 1;
                    gap = 0;
                }
            }
        }
        if (open is { } stillOpen)
            episodes.Add(new ExcessEpisode(stillOpen, null, highs, lastJudged, expected));
        return episodes;
    }

    private static bool IsHigh(double value, double usual, Expectation e, double noise, double ratio, double minZ)
    {
        if (value < ratio * usual)
            return false;
        // The hour's own spread across weeks, the series' noise, or 5 %: whichever is widest.
        var slotSigma = e.Value > 0 && double.IsFinite(e.Sigma) ? e.Sigma / e.Value : 0;
        var sigma = Math.Max(SigmaFloor, Math.Max(slotSigma, double.IsFinite(noise) ? noise : 0));
        return Math.Log(value / usual) >= minZ * sigma;
    }

    // The index where the closing run of normal values began (the episode's exclusive end), skipping missing values.
    private static int FirstOfRun(double[] values, int last, int run)
    {
        var seen = 0;
        var i = last;
        for (; i >= 0; i--)
        {
            if (!double.IsFinite(values[i]))
                continue;
            if (++seen == run)
                break;
        }
        return i;
    }

    private static Dictionary<int, double> Trim(Dictionary<int, double> expected, int end) =>
        expected.Where(kv => kv.Key < end).ToDictionary(kv => kv.Key, kv => kv.Value);
}
