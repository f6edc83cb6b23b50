namespace OpsReport.Core.Analysis.Anomaly;

/// <summary>Which way a series left its usual range.</summary>
public enum AnomalyDirection
{
    Up,
    Down,
}

/// <summary>The shape of an anomaly episode, as a reader would name it.</summary>
public enum AnomalyShape
{
    /// <summary>A few points far above the usual range.</summary>
    Spike,

    /// <summary>A few points far below the usual range.</summary>
    Dip,

    /// <summary>Above the usual range for a while, then back.</summary>
    Burst,

    /// <summary>Below the usual range for a while, then back.</summary>
    Drop,

    /// <summary>Still away from the usual range at the end of the data: a new level, up or down.</summary>
    LevelShift,

    /// <summary>Fell to zero from a range that never touched it (a service stopped sending, traffic collapsed).</summary>
    DropToZero,
}

/// <summary>
/// One anomaly episode of a series: when it began (onset, not when it was noticed), when it ended (null while it goes
/// on), which way and how far it went against the baseline of the window before it.
/// </summary>
/// <param name="Baseline">The usual value before the episode (median of the trailing window, plus the weekly profile when used).</param>
/// <param name="Level">Median value during the episode.</param>
/// <param name="Peak">The value furthest from the baseline during the episode.</param>
/// <param name="Z">The peak's distance from the baseline in tail sigmas.</param>
/// <param name="Points">Points of the episode (from onset to its last point away from the baseline).</param>
public sealed record SeriesAnomaly(
    DateTimeOffset Start,
    DateTimeOffset? End,
    AnomalyDirection Direction,
    AnomalyShape Shape,
    double Baseline,
    double Level,
    double Peak,
    double Z,
    int Points,
    bool Seasonal);
