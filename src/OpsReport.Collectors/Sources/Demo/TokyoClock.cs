namespace OpsReport.Collectors.Sources.Demo;

/// <summary>
/// Wall-clock time of the demo company, which works Japanese business hours whatever zone the dashboard shows.
/// Asia/Tokyo has had no daylight saving since 1951, so a fixed +09:00 offset is exact and saves a zone lookup per hour.
/// </summary>
internal static class TokyoClock
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(9);

    public static DateTime ToLocal(DateTimeOffset utc) => utc.UtcDateTime + Offset;

    public static DateOnly DateOf(DateTimeOffset utc) => DateOnly.FromDateTime(ToLocal(utc));

    public static DateTimeOffset At(DateOnly date, int hour) =>
        new DateTimeOffset(date.ToDateTime(new TimeOnly(hour, 0)), Offset).ToUniversalTime();

    public static bool IsWeekday(DateOnly date) => date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    public static long HourIndex(DateTimeOffset utc) => utc.ToUnixTimeSeconds() / 3600;

    public static DateTimeOffset FromHourIndex(long hour) => DateTimeOffset.FromUnixTimeSeconds(hour * 3600);
}
