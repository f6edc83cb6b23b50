using OpsReport.Core.Domain;

namespace OpsReport.Core.Storage;

/// <summary>
/// Selects series by metric, resolution and dimension pattern. A dimension listed with a value must match it exactly;
/// listed with <see cref="Any"/> it must be present with any value; listed with <see cref="Absent"/> it must not be present.
/// Dimensions not listed are not constrained.
/// </summary>
public sealed record SeriesFilter(string Metric, Resolution Resolution, IReadOnlyDictionary<string, string> Dimensions)
{
    public const string Any = "*";
    public const string Absent = "!";

    public SeriesFilter(string metric, Resolution resolution, params (string Name, string Value)[] dimensions)
        : this(metric, resolution, dimensions.ToDictionary(d => d.Name, d => d.Value, StringComparer.Ordinal))
    {
    }

    public bool Matches(SeriesKey key)
    {
        if (key.Metric != Metric || key.Resolution != Resolution)
            return false;
        foreach (var (name, wanted) in Dimensions)
        {
            var actual = key[name];
            var ok = wanted switch
            {
                Any => actual is not null,
                Absent => actual is null,
                _ => actual == wanted,
            };
            if (!ok)
                return false;
        }
        return true;
    }
}
