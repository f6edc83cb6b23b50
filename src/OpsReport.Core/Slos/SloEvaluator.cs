using OpsReport.Core.Configuration;

namespace OpsReport.Core.Slos;

/// <summary>
/// Attainment, budget, burn rates, exhaustion time and state of one SLO from its hourly counts; pure arithmetic, so the
/// reader, analysis and tests share it.
/// </summary>
public static class SloEvaluator
{
    /// <summary>The burn-rate windows every status reports, in order: 1 h, 6 h, 24 h, 3 days.</summary>
    public static IReadOnlyList<TimeSpan> BurnWindows { get; } =
        [TimeSpan.FromHours(1), TimeSpan.FromHours(6), TimeSpan.FromHours(24), TimeSpan.FromDays(3)];

    /// <summary>
    /// The status over [<paramref name="windowStart"/>, <paramref name="windowEnd"/>). State: <see cref="SloState.NoData"/>
    /// without counts; <see cref="SloState.Breached"/> when attainment is below the objective (budget left below 0);
    /// <see cref="SloState.AtRisk"/> when less than <see cref="SloOptions.AtRiskBudgetLeft"/> of the budget is left or the
    /// fast-burn rule fires at the end of the window; else <see cref="SloState.Met"/>. Before all that,
    /// <see cref="SloState.NotEnoughData"/> when the counts of <paramref name="coverageOf"/> (default: the series itself; for a
    /// tenant, its whole SLO's, since a quiet tenant is no collection gap) span less than <see cref="SloOptions.MinCoverage"/>
    /// of the window.
    /// </summary>
    public static SloStatus Evaluate(SloSeries series, DateTimeOffset windowStart, DateTimeOffset windowEnd, SloOptions options, SloSeries? coverageOf = null)
    {
        var definition = series.Definition;
        var first = Math.Max(0, series.IndexOf(windowStart));
        var end = Math.Min(series.Length, series.IndexOf(windowEnd));
        long good = 0, total = 0;
        var hours = new List<SloHour>(Math.Max(0, end - first));
        for (var i = first; i < end; i++)
        {
            if (double.IsNaN(series.Total[i]))
                continue;
            var g = (long)series.Good[i];
            var t = (long)series.Total[i];
            good += g;
            total += t;
            hours.Add(new SloHour(series.HourAt(i), g, t));
        }
        var burns = BurnWindows.Select(w => BurnRate(series, end, (int)w.TotalHours, definition.ErrorBudget, w)).ToList();
        var coverage = Coverage(coverageOf ?? series, windowStart, windowEnd);
        if (!series.HasSeries || total == 0)
            return new SloStatus(definition, series.Tenant, windowStart, windowEnd, null, null, null, null, burns, null, SloState.NoData, hours) { Coverage = coverage, RequiredCoverage = options.MinCoverage };

        var attainment = (double)good / total;
        var budgetLeft = 1 - ((1 - attainment) / definition.ErrorBudget);
        var exhaustedAt = ExhaustedAt(budgetLeft, total, burns[2], definition.ErrorBudget, windowEnd);
        var fastBurn = Rate(series, end, options.FastBurnLongHours, definition.ErrorBudget, options.BurnMinRequests) >= options.FastBurnRate
            && Rate(series, end, options.FastBurnShortHours, definition.ErrorBudget) >= options.FastBurnRate;
        var state = coverage < options.MinCoverage ? SloState.NotEnoughData
            : attainment < definition.Objective ? SloState.Breached
            : budgetLeft < options.AtRiskBudgetLeft || fastBurn ? SloState.AtRisk
            : SloState.Met;
        // An exhaustion time projected from part of the window would be a guess presented as a date.
        return new SloStatus(definition, series.Tenant, windowStart, windowEnd, good, total, attainment, budgetLeft, burns,
            state == SloState.NotEnoughData ? null : exhaustedAt, state, hours) { Coverage = coverage, RequiredCoverage = options.MinCoverage };
    }

    /// <summary>
    /// The share of [<paramref name="windowStart"/>, <paramref name="windowEnd"/>) between the first and the last hour with
    /// counts: hours missing at the start (collection began later) or at the end (collection not there yet) count against
    /// it, a quiet hour between counted ones does not.
    /// </summary>
    public static double Coverage(SloSeries series, DateTimeOffset windowStart, DateTimeOffset windowEnd)
    {
        var first = Math.Max(0, series.IndexOf(windowStart));
        var end = Math.Min(series.Length, series.IndexOf(windowEnd));
        var hours = (windowEnd - windowStart).TotalHours;
        if (hours <= 0)
            return 1;
        int? from = null, to = null;
        for (var i = first; i < end; i++)
        {
            if (double.IsNaN(series.Total[i]))
                continue;
            from ??= i;
            to = i + 1;
        }
        return from is { } f && to is { } t ? Math.Min(1, (t - f) / hours) : 0;
    }

    /// <summary>
    /// The bad share of the <paramref name="hours"/> hours before index <paramref name="end"/> divided by the error budget;
    /// null without counts or with fewer than <paramref name="minRequests"/> requests.
    /// </summary>
    public static double? Rate(SloSeries series, int end, int hours, double errorBudget, long minRequests = 1)
    {
        double good = 0, total = 0;
        for (var i = Math.Max(0, end - hours); i < Math.Min(end, series.Length); i++)
        {
            if (double.IsNaN(series.Total[i]))
                continue;
            good += series.Good[i];
            total += series.Total[i];
        }
        return total < Math.Max(1, minRequests) ? null : (1 - (good / total)) / errorBudget;
    }

    private static SloBurnRate BurnRate(SloSeries series, int end, int hours, double errorBudget, TimeSpan window)
    {
        long total = 0;
        for (var i = Math.Max(0, end - hours); i < Math.Min(end, series.Length); i++)
        {
            if (!double.IsNaN(series.Total[i]))
                total += (long)series.Total[i];
        }
        return new SloBurnRate(window, Rate(series, end, hours, errorBudget), total);
    }

    /// <summary>
    /// When the budget left runs out if the next hours burn as the last 24 h did. Null at a 24 h rate of 1 or less (at
    /// that rate a rolling window never runs out: old bad hours leave it as fast as new ones come) and once it is spent.
    /// The window's total is taken to go on at the last 24 h's hourly traffic.
    /// </summary>
    private static DateTimeOffset? ExhaustedAt(double budgetLeft, long windowTotal, SloBurnRate day, double errorBudget, DateTimeOffset windowEnd)
    {
        if (day.Rate is not { } rate || rate <= 1 || budgetLeft <= 0 || day.Total == 0)
            return null;
        var badLeft = budgetLeft * errorBudget * windowTotal;
        var badPerHour = rate * errorBudget * (day.Total / 24.0);
        var hours = badLeft / badPerHour;
        return hours > 24 * 400 ? null : windowEnd + TimeSpan.FromHours(hours);
    }
}
