using OpsReport.Core.Domain;

namespace OpsReport.Core.Charts;

/// <summary>
/// A time chart computed once in C#: scales, ticks, series split into gap-free segments, and annotations.
/// The SVG renderer (web) and the PDF renderer (reports) draw it; the table view lists the same numbers.
/// </summary>
public sealed record ChartModel(
    string Title,
    string Unit,
    TimeAxis X,
    ValueAxis Y,
    IReadOnlyList<ChartSeries> Series,
    IReadOnlyList<ChartAnnotation> Annotations)
{
    public bool HasData => Series.Any(s => s.Points.Any(p => p.Value is not null));

    /// <summary>Shaded value ranges over time (e.g. the usual range for each hour of the week), drawn behind the series.</summary>
    public IReadOnlyList<ChartBand> Bands { get; init; } = [];
}

/// <summary>How a series is drawn: the current period solid, the comparison period (last week) dashed and lighter.</summary>
public enum SeriesStyle
{
    Current,
    Comparison,
    Threshold,
}

/// <summary>One line on a chart. <see cref="Points"/> are on a regular step; a null value is a gap, drawn as a gap.</summary>
public sealed record ChartSeries(string Name, SeriesStyle Style, int ColorIndex, IReadOnlyList<ChartPoint> Points)
{
    /// <summary>Runs of consecutive non-missing points; a renderer draws one polyline per segment.</summary>
    public IReadOnlyList<IReadOnlyList<ChartPoint>> Segments
    {
        get
        {
            var segments = new List<IReadOnlyList<ChartPoint>>();
            List<ChartPoint>? current = null;
            foreach (var p in Points)
            {
                if (p.Value is null)
                {
                    current = null;
                    continue;
                }
                if (current is null)
                {
                    current = [];
                    segments.Add(current);
                }
                current.Add(p);
            }
            return segments;
        }
    }
}

/// <summary>A chart point: where it is drawn (<see cref="X"/>), what it is (the original timestamp, e.g. last week's hour), and the value or null for missing.</summary>
public sealed record ChartPoint(DateTimeOffset X, DateTimeOffset Original, double? Value)
{
    private readonly string? _label;
    private readonly ChartPointLabel? _labeller;

    public ChartPoint(DateTimeOffset x, DateTimeOffset original, double? value, string label)
        : this(x, original, value) => _label = label;

    internal ChartPoint(DateTimeOffset x, DateTimeOffset original, double? value, ChartPointLabel labeller)
        : this(x, original, value) => _labeller = labeller;

    /// <summary>"series · local time · value", for hover titles and the chart's table. Built when read: most points of a dense chart are never labelled.</summary>
    public string Label => _label ?? _labeller?.For(this) ?? "";
}

/// <summary>A vertical marker (a deploy, an incident start) or a shaded band (a collection gap).</summary>
public sealed record ChartAnnotation(DateTimeOffset From, DateTimeOffset? To, string Label)
{
    /// <summary>True for a stretch without collected data, drawn differently from an event (missing is not zero, and not an incident).</summary>
    public bool IsGap { get; init; }

    /// <summary>True for a deploy marker, drawn in its own colour so "did we deploy?" is answered at a glance.</summary>
    public bool IsDeploy { get; init; }
}

/// <summary>The time axis: its UTC range and tick marks labelled in the configured zone.</summary>
public sealed record TimeAxis(TimeWindow Range, IReadOnlyList<AxisTick<DateTimeOffset>> Ticks, string ZoneLabel);

/// <summary>The value axis: range and "nice" ticks (1, 2, 5 × 10ⁿ) with unit-formatted labels.</summary>
public sealed record ValueAxis(double Min, double Max, IReadOnlyList<AxisTick<double>> Ticks);

/// <summary>A tick position with its label.</summary>
public sealed record AxisTick<T>(T Value, string Label);
