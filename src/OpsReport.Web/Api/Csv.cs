using System.Globalization;
using System.Text;
using OpsReport.Core.Panels;

namespace OpsReport.Web.Api;

/// <summary>RFC 4180 CSV of a panel table: the raw number where there is one (invariant culture), the text otherwise, empty for missing.</summary>
public static class Csv
{
    public static string Write(PanelTable table)
    {
        var sb = new StringBuilder();
        sb.AppendJoin(',', table.Columns.Select(Quote)).Append("\r\n");
        foreach (var row in table.Rows)
        {
            sb.AppendJoin(',', row.Select((cell, i) => i == 0 || cell.Value is null
                ? (cell.Tone == CellTone.Missing ? "" : Quote(cell.Text))
                : cell.Value.Value.ToString("R", CultureInfo.InvariantCulture)));
            sb.Append("\r\n");
        }
        return sb.ToString();
    }

    private static string Quote(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
}
