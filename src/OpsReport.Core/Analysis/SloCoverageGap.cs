using OpsReport.Core.Slos;

namespace OpsReport.Core.Analysis;

/// <summary>An SLO no source gives good and total counts for, and why (one of the <see cref="SloCoverage"/> reasons).</summary>
public sealed record SloCoverageGap(SloDefinition Slo, string Reason);
