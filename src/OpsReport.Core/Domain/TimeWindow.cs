namespace OpsReport.Core.Domain;

/// <summary>A half-open UTC interval [Start, End).</summary>
public readonly record struct TimeWindow
{
    public TimeWindow(DateTimeOffset start, DateTimeOffset end)
    {
        if (end < start)
            throw new ArgumentException($"Window end {end:O} is before its start {start:O}.");
        Start = start.ToUniversalTime();
        End = end.ToUniversalTime();
    }

    public DateTimeOffset Start { get; }

    public DateTimeOffset End { get; }

    public TimeSpan Duration => End - Start;

    public bool IsEmpty => End == Start;

    public bool Contains(DateTimeOffset t) => t >= Start && t < End;

    public TimeWindow Shift(TimeSpan by) => new(Start + by, End + by);

    /// <summary>Splits the window into consecutive chunks of at most <paramref name="size"/>.</summary>
    public IEnumerable<TimeWindow> Chunk(TimeSpan size)
    {
        for (var s = Start; s < End; s += size)
            yield return new TimeWindow(s, s + size < End ? s + size : End);
    }

    public static DateTimeOffset FloorToHour(DateTimeOffset t)
    {
        var u = t.ToUniversalTime();
        return new DateTimeOffset(u.Year, u.Month, u.Day, u.Hour, 0, 0, TimeSpan.Zero);
    }

    public override string ToString() => $"{Start:yyyy-MM-ddTHH:mm:ssZ}/{End:yyyy-MM-ddTHH:mm:ssZ}";
}
