using OpsReport.Core.Domain;

namespace OpsReport.Core.Analysis;

/// <summary>What one analysis run found: the current findings (open, and resolved within the report window), and counts.</summary>
public sealed record AnalysisSummary(IReadOnlyList<Finding> Findings, int Environments, int Opened, int Resolved, TimeSpan Duration)
{
    public int Open => Findings.Count(f => f.State == FindingState.Open);
}
