using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace OpsReport.Core.Domain;

/// <summary>Identity of one stored time series: a metric, the period of its points, and its dimensions.</summary>
/// <remarks>
/// The period is part of the identity because percentiles are never averaged: a day's p95 is its own
/// series (fetched or computed at that resolution), not something derived from hourly p95 points.
/// </remarks>
public sealed class SeriesKey : IEquatable<SeriesKey>
{
    private readonly string _canonical;

    public SeriesKey(string metric, Resolution resolution, IEnumerable<KeyValuePair<string, string>> dimensions)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(metric);
        Metric = metric;
        Resolution = resolution;
        Dimensions = dimensions.ToImmutableSortedDictionary(StringComparer.Ordinal);
        foreach (var (name, value) in Dimensions)
        {
            if (name.Length == 0 || name.AsSpan().IndexOfAny("{}=,") >= 0)
                throw new ArgumentException($"Dimension name '{name}' is empty or contains one of {{ }} = ,", nameof(dimensions));
            ArgumentNullException.ThrowIfNull(value);
        }
        _canonical = BuildCanonical();
    }

    public SeriesKey(string metric, Resolution resolution, params (string Name, string Value)[] dimensions)
        : this(metric, resolution, dimensions.Select(d => KeyValuePair.Create(d.Name, d.Value)))
    {
    }

    public string Metric { get; }

    public Resolution Resolution { get; }

    public ImmutableSortedDictionary<string, string> Dimensions { get; }

    /// <summary>The value of a dimension, or null when the series does not have it.</summary>
    public string? this[string dimension] => Dimensions.GetValueOrDefault(dimension);

    public SeriesKey With(string dimension, string value) =>
        new(Metric, Resolution, Dimensions.SetItem(dimension, value));

    public SeriesKey WithMetric(string metric) => new(metric, Resolution, Dimensions);

    public SeriesKey WithResolution(Resolution resolution) => new(Metric, resolution, Dimensions);

    /// <summary>Stable text form, e.g. <c>latency.p95@1h{env=prod,path=/api/x}</c>; used as the store's unique key.</summary>
    public override string ToString() => _canonical;

    public static SeriesKey Parse(string text)
    {
        var at = text.IndexOf('@', StringComparison.Ordinal);
        var brace = text.IndexOf('{', StringComparison.Ordinal);
        if (at <= 0 || brace < at || !text.EndsWith('}'))
            throw new FormatException($"'{text}' is not a series key (expected metric@resolution{{name=value,...}}).");
        var metric = text[..at];
        var resolution = Resolution.Parse(text[(at + 1)..brace]);
        var body = text[(brace + 1)..^1];
        var dims = new List<KeyValuePair<string, string>>();
        foreach (var part in body.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
                throw new FormatException($"'{text}' has a dimension without '=': '{part}'.");
            dims.Add(KeyValuePair.Create(part[..eq], Unescape(part[(eq + 1)..])));
        }
        return new SeriesKey(metric, resolution, dims);
    }

    public bool Equals(SeriesKey? other) => other is not null && _canonical == other._canonical;

    public override bool Equals(object? obj) => Equals(obj as SeriesKey);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_canonical);

    private string BuildCanonical()
    {
        var sb = new StringBuilder(Metric).Append('@').Append(Resolution.ToString()).Append('{');
        var first = true;
        foreach (var (name, value) in Dimensions)
        {
            if (!first)
                sb.Append(',');
            first = false;
            sb.Append(name).Append('=').Append(Escape(value));
        }
        return sb.Append('}').ToString();
    }

    // Values are free text (log group names, Japanese tenant names); only the separators need escaping.
    private static string Escape(string value) =>
        value.Replace("%", "%25", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal)
             .Replace("}", "%7D", StringComparison.Ordinal);

    private static string Unescape(string value) =>
        value.Replace("%7D", "}", StringComparison.Ordinal).Replace("%2C", ",", StringComparison.Ordinal)
             .Replace("%25", "%", StringComparison.Ordinal);
}

/// <summary>The fixed period of a series' points; daily and weekly periods start at midnight / Monday in the configured zone.</summary>
public readonly record struct Resolution(int Seconds)
{
    public static readonly Resolution Hour = new(3600);
    public static readonly Resolution Day = new(86_400);
    public static readonly Resolution Week = new(604_800);

    public TimeSpan Duration => TimeSpan.FromSeconds(Seconds);

    public override string ToString() => Seconds switch
    {
        3600 => "1h",
        86_400 => "1d",
        604_800 => "1w",
        _ => Seconds.ToString(CultureInfo.InvariantCulture) + "s",
    };

    public static Resolution Parse(string text) => text switch
    {
        "1h" => Hour,
        "1d" => Day,
        "1w" => Week,
        _ when text.EndsWith('s') && int.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s > 0 => new Resolution(s),
        _ => throw new FormatException($"'{text}' is not a resolution (expected 1h, 1d, 1w or <seconds>s)."),
    };
}
