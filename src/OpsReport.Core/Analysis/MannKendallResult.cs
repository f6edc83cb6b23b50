namespace OpsReport.Core.Analysis;

/// <summary>The result of a Mann–Kendall trend test: S, its variance, and the normal score Z (positive for growth).</summary>
public readonly record struct MannKendallResult(double S, double Variance, int Count)
{
    /// <summary>Continuity-corrected normal score; above 2.33 is growth at the 1 % level (one-sided).</summary>
    public double Z => Variance <= 0 ? 0 : S > 0 ? (S - 1) / Math.Sqrt(Variance) : S < 0 ? (S + 1) / Math.Sqrt(Variance) : 0;

    public static MannKendallResult operator +(MannKendallResult a, MannKendallResult b) => new(a.S + b.S, a.Variance + b.Variance, a.Count + b.Count);
}
