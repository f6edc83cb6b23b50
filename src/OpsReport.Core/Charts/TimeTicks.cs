using System.Globalization;
using OpsReport.Core.Domain;
using OpsReport.Core.Text;
using OpsReport.Core.Time;

namespace OpsReport.Core.Charts;

/// <summary>Time-axis ticks on local hour/day boundaries of the configured zone, about 4–8 per axis.</summary>
public static class TimeTicks
{
    private static readonly int[] HourSteps = [1, 2, 3, 6, 12];
    private static readonly int[] DaySteps = [1, 2, 7, 14];

    /// <param name="language">The reader's language: day ticks name the weekday in it (<c>Mon 11/23</c> / <c>11/23(月)</c>).</param>
    public static IReadOnlyList<AxisTick<DateTimeOffset>> Compute(TimeWindow range, ZoneCalendar calendar, int maxTicks = 8, string language = TextCatalog.English)
    {
        var ticks = new List<AxisTick<DateTimeOffset>>();
        var hours = range.Duration.TotalHours;
        var hourStep = HourSteps.FirstOrDefault(s => hours / s <= maxTicks);
        if (hourStep > 0)
        {
            var local = calendar.ToLocal(range.Start).DateTime;
            var t = new DateTime(local.Year, local.Month, local.Day, local.Hour, 0, 0).AddHours(local.Minute > 0 || local.Second > 0 ? 1 : 0);
            while (t.Hour % hourStep != 0)
                t = t.AddHours(1);
            for (; ; t = t.AddHours(hourStep))
            {
                var utc = calendar.FromLocal(t);
                if (utc >= range.End)
                    break;
                var label = t.Hour == 0 ? t.ToString("MM/dd", CultureInfo.InvariantCulture) : t.ToString("HH:mm", CultureInfo.InvariantCulture);
                ticks.Add(new AxisTick<DateTimeOffset>(utc, label));
            }
            return ticks;
        }

        var days = range.Duration.TotalDays;
        var dayStep = DaySteps.FirstOrDefault(s => days / s <= maxTicks);
        if (dayStep == 0)
            dayStep = (int)Math.Ceiling(days / maxTicks);
        var startLocal = calendar.ToLocal(range.Start).DateTime.Date;
        if (calendar.FromLocal(startLocal) < range.Start)
            startLocal = startLocal.AddDays(1);
        if (dayStep >= 7)
        {
            while (startLocal.DayOfWeek != DayOfWeek.Monday)
                startLocal = startLocal.AddDays(1);
        }
        for (var d = startLocal; ; d = d.AddDays(dayStep))
        {
            var utc = calendar.FromLocal(d);
            if (utc >= range.End)
                break;
            var label = dayStep == 1 && days <= 8
                ? d.ToString(TextCatalog.Get(language, "format.dayShort"), TextCatalog.Culture(language))
                : d.ToString("MM/dd", CultureInfo.InvariantCulture);
            ticks.Add(new AxisTick<DateTimeOffset>(utc, label));
        }
        return ticks;
    }
}
