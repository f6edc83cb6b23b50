namespace OpsReport.Core.Analysis;

/// <summary>
/// The indexes of a regular series mapped to local wall-clock time: which index is the same local time one week or one
/// day earlier (DST-correct), and whether an index falls on a day off, a holiday or a month edge.
/// </summary>
public sealed class TimeAxis
{
    private readonly AnalysisCalendar _calendar;
    private readonly DateTime[] _local;
    private readonly bool[] _offDay;
    private readonly bool[] _holiday;
    private readonly bool _uniformOffset;
    private readonly long _stepsPerDay;

    internal TimeAxis(AnalysisCalendar calendar, DateTimeOffset start, TimeSpan step, int count)
    {
        _calendar = calendar;
        Start = start;
        Step = step;
        Count = count;
        _local = new DateTime[count];
        _offDay = new bool[count];
        _holiday = new bool[count];
        _uniformOffset = true;
        _stepsPerDay = TimeSpan.TicksPerDay % step.Ticks == 0 ? TimeSpan.TicksPerDay / step.Ticks : 0;
        var firstOffset = count > 0 ? calendar.Zone.ToLocal(start).Offset : TimeSpan.Zero;
        for (var i = 0; i < count; i++)
        {
            var local = calendar.Zone.ToLocal(start + (step * i));
            _local[i] = local.DateTime;
            _uniformOffset &= local.Offset == firstOffset;
            var date = DateOnly.FromDateTime(_local[i]);
            _offDay[i] = calendar.IsOffDay(date);
            _holiday[i] = calendar.IsHoliday(date) && date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
        }
    }

    public DateTimeOffset Start { get; }

    public TimeSpan Step { get; }

    public int Count { get; }

    public DateTime Local(int i) => _local[i];

    public DateOnly LocalDate(int i) => DateOnly.FromDateTime(_local[i]);

    public bool IsOffDay(int i) => _offDay[i];

    /// <summary>A public holiday on a weekday: a working day's hour-of-week that behaves like a Sunday.</summary>
    public bool IsWeekdayHoliday(int i) => _holiday[i];

    /// <summary>The index at the same local time <paramref name="days"/> days earlier (negative when before the series).</summary>
    public int DaysBack(int i, int days)
    {
        // Without a DST change in the series a local day is exactly 24 hours; only a DST zone needs the conversion.
        if (_uniformOffset && _stepsPerDay > 0)
            return (int)Math.Max(-1, i - (days * _stepsPerDay));
        var t = _calendar.Zone.FromLocal(_local[i].AddDays(-days));
        var ticks = (t - Start).Ticks;
        return ticks < 0 ? -1 : (int)(ticks / Step.Ticks);
    }

    public int IndexOf(DateTimeOffset t)
    {
        var ticks = (t - Start).Ticks;
        return ticks < 0 ? -1 : (int)Math.Min(int.MaxValue, ticks / Step.Ticks);
    }

    public DateTimeOffset TimeAt(int i) => Start + (Step * i);
}
