using System.Globalization;

namespace OpsReport.Web.Cli.Bench;

/// <summary>A plain-text table for <c>bench</c> output: right-aligned numbers, a left-aligned last column, invariant culture.</summary>
internal sealed class BenchTable(params string[] columns)
{
    private readonly List<string[]> _rows = [];

    public int RowCount => _rows.Count;

    public BenchTable Add(params object?[] cells)
    {
        if (cells.Length != columns.Length)
            throw new ArgumentException($"a bench row has {cells.Length} cells for {columns.Length} columns.", nameof(cells));
        _rows.Add([.. cells.Select(Format)]);
        return this;
    }

    public void WriteTo(TextWriter output)
    {
        var widths = columns.Select((c, i) => Math.Max(c.Length, _rows.Count == 0 ? 0 : _rows.Max(r => r[i].Length))).ToArray();
        output.WriteLine(Line(columns, widths));
        output.WriteLine(Line([.. widths.Select(w => new string('-', w))], widths));
        foreach (var row in _rows)
            output.WriteLine(Line(row, widths));
    }

    private static string Line(string[] cells, int[] widths) =>
        "  " + string.Join("  ", cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadLeft(widths[i]))).TrimEnd();

    private static string Format(object? cell) => cell switch
    {
        null => "-",
        double d when double.IsNaN(d) => "-",
        double d => d.ToString(Math.Abs(d) >= 100 ? "0" : Math.Abs(d) >= 10 ? "0.0" : "0.00", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => cell.ToString() ?? "",
    };
}
