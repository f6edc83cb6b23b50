using System.Text.Json.Serialization;
using OpsReport.Core.Domain;
using OpsReport.Core.Time;

namespace OpsReport.Web.Api;

/// <summary>
/// A series as the JSON API writes it, in columns: the first step's start, the step (<c>PT1H</c>, or <c>P1D</c> for local
/// days in the answer's zone) and one value per step, <c>null</c> where nothing was stored, so a gap stays a gap. A third
/// of the bytes of one <c>{timestamp, value}</c> object per point. Should a point ever fall between steps, the series
/// carries <see cref="Timestamps"/>, one per value, instead of losing it.
/// </summary>
public sealed record StepSeriesJson(
    DateTimeOffset? Start,
    string Step,
    IReadOnlyList<double?> Values,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<DateTimeOffset>? Timestamps = null)
{
    public const string Hour = "PT1H";
    public const string Day = "P1D";

    /// <summary>The points on the steps of <paramref name="window"/>: hours, or the local days overlapping it.</summary>
    public static StepSeriesJson From(IReadOnlyList<Point> points, TimeWindow window, Resolution step, ZoneCalendar calendar) =>
        From(points, Steps(window, step, calendar), step == Resolution.Day ? Day : Hour);

    public static StepSeriesJson From(IReadOnlyList<Point> points, IReadOnlyList<DateTimeOffset> steps, string step)
    {
        var index = new Dictionary<DateTimeOffset, int>(steps.Count);
        for (var i = 0; i < steps.Count; i++)
            index[steps[i]] = i;
        var values = new double?[steps.Count];
        foreach (var p in points)
        {
            if (!index.TryGetValue(p.Timestamp, out var i))
                return new StepSeriesJson(null, step, points.Select(x => (double?)x.Value).ToList(), points.Select(x => x.Timestamp).ToList());
            values[i] = p.Value;
        }
        return new StepSeriesJson(steps.Count > 0 ? steps[0] : null, step, values);
    }

    /// <summary>The starts of the steps of a window: each whole hour in it, or each local day overlapping it.</summary>
    public static IReadOnlyList<DateTimeOffset> Steps(TimeWindow window, Resolution step, ZoneCalendar calendar)
    {
        if (step == Resolution.Day)
            return calendar.DaysIn(window).Select(d => d.Start).ToList();
        var steps = new List<DateTimeOffset>();
        var first = TimeWindow.FloorToHour(window.Start);
        for (var t = first < window.Start ? first.AddHours(1) : first; t < window.End; t = t.AddHours(1))
            steps.Add(t);
        return steps;
    }
}
