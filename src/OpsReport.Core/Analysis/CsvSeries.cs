using System.Globalization;

namespace OpsReport.Core.Analysis;

/// <summary>A series read from a CSV export: its name (the file), the value column's header, and the points on their grid.</summary>
public sealed record CsvSeries(string Name, string ValueHeader, RegularSeries Series)
{
    /// <summary>Rows that could not be read (no timestamp, not a number, one column) and were left out.</summary>
    public int Skipped { get; init; }

    /// <summary>What was wrong with the first skipped row, naming the file and line.</summary>
    public string? FirstSkipped { get; init; }

    /// <summary>Rows whose timestamp another row already had; each period holds the mean of its rows.</summary>
    public int Duplicates { get; init; }

    /// <summary>Rows earlier than the row before them; the rows were sorted.</summary>
    public int Reordered { get; init; }

    /// <summary>Rows between two periods of the grid, counted in the period containing them.</summary>
    public int OffGrid { get; init; }

    /// <summary>One line telling what was forgiven, or null when the file was clean.</summary>
    public string? Warning()
    {
        var parts = new List<string>();
        if (Skipped > 0)
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{Skipped} unreadable row(s) skipped (first: {FirstSkipped})"));
        if (Duplicates > 0)
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{Duplicates} row(s) with a repeated timestamp merged into the mean"));
        if (Reordered > 0)
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{Reordered} row(s) out of time order sorted"));
        if (OffGrid > 0)
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{OffGrid} row(s) off the {Series.Step.TotalMinutes:0}-minute grid counted in the period containing them"));
        return parts.Count == 0 ? null : $"warning: {Name}: " + string.Join("; ", parts);
    }
}
