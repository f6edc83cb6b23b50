using System.Globalization;

namespace OpsReport.Core.Configuration;

/// <summary>
/// When an SLO is at risk and when its budget burn is a finding (<c>OpsReport:Analysis:Slo</c>). The burn rules are the
/// multi-window rules of the Google SRE Workbook (ch. 5) adapted to hourly data: the Workbook's 5- and 30-minute short
/// windows do not exist at an hourly resolution, so the short window of each rule is one or six whole hours. A rule fires
/// when the burn rate reaches its rate over both its long and its short window; the long window makes it significant,
/// the short one ends it soon after recovery.
/// </summary>
public sealed class SloOptions
{
    /// <summary>An SLO still within its objective is at risk when less than this share of its error budget is left.</summary>
    public double AtRiskBudgetLeft { get; set; } = 0.25;

    /// <summary>Fast burn: this rate over <see cref="FastBurnLongHours"/> and <see cref="FastBurnShortHours"/> (6× = 5 % of a 30-day budget in 6 h) is a critical finding.</summary>
    public double FastBurnRate { get; set; } = 6;

    public int FastBurnLongHours { get; set; } = 6;

    public int FastBurnShortHours { get; set; } = 1;

    /// <summary>Slow burn: this rate over <see cref="SlowBurnLongHours"/> and <see cref="SlowBurnShortHours"/> (1× = 10 % of a 30-day budget in 3 days) is a warning finding.</summary>
    public double SlowBurnRate { get; set; } = 1;

    public int SlowBurnLongHours { get; set; } = 72;

    public int SlowBurnShortHours { get; set; } = 6;

    /// <summary>A rule's long window needs at least this many requests: three bad requests out of ten are no burn.</summary>
    public int BurnMinRequests { get; set; } = 100;

    /// <summary>Burn episodes separated by fewer quiet hours than this are one finding, so a flickering burn does not open and close all day.</summary>
    public int BurnMergeHours { get; set; } = 3;

    /// <summary>
    /// An SLO is judged (met, at risk, breached) only when its counts span at least this share of its window; below it
    /// (the first collection filling the store) it says "not enough data yet", because part of a window is no verdict.
    /// </summary>
    public double MinCoverage { get; set; } = 0.95;

    public IEnumerable<string> Errors(string prefix)
    {
        static string F(double v) => v.ToString(CultureInfo.InvariantCulture);
        if (!(AtRiskBudgetLeft is >= 0 and <= 1))
            yield return $"{prefix}:AtRiskBudgetLeft: {F(AtRiskBudgetLeft)} is a share of the budget; expected 0 to 1 (default 0.25).";
        if (!(FastBurnRate > 0))
            yield return $"{prefix}:FastBurnRate: {F(FastBurnRate)} must be positive (default 6).";
        if (!(SlowBurnRate > 0) || SlowBurnRate > FastBurnRate)
            yield return $"{prefix}:SlowBurnRate: {F(SlowBurnRate)} must be positive and at most FastBurnRate (default 1).";
        foreach (var error in WindowErrors(prefix, "FastBurn", FastBurnLongHours, FastBurnShortHours, 72, "6/1"))
            yield return error;
        foreach (var error in WindowErrors(prefix, "SlowBurn", SlowBurnLongHours, SlowBurnShortHours, 720, "72/6"))
            yield return error;
        if (BurnMinRequests < 1)
            yield return $"{prefix}:BurnMinRequests: {BurnMinRequests} must be at least 1 (default 100).";
        if (!(MinCoverage is > 0 and <= 1))
            yield return $"{prefix}:MinCoverage: {F(MinCoverage)} is a share of the SLO window; expected above 0 and at most 1 (default 0.95).";
        if (BurnMergeHours is < 1 or > 48)
            yield return $"{prefix}:BurnMergeHours: {BurnMergeHours} is out of range; expected 1 to 48 (default 3).";
    }

    private static IEnumerable<string> WindowErrors(string prefix, string rule, int longHours, int shortHours, int maxHours, string defaults)
    {
        if (shortHours < 1)
            yield return $"{prefix}:{rule}ShortHours: {shortHours} must be at least 1 hour (default long/short {defaults}).";
        else if (longHours < shortHours || longHours > maxHours)
            yield return $"{prefix}:{rule}LongHours: {longHours} is out of range; expected {rule}ShortHours ({shortHours}) to {maxHours} hours (default long/short {defaults}).";
    }
}
