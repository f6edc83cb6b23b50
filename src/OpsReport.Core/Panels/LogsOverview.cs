using OpsReport.Core.Domain;

namespace OpsReport.Core.Panels;

/// <summary>Log volume per log group over a window, against each group's usual level for the same hours of the week.</summary>
public sealed record LogsOverview(TimeWindow Window, int BaselineWeeks, IReadOnlyList<LogGroupVolume> Groups);

/// <summary>
/// One log group: ingested bytes in the window, the usual bytes (sum over the window of the median of the same hour in
/// the previous weeks), the same window last week, the level mix now and a week earlier, and the hourly series with its
/// usual range (lowest to highest of the previous weeks at that hour).
/// </summary>
public sealed record LogGroupVolume(
    string LogGroup,
    double? Bytes,
    double? UsualBytes,
    double? Ratio,
    double? BytesLastWeek,
    IReadOnlyDictionary<string, double> Levels,
    IReadOnlyDictionary<string, double> LevelsLastWeek,
    IReadOnlyList<Point> Hourly,
    IReadOnlyList<UsualRange> Usual)
{
    public double? DebugShare => Share(Levels, "DEBUG");

    public double? DebugShareLastWeek => Share(LevelsLastWeek, "DEBUG");

    private static double? Share(IReadOnlyDictionary<string, double> levels, string level)
    {
        var total = levels.Values.Sum();
        return total > 0 ? levels.GetValueOrDefault(level) / total : null;
    }
}

/// <summary>The usual value of one hour: median, lowest and highest of the same hour of the week in the previous weeks.</summary>
public sealed record UsualRange(DateTimeOffset Timestamp, double Median, double Low, double High);
