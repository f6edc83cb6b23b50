namespace OpsReport.Core.Analysis;

/// <summary>
/// Japanese public holidays (国民の祝日) by the rules of the Act on National Holidays as amended in 2018: fixed dates,
/// Happy Monday days, the equinoxes, substitute holidays (振替休日) and sandwiched citizens' holidays (国民の休日).
/// </summary>
/// <remarks>
/// The equinox days use the astronomical approximation published for 1980–2099; the cabinet fixes them each February
/// a year ahead and they have matched it. The one-off moves for the Tokyo Olympics (2020–2021) are not modelled.
/// </remarks>
public static class JapaneseHolidays
{
    public static IReadOnlySet<DateOnly> For(int year)
    {
        var days = new SortedSet<DateOnly>
        {
            new(year, 1, 1),
            NthMonday(year, 1, 2),
            new(year, 2, 11),
            new(year, 2, 23),
            new(year, 3, VernalEquinoxDay(year)),
            new(year, 4, 29),
            new(year, 5, 3),
            new(year, 5, 4),
            new(year, 5, 5),
            NthMonday(year, 7, 3),
            new(year, 8, 11),
            NthMonday(year, 9, 3),
            new(year, 9, AutumnalEquinoxDay(year)),
            NthMonday(year, 10, 2),
            new(year, 11, 3),
            new(year, 11, 23),
        };

        // A day between two holidays is a holiday too (e.g. 22 Sep 2026 between Respect for the Aged Day and the equinox).
        foreach (var day in days.ToList())
        {
            var next = day.AddDays(1);
            if (!days.Contains(next) && days.Contains(day.AddDays(2)) && next.DayOfWeek != DayOfWeek.Sunday)
                days.Add(next);
        }

        // A holiday on a Sunday moves the day off to the next day that is not already a holiday.
        foreach (var day in days.Where(d => d.DayOfWeek == DayOfWeek.Sunday).ToList())
        {
            var substitute = day.AddDays(1);
            while (days.Contains(substitute))
                substitute = substitute.AddDays(1);
            days.Add(substitute);
        }
        return days;
    }

    public static IReadOnlySet<DateOnly> Between(int firstYear, int lastYear)
    {
        var all = new HashSet<DateOnly>();
        for (var y = firstYear; y <= lastYear; y++)
            all.UnionWith(For(y));
        return all;
    }

    private static int VernalEquinoxDay(int year) => (int)Math.Floor(20.8431 + (0.242194 * (year - 1980)) - Math.Floor((year - 1980) / 4.0));

    private static int AutumnalEquinoxDay(int year) => (int)Math.Floor(23.2488 + (0.242194 * (year - 1980)) - Math.Floor((year - 1980) / 4.0));

    private static DateOnly NthMonday(int year, int month, int n)
    {
        var first = new DateOnly(year, month, 1);
        var offset = ((int)DayOfWeek.Monday - (int)first.DayOfWeek + 7) % 7;
        return first.AddDays(offset + (7 * (n - 1)));
    }
}
