namespace OpsReport.Core.Analysis;

/// <summary>
/// The usual value of a series at an index, from earlier values only: median and MAD of the same local time of week over
/// the previous 2–4 weeks, or of the previous days of the same kind when history is short. Weekday holidays neither
/// lower a working day's baseline nor get judged against one, and month edges are also compared with the previous month's.
/// </summary>
/// <remarks>
/// <c>before</c> freezes the baseline: while an episode is open its later hours are judged against history from before
/// it started, so an incident that lasts weeks does not become its own "usual".
/// </remarks>
public sealed class SeasonalBaseline
{
    private const int MaxWeeks = 4;
    private const int MaxWeeksBack = 8;
    private const int MaxTrailingDays = 7;

    private readonly double[] _values;

    public SeasonalBaseline(RegularSeries series, AnalysisCalendar calendar)
    {
        Series = series;
        _values = series.Values;
        Axis = calendar.Axis(series.Start, series.Step, series.Count);
    }

    public RegularSeries Series { get; }

    public TimeAxis Axis { get; }

    public Expectation Expect(int i) => Expect(i, i);

    /// <summary>The expectation for index <paramref name="i"/> from values at indexes below <paramref name="before"/>.</summary>
    /// <param name="continuing">
    /// True when judging whether an open episode goes on: where the usual level is ambiguous (a holiday, a month edge)
    /// the lower reading is taken, so an episode is not ended by a generous baseline; false takes the higher one, so
    /// no episode is started by a strict one.
    /// </param>
    public Expectation Expect(int i, int before, bool continuing = false)
    {
        var result = Weekly(i, before);
        if (Axis.IsWeekdayHoliday(i))
            result = HolidayExpectation(i, before, result, continuing);

        // Month-end and month-start runs (billing, batch exports) recur monthly, not weekly: the previous month's
        // edge tells how much above its own week it ran, and that uplift is expected again.
        if (!continuing && result.IsKnown && AnalysisCalendar.PreviousMonthEdge(Axis.LocalDate(i)) is { } edge)
        {
            var j = Axis.DaysBack(i, Axis.LocalDate(i).DayNumber - edge.DayNumber);
            if (j >= 0 && j < before && double.IsFinite(_values[j]) && OrdinaryAround(j, before) is var then && then > 0 && _values[j] > then)
            {
                var uplift = _values[j] / then;
                result = result with { Value = result.Value * uplift, Sigma = result.Sigma * uplift };
            }
        }
        return result;
    }

    // The same local time of week over earlier weeks, or the previous days of the same kind when history is short.
    private Expectation Weekly(int i, int before)
    {
        Span<double> samples = stackalloc double[MaxWeeksBack];
        var count = 0;
        var holidayTarget = Axis.IsWeekdayHoliday(i);
        for (var w = 1; w <= MaxWeeksBack && count < MaxWeeks; w++)
        {
            var j = Axis.DaysBack(i, 7 * w);
            if (j < 0)
                break;
            if (j >= before || !double.IsFinite(_values[j]))
                continue;
            // A holiday's Sunday-like low must not drag down the baseline of an ordinary working day.
            if (Axis.IsWeekdayHoliday(j) && !holidayTarget)
                continue;
            samples[count++] = _values[j];
        }
        if (count >= 2)
            return FromSamples(samples[..count], BaselineMethod.SameTimeOfWeek);
        count = Trailing(i, before, Axis.IsOffDay(i), MaxTrailingDays, samples);
        return count >= 2 ? FromSamples(samples[..count], BaselineMethod.TrailingDays) : Expectation.None;
    }

    // The same local time of week in the weeks around index j (before and after it, all before `before`): what j
    // would have been had it not been a month edge. The previous month's edge is often at the start of the data.
    private double OrdinaryAround(int j, int before)
    {
        Span<double> samples = stackalloc double[MaxWeeksBack];
        var count = 0;
        for (var w = -4; w <= 4 && count < MaxWeeksBack; w++)
        {
            if (w == 0)
                continue;
            var k = w < 0 ? Axis.DaysBack(j, -7 * w) : j + (w * (int)(TimeSpan.FromDays(7).Ticks / Series.Step.Ticks));
            if (k < 0 || k >= before || k >= _values.Length || !double.IsFinite(_values[k]) || Axis.IsWeekdayHoliday(k) != Axis.IsWeekdayHoliday(j))
                continue;
            if (AnalysisCalendar.PreviousMonthEdge(Axis.LocalDate(k)) is not null)
                continue;
            samples[count++] = _values[k];
        }
        return count >= 2 ? RobustStatistics.MedianInPlace(samples[..count]) : double.NaN;
    }

    // A weekday holiday runs like a Sunday for an office product and like any other day for a consumer one. The
    // series' own earlier holidays say which; without any, the reading that suits the question is taken.
    private Expectation HolidayExpectation(int i, int before, Expectation asWorkday, bool continuing)
    {
        Span<double> samples = stackalloc double[MaxWeeksBack];
        var offDays = Trailing(i, before, offDay: true, 14, samples);
        if (offDays < 2)
            return asWorkday;
        var asOffDay = FromSamples(samples[..offDays], asWorkday.IsKnown ? asWorkday.Method : BaselineMethod.TrailingDays);
        if (!asWorkday.IsKnown)
            return asOffDay;
        var behaviour = PastHolidayRatio(before);
        if (behaviour < 0.7)
            return asOffDay;
        if (behaviour > 0.85)
            return asWorkday;
        return (asOffDay.Value > asWorkday.Value) != continuing ? asOffDay : asWorkday;
    }

    // Median of value / working-day expectation over the daytime hours of earlier weekday holidays (NaN when none).
    private double PastHolidayRatio(int before)
    {
        var ratios = new List<double>();
        for (var j = 0; j < Math.Min(before, _values.Length); j++)
        {
            if (!Axis.IsWeekdayHoliday(j) || Axis.Local(j).Hour is < 9 or >= 18 || !double.IsFinite(_values[j]))
                continue;
            var usual = Weekly(j, j);
            if (usual.IsKnown && usual.Value > 0)
                ratios.Add(_values[j] / usual.Value);
        }
        return ratios.Count >= 6 ? RobustStatistics.Median(ratios) : double.NaN;
    }

    /// <summary>
    /// The typical size of log(value / expected) over [from, to): the series' own noise on a log scale (robust to a
    /// minority of anomalous hours), used as a floor under the few-sample MAD of one hour of the week.
    /// </summary>
    public double LogResidualSigma(int from, int to)
    {
        var residuals = new List<double>();
        for (var i = Math.Max(0, from); i < Math.Min(to, _values.Length); i++)
        {
            var v = _values[i];
            if (!(v > 0))
                continue;
            var e = Expect(i);
            if (e.IsKnown && e.Value > 0)
                residuals.Add(Math.Log(v / e.Value));
        }
        return residuals.Count < 24 ? double.NaN : RobustStatistics.MadToSigma * RobustStatistics.Mad(residuals);
    }

    private int Trailing(int i, int before, bool offDay, int maxDays, Span<double> samples)
    {
        var count = 0;
        for (var d = 1; d <= maxDays && count < MaxWeeks; d++)
        {
            var j = Axis.DaysBack(i, d);
            if (j < 0)
                break;
            if (j >= before || Axis.IsOffDay(j) != offDay || !double.IsFinite(_values[j]))
                continue;
            samples[count++] = _values[j];
        }
        return count;
    }

    private static Expectation FromSamples(Span<double> samples, BaselineMethod method)
    {
        var copy = samples.ToArray();
        var median = RobustStatistics.MedianInPlace(copy);
        for (var k = 0; k < copy.Length; k++)
            copy[k] = Math.Abs(copy[k] - median);
        var mad = RobustStatistics.MedianInPlace(copy);
        return new Expectation(median, RobustStatistics.MadToSigma * mad, samples.Length, method);
    }
}
