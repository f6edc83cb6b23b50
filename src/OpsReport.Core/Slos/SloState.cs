namespace OpsReport.Core.Slos;

/// <summary>Where an SLO stands over its window.</summary>
public enum SloState
{
    /// <summary>Attainment at or above the objective and the budget is not burning fast.</summary>
    Met,

    /// <summary>Still within the objective, but the budget is burning fast or little of it is left.</summary>
    AtRisk,

    /// <summary>Attainment below the objective: the budget is spent.</summary>
    Breached,

    /// <summary>No source gave good and total counts for this SLO: shown as "no data", never as met.</summary>
    NoData,

    /// <summary>
    /// Counts cover less of the window than <see cref="Configuration.SloOptions.MinCoverage"/> (the first collection still
    /// filling the store, or a new source): the attainment of part of the window is no verdict, so neither met nor breached.
    /// </summary>
    NotEnoughData,
}
