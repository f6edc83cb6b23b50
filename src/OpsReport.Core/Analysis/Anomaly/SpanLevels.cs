namespace OpsReport.Core.Analysis.Anomaly;

/// <summary>
/// The level (median) of the span of <see cref="Points"/> points ending at every index, and the levels of the spans of
/// the trailing baseline window kept sorted: a span whose level is well past every span of the window is a sustained
/// rise even when no single point stands out (a burst of a few hours in a noisy series).
/// </summary>
internal sealed class SpanLevels
{
    private readonly double[] _level;
    private readonly int _window;

    public SpanLevels(double[] work, int points, int window)
    {
        Points = points;
        _window = window;
        var n = work.Length;
        _level = new double[n];
        var span = new SlidingQuantiles(points + 1);
        for (var i = 0; i < n; i++)
        {
            if (double.IsFinite(work[i]))
                span.Add(work[i]);
            var leave = i - points;
            if (leave >= 0 && double.IsFinite(work[leave]))
                span.Remove(work[leave]);
            // Three quarters of the span must be there: a few points between gaps do not make a level.
            _level[i] = span.Count > 3 * points / 4 ? span.Quantile(0.5) : double.NaN;
        }
        History = new SlidingQuantiles(window + 1);
    }

    public int Points { get; }

    /// <summary>Levels of the spans that ended before the span being judged began, over the baseline window.</summary>
    public SlidingQuantiles History { get; }

    public double Level(int i) => _level[i];

    /// <summary>Moves the baseline to the spans that ended before the span ending at <paramref name="i"/> began.</summary>
    public void Advance(int i)
    {
        var enter = i - Points;
        if (enter >= 0 && double.IsFinite(_level[enter]))
            History.Add(_level[enter]);
        var leave = enter - _window;
        if (leave >= 0 && double.IsFinite(_level[leave]))
            History.Remove(_level[leave]);
    }
}
