namespace OpsReport.Core.Slos;

/// <summary>
/// An SLO evaluated at one moment over its window, for the whole environment (<see cref="Tenant"/> null) or one
/// tenant (<c>other</c> pools the tenants beyond the top N). Every surface (overview, /slos, tenant page, PDF, API)
/// shows these values and computes none of its own.
/// </summary>
/// <param name="Attainment">Good ÷ total over the window, 0–1; null when there are no counts.</param>
/// <param name="BudgetLeft">Share of the error budget not yet spent, 1 = untouched, 0 = spent, negative = overspent; null without counts.</param>
/// <param name="BurnRates">Over 1 h, 6 h, 24 h and 3 days, in that order.</param>
/// <param name="BudgetExhaustedAt">When the remaining budget runs out at the 24 h burn rate; null at a 24 h rate of 1× or less (a rolling window then never runs out) or once it is spent.</param>
/// <param name="Hours">Hourly counts over the window, for the attainment and budget charts.</param>
public sealed record SloStatus(
    SloDefinition Definition,
    string? Tenant,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    long? Good,
    long? Total,
    double? Attainment,
    double? BudgetLeft,
    IReadOnlyList<SloBurnRate> BurnRates,
    DateTimeOffset? BudgetExhaustedAt,
    SloState State,
    IReadOnlyList<SloHour> Hours)
{
    /// <summary>
    /// The share of the window the SLO's counts span (from its first to its last hour with counts, 0–1; for a tenant,
    /// the whole SLO's): below <see cref="Configuration.SloOptions.MinCoverage"/> the state is <see cref="SloState.NotEnoughData"/>.
    /// </summary>
    public double Coverage { get; init; } = 1;

    /// <summary>The coverage the verdict needs (<see cref="Configuration.SloOptions.MinCoverage"/> when evaluated).</summary>
    public double RequiredCoverage { get; init; }
}
