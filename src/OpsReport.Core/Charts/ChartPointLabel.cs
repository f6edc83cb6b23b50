using System.Globalization;
using OpsReport.Core.Time;

namespace OpsReport.Core.Charts;

/// <summary>How the points of one series are labelled ("series · local time · value"); shared by the series' points.</summary>
internal sealed class ChartPointLabel(string series, string unit, ZoneCalendar calendar, string timeFormat)
{
    public string For(ChartPoint point) =>
        $"{series} · {calendar.ToLocal(point.Original).ToString(timeFormat, CultureInfo.InvariantCulture)} · {ValueFormat.Format(point.Value, unit)}";
}
