using OpsReport.Core.Domain;

namespace OpsReport.Core.Analysis;

/// <summary>One log group's (or Datadog service's) volume per period, and its events per level when the source splits them.</summary>
/// <param name="Volume">Bytes ingested per period when <paramref name="IsBytes"/>, else events.</param>
public sealed record LogVolumeInput(
    string Subject,
    IReadOnlyDictionary<string, string> Dimensions,
    RegularSeries Volume,
    bool IsBytes,
    IReadOnlyDictionary<string, RegularSeries> EventsByLevel);

/// <summary>A sustained excess of one log group's volume, with what it amounts to in its most recent day.</summary>
/// <param name="Recent">The last (up to) 24 judged hours of the episode, which <paramref name="Ratio"/> and the per-day numbers describe.</param>
public sealed record LogVolumeEpisode(
    LogVolumeInput Input,
    DateTimeOffset Start,
    DateTimeOffset? End,
    TimeWindow Recent,
    double Ratio,
    double PeakRatio,
    double ExcessPerDay,
    double UsualPerDay,
    int HighHours);
