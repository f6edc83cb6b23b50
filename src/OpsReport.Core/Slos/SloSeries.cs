namespace OpsReport.Core.Slos;

/// <summary>
/// Hourly good and total counts of one SLO (environment-wide, or one tenant) from <see cref="Start"/> on: hour i begins
/// at Start + i hours. NaN marks an hour without counts (missing is never zero). <see cref="HasSeries"/> is false when no
/// source stored the counts this SLO needs (e.g. no <c>requests.within</c> at its threshold).
/// </summary>
public sealed record SloSeries(SloDefinition Definition, string? Tenant, DateTimeOffset Start, double[] Good, double[] Total, bool HasSeries)
{
    public int Length => Total.Length;

    public DateTimeOffset HourAt(int index) => Start + TimeSpan.FromHours(index);

    /// <summary>The index of the hour starting at <paramref name="t"/> (may be outside the arrays).</summary>
    public int IndexOf(DateTimeOffset t) => (int)Math.Floor((t - Start).TotalHours);
}
