using System.Globalization;

namespace OpsReport.Core.Slos;

/// <summary>
/// How a latency SLO threshold names its counts: the <c>le_ms</c> dimension of <c>requests.within</c> is the threshold in
/// whole milliseconds, rounded half away from zero, in invariant culture. Sources write and the evaluator reads with this.
/// </summary>
public static class SloThresholdDimension
{
    public static long WholeMilliseconds(TimeSpan threshold) => (long)Math.Round(threshold.TotalMilliseconds, MidpointRounding.AwayFromZero);

    public static string Of(TimeSpan threshold) => Of(WholeMilliseconds(threshold));

    public static string Of(long milliseconds) => milliseconds.ToString(CultureInfo.InvariantCulture);
}
