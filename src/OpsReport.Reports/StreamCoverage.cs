using OpsReport.Core.Domain;

namespace OpsReport.Reports;

/// <summary>Hours of one source stream missing from a report's period, and why.</summary>
public sealed record DataGap(string Stream, TimeWindow Window, GapReason Reason, string? Error, DateTimeOffset? CollectedUntil);

/// <summary>What one source stream collected for a period: how far, how many runs, how many failed, and the gaps left.</summary>
public sealed record StreamCoverage(string Source, string Stream, DateTimeOffset? CollectedUntil, int Runs, int FailedRuns, IReadOnlyList<DataGap> Gaps)
{
    public string Name => Source + "/" + Stream;
}
