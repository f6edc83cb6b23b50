using OpsReport.Core.Configuration;
using OpsReport.Core.Domain;

namespace OpsReport.Core.Slos;

/// <summary>
/// Budget-burn findings of one SLO from its hourly counts, by the two multi-window rules of <see cref="SloOptions"/>:
/// fast (6× over 6 h and 1 h, critical) and slow (1× over 3 days and 6 h, warning). A finding starts at the first hour of
/// the burn (walked back from the first firing hour through the hours that burned at least at the rule's rate), ends at
/// the first hour neither rule fires, and is resolved once <see cref="SloOptions.BurnMergeHours"/> hours passed quiet.
/// </summary>
public sealed class SloBurnDetector(SloOptions options)
{
    public const string BudgetLeft = "slo_budget_left";
    public const string Attainment = "slo_attainment";
    public const string Objective = "slo_objective";
    public const string Burn1h = "slo_burn_1h";
    public const string Burn6h = "slo_burn_6h";
    public const string Burn24h = "slo_burn_24h";
    public const string PeakBurn = "slo_peak_burn";
    public const string ExhaustedAt = "slo_exhausted_at";
    public const string WindowDays = "slo_window_days";
    public const string LabelTitle = "sloTitle";
    public const string LabelTitleJa = "sloTitleJa";
    public const string LabelName = "slo";

    /// <summary>The finding subject: the SLO's name, and its tenant for a per-tenant status (<c>exports-fast/acme</c>).</summary>
    public static string Subject(SloDefinition definition, string? tenant) => tenant is null ? definition.Name : definition.Name + "/" + tenant;

    /// <summary>
    /// Hour by hour (index of the hour that closes each evaluation): 2 when the fast rule fires, 1 when only the slow rule
    /// does, 0 otherwise.
    /// </summary>
    public int[] Firing(SloSeries series)
    {
        var budget = series.Definition.ErrorBudget;
        var result = new int[series.Length];
        for (var i = 0; i < series.Length; i++)
        {
            var end = i + 1;
            if (Fires(series, end, options.FastBurnLongHours, options.FastBurnShortHours, options.FastBurnRate, budget))
                result[i] = 2;
            else if (Fires(series, end, options.SlowBurnLongHours, options.SlowBurnShortHours, options.SlowBurnRate, budget))
                result[i] = 1;
        }
        return result;
    }

    /// <summary>
    /// The latest burn of the series up to <paramref name="asOf"/>, when it is still open or ended after
    /// <paramref name="reportSince"/>; null otherwise. The numbers come from <paramref name="status"/> (the SLO at <paramref name="asOf"/>).
    /// </summary>
    public Finding? Detect(string environment, SloStatus status, SloSeries series, DateTimeOffset asOf, DateTimeOffset reportSince,
        string? tenantName = null)
    {
        var firing = Firing(series);
        var lastHour = Math.Min(series.Length, series.IndexOf(asOf)) - 1;
        // Runs of firing hours; runs separated by fewer than BurnMergeHours quiet hours are one burn.
        int first = -1, last = -1;
        for (var i = 0; i <= lastHour; i++)
        {
            if (firing[i] == 0)
                continue;
            if (first < 0 || i - last - 1 >= options.BurnMergeHours)
                first = i;
            last = i;
        }
        if (first < 0)
            return null;
        var fast = false;
        for (var i = first; i <= last; i++)
            fast |= firing[i] == 2;
        var rate = firing[first] == 2 ? options.FastBurnRate : options.SlowBurnRate;
        var onset = first;
        while (onset - 1 >= 0 && HourRate(series, onset - 1) >= rate)
            onset--;

        var open = lastHour - last < options.BurnMergeHours;
        var end = series.HourAt(last + 1);
        if (!open && end < reportSince)
            return null;
        return ToFinding(environment, status, series, onset, open ? null : end, fast, PeakRate(series, onset, last), tenantName, asOf);
    }

    private Finding ToFinding(string environment, SloStatus status, SloSeries series, int onset, DateTimeOffset? end, bool fast, double peak,
        string? tenantName, DateTimeOffset asOf)
    {
        var d = status.Definition;
        var numbers = new Dictionary<string, double>
        {
            [Objective] = d.Objective,
            [PeakBurn] = Math.Round(peak, 2),
            [WindowDays] = d.Window.RollingDays ?? 0,
        };
        if (status.BudgetLeft is { } left)
            numbers[BudgetLeft] = Math.Round(left, 4);
        if (status.Attainment is { } attainment)
            numbers[Attainment] = attainment;
        foreach (var (key, index) in new[] { (Burn1h, 0), (Burn6h, 1), (Burn24h, 2) })
        {
            if (status.BurnRates[index].Rate is { } r)
                numbers[key] = Math.Round(r, 2);
        }
        if (status.BudgetExhaustedAt is { } at)
            numbers[ExhaustedAt] = at.ToUnixTimeSeconds();
        var labels = new Dictionary<string, string>(StringComparer.Ordinal) { [LabelName] = d.Name, [LabelTitle] = d.Title };
        if (d.TitleJa is { } ja)
            labels[LabelTitleJa] = ja;
        if (series.Tenant is { } tenant)
        {
            labels[Analysis.Facts.LabelTenant] = tenant;
            labels[Analysis.Facts.LabelTenantName] = tenantName ?? tenant;
        }
        var url = $"/slos?env={Uri.EscapeDataString(environment)}" + (series.Tenant is { } t ? "&tenant=" + Uri.EscapeDataString(t) : "");
        return new Finding(environment, FindingKind.SloBurn, Subject(d, series.Tenant), series.HourAt(onset), end,
            fast ? Severity.Critical : Severity.Warning, end is null ? FindingState.Open : FindingState.Resolved, "", "", numbers, url, asOf)
        {
            Labels = labels,
        };
    }

    // The request minimum applies to the long window: a tenant's quiet hour may hold a few dozen requests, and the long
    // window already says the burn is real; the short window only says it is still going on.
    private bool Fires(SloSeries series, int end, int longHours, int shortHours, double rate, double budget) =>
        SloEvaluator.Rate(series, end, longHours, budget, options.BurnMinRequests) >= rate
        && SloEvaluator.Rate(series, end, shortHours, budget) >= rate;

    private static double HourRate(SloSeries series, int i) =>
        double.IsNaN(series.Total[i]) || series.Total[i] <= 0 ? 0 : (1 - (series.Good[i] / series.Total[i])) / series.Definition.ErrorBudget;

    private static double PeakRate(SloSeries series, int from, int to)
    {
        var peak = 0.0;
        for (var i = from; i <= to; i++)
            peak = Math.Max(peak, HourRate(series, i));
        return peak;
    }
}
