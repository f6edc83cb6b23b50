namespace OpsReport.Core.Analysis;

/// <summary>A log group's volume over some steps against its usual volume over the same steps (<see cref="LogVolumeUsual"/>).</summary>
public readonly record struct VolumeAgainstUsual(double Actual, double Usual, int Steps)
{
    /// <summary>"N× its usual volume".</summary>
    public double Ratio => Actual / Usual;
}
