using OpsReport.Core.Domain;
using OpsReport.Core.Text;
using OpsReport.Core.Time;

namespace OpsReport.Core.Charts;

/// <summary>Turns stored points into a <see cref="ChartModel"/>: a regular grid (missing periods become gaps), comparison overlays, axes.</summary>
public sealed class ChartBuilder
{
    private readonly ZoneCalendar _calendar;
    private readonly List<ChartSeries> _series = [];
    private readonly List<ChartAnnotation> _annotations = [];
    private readonly List<ChartBand> _bands = [];
    private readonly bool _utcAligned;

    /// <param name="utcAligned">True for series whose periods are UTC days (Cost Explorer bills by UTC date).</param>
    public ChartBuilder(ZoneCalendar calendar, string title, string unit, TimeWindow range, Resolution step, bool utcAligned = false)
    {
        _utcAligned = utcAligned;
        _calendar = calendar;
        Title = title;
        Unit = unit;
        Range = range;
        Step = step;
    }

    public string Title { get; }

    public string Unit { get; }

    public TimeWindow Range { get; }

    public Resolution Step { get; }

    /// <summary>The reader's language, for the weekday names of the time axis.</summary>
    public string Language { get; init; } = TextCatalog.English;

    /// <summary>False for values read near their top (an SLO's attainment, 99–100 %), whose axis starting at 0 would flatten them.</summary>
    public bool ZeroBased { get; init; } = true;

    /// <summary>Adds a series drawn over the chart's range. Points outside the range are ignored.</summary>
    public ChartBuilder Add(string name, IReadOnlyList<Point> points, int colorIndex, SeriesStyle style = SeriesStyle.Current) =>
        AddShifted(name, points, TimeSpan.Zero, colorIndex, style);

    /// <summary>Adds the same series one period earlier (e.g. last week), drawn over the current range for comparison.</summary>
    public ChartBuilder AddComparison(string name, IReadOnlyList<Point> earlierPoints, TimeSpan shift, int colorIndex) =>
        AddShifted(name, earlierPoints, shift, colorIndex, SeriesStyle.Comparison);

    public ChartBuilder Annotate(DateTimeOffset at, string label, DateTimeOffset? to = null)
    {
        if (Range.Contains(at) || (to is { } t && t > Range.Start && at < Range.End))
            _annotations.Add(new ChartAnnotation(at, to, label));
        return this;
    }

    /// <summary>Marks a deploy (when it falls inside the chart's range) with a label such as "api v1.4.2 deployed".</summary>
    public ChartBuilder MarkDeploy(DateTimeOffset at, string label)
    {
        if (Range.Contains(at))
            _annotations.Add(new ChartAnnotation(at, null, label) { IsDeploy = true });
        return this;
    }

    /// <summary>Marks a stretch without collected data (clipped to the chart's range).</summary>
    public ChartBuilder MarkGap(DateTimeOffset from, DateTimeOffset to, string label)
    {
        if (to > Range.Start && from < Range.End)
            _annotations.Add(new ChartAnnotation(from < Range.Start ? Range.Start : from, to > Range.End ? Range.End : to, label) { IsGap = true });
        return this;
    }

    /// <summary>Adds a shaded range; <paramref name="range"/> holds the low and high value of each slot, keyed by its UTC time.</summary>
    public ChartBuilder AddBand(string name, IReadOnlyDictionary<DateTimeOffset, (double Low, double High)> range, int colorIndex)
    {
        var points = Slots().Select(slot => range.TryGetValue(slot, out var r) ? new ChartBandPoint(slot, r.Low, r.High) : new ChartBandPoint(slot, null, null)).ToList();
        _bands.Add(new ChartBand(name, colorIndex, points));
        return this;
    }

    public ChartModel Build()
    {
        var values = _series.SelectMany(s => s.Points).Where(p => p.Value is not null).Select(p => p.Value!.Value)
            .Concat(_bands.SelectMany(b => b.Points).SelectMany(p => new[] { p.Low, p.High }).Where(v => v is not null).Select(v => v!.Value))
            .ToList();
        var (min, max, stepValue) = values.Count == 0
            ? NiceScale.Compute(0, 1)
            : NiceScale.Compute(values.Min(), values.Max(), 5, includeZero: ZeroBased && values.Min() >= 0);
        var tickValues = NiceScale.Ticks(min, max, stepValue).ToList();
        var yTicks = tickValues.Zip(ValueFormat.AxisLabels(tickValues, Unit), (v, label) => new AxisTick<double>(v, label)).ToList();
        var x = new TimeAxis(Range, TimeTicks.Compute(Range, _calendar, language: Language), _calendar.ZoneId);
        return new ChartModel(Title, Unit, x, new ValueAxis(min, max, yTicks), _series.ToList(), _annotations.ToList()) { Bands = _bands.ToList() };
    }

    private ChartBuilder AddShifted(string name, IReadOnlyList<Point> points, TimeSpan shift, int colorIndex, SeriesStyle style)
    {
        var byTime = new Dictionary<DateTimeOffset, double>(points.Count);
        foreach (var p in points)
            byTime[p.Timestamp] = p.Value;
        var grid = new List<ChartPoint>();
        var label = new ChartPointLabel(name, Unit, _calendar, Step == Resolution.Hour ? "yyyy-MM-dd HH:mm" : "yyyy-MM-dd");
        foreach (var slot in Slots())
        {
            var original = slot - shift;
            double? value = byTime.TryGetValue(original, out var v) ? v : null;
            grid.Add(new ChartPoint(slot, original, value, label));
        }
        _series.Add(new ChartSeries(name, style, colorIndex, grid));
        return this;
    }

    private IEnumerable<DateTimeOffset> Slots()
    {
        if (Step == Resolution.Hour)
        {
            for (var t = TimeWindow.FloorToHour(Range.Start); t < Range.End; t = t.AddHours(1))
            {
                if (t >= Range.Start)
                    yield return t;
            }
        }
        else if (Step == Resolution.Day && !_utcAligned)
        {
            foreach (var day in _calendar.DaysIn(Range))
                yield return day.Start;
        }
        else if (Step == Resolution.Week && !_utcAligned)
        {
            foreach (var week in _calendar.WeeksIn(Range))
                yield return week.Start;
        }
        else
        {
            var start = DateTimeOffset.FromUnixTimeSeconds(Range.Start.ToUnixTimeSeconds() / Step.Seconds * Step.Seconds);
            for (var t = start; t < Range.End; t += Step.Duration)
            {
                if (t >= Range.Start)
                    yield return t;
            }
        }
    }
}
