using OpsReport.Core.Analysis;

namespace OpsReport.Core.Tests.Analysis;

public sealed class SeasonalBaselineTests
{
    private static RegularSeries Weekly(DateTimeOffset start, int days, Func<DateTimeOffset, double> value) =>
        new(start, TimeSpan.FromHours(1), Enumerable.Range(0, days * 24).Select(i => value(start.AddHours(i))).ToArray());

    [Fact]
    public void Expect_MondayMorning_IsLearnedFromEarlierMondayMornings()
    {
        var start = Synthetic.Jst(2026, 10, 5);
        var series = Weekly(start, 35, t => Synthetic.Load(t) * 100);
        var baseline = new SeasonalBaseline(series, Synthetic.Calendar);
        var monday10 = baseline.Axis.IndexOf(Synthetic.Jst(2026, 11, 2, 10));

        var e = baseline.Expect(monday10);

        Assert.Equal(BaselineMethod.SameTimeOfWeek, e.Method);
        // 26 Oct, 19 Oct and 5 Oct: Monday 12 Oct was Sports Day, a holiday, and is left out.
        Assert.Equal(3, e.Samples);
        Assert.Equal(135, e.Value, 6);
    }

    [Fact]
    public void Expect_WeekAfterAHoliday_HolidayDoesNotLowerTheBaseline()
    {
        // 3 Nov 2026 (Tuesday) is Culture Day: Sunday-like traffic that must not drag down the Tuesday after.
        var start = Synthetic.Jst(2026, 10, 13);
        var series = Weekly(start, 35, t => Synthetic.Load(t) * 100);
        var baseline = new SeasonalBaseline(series, Synthetic.Calendar);
        var tuesday = baseline.Axis.IndexOf(Synthetic.Jst(2026, 11, 10, 11));

        var e = baseline.Expect(tuesday);

        Assert.Equal(100, e.Value, 6);
        Assert.Equal(3, e.Samples);
    }

    [Fact]
    public void Expect_MonthEndRun_IsExpectedAgainNextMonth()
    {
        var start = Synthetic.Jst(2026, 10, 20);
        var series = Weekly(start, 42, t =>
        {
            var local = Synthetic.Tokyo.ToLocal(t);
            return 100 * (local.Day == DateTime.DaysInMonth(local.Year, local.Month) && local.Hour >= 18 ? 3 : 1);
        });
        var baseline = new SeasonalBaseline(series, Synthetic.Calendar);
        var i = baseline.Axis.IndexOf(Synthetic.Jst(2026, 11, 30, 20));

        Assert.Equal(300, baseline.Expect(i).Value, 6);
        Assert.Equal(100, baseline.Expect(i, i, continuing: true).Value, 6);
    }

    [Fact]
    public void Expect_ShortHistory_FallsBackToTrailingDaysOfTheSameKind()
    {
        var start = Synthetic.Jst(2026, 11, 9);
        var series = Weekly(start, 5, t => Synthetic.Load(t) * 100);
        var baseline = new SeasonalBaseline(series, Synthetic.Calendar);
        var friday = baseline.Axis.IndexOf(Synthetic.Jst(2026, 11, 13, 14));

        var e = baseline.Expect(friday);

        Assert.Equal(BaselineMethod.TrailingDays, e.Method);
        Assert.Equal(100, e.Value, 6);
        Assert.False(baseline.Expect(0).IsKnown);
    }
}
