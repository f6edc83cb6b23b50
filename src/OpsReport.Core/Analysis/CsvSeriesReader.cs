using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace OpsReport.Core.Analysis;

/// <summary>
/// Reads a <c>timestamp,value</c> CSV as the CloudWatch console and other tools export it: an optional header row, ISO 8601
/// timestamps (UTC when they carry no offset), invariant numbers, rows at one regular resolution (gaps allowed, an empty
/// value is a gap). Every mistake names the file, the line and what was expected.
/// </summary>
public static partial class CsvSeriesReader
{
    private const int MinRows = 3;

    /// <exception cref="FormatException">A row that is not <c>timestamp,value</c>, out of order, or off the grid.</exception>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    public static CsvSeries Read(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: no such file; expected a CSV of timestamp,value rows.", path);
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Parse(reader, path);
    }

    public static CsvSeries Parse(TextReader reader, string name)
    {
        var rows = new List<(int Line, DateTimeOffset Time, double Value)>();
        var header = "value";
        var lineNumber = 0;
        var first = true;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            var fields = Split(line, name, lineNumber);
            if (first)
            {
                first = false;
                if (!TryTime(fields[0], out _))
                {
                    if (fields.Count < 2)
                        throw new FormatException($"{name}:{lineNumber}: the header has {fields.Count} column; expected two, e.g. timestamp,value.");
                    header = fields[1].Trim();
                    continue;
                }
            }
            if (fields.Count < 2)
                throw new FormatException($"{name}:{lineNumber}: expected timestamp,value but found one column: '{Clip(line)}'.");
            if (!TryTime(fields[0], out var time))
                throw new FormatException($"{name}:{lineNumber}: '{Clip(fields[0])}' is not an ISO 8601 timestamp; expected e.g. 2026-11-10T14:00:00Z or 2026-11-10 14:00:00+09:00.");
            var text = fields[1].Trim();
            double value;
            if (text.Length == 0)
            {
                value = double.NaN;
            }
            else if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) || !double.IsFinite(value))
            {
                throw new FormatException($"{name}:{lineNumber}: '{Clip(text)}' is not a number; expected a value such as 1234.5 (decimal point, no thousands separators).");
            }
            if (rows.Count > 0 && time <= rows[^1].Time)
                throw new FormatException($"{name}:{lineNumber}: {Iso(time)} is not after the previous row's {Iso(rows[^1].Time)}; rows must be in time order, without duplicates.");
            rows.Add((lineNumber, time, value));
        }
        if (rows.Count < MinRows)
            throw new FormatException($"{name}: {rows.Count} data row(s); expected at least {MinRows} rows of timestamp,value.");

        // The resolution is the most common spacing; every row must sit on that grid (gaps are missing periods).
        var step = rows.Zip(rows.Skip(1), (a, b) => b.Time - a.Time).GroupBy(d => d).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
        var start = rows[0].Time;
        foreach (var row in rows)
        {
            if ((row.Time - start).Ticks % step.Ticks != 0)
                throw new FormatException($"{name}:{row.Line}: {Iso(row.Time)} is off the grid of one row every {Describe(step)} from {Iso(start)}; expected rows at a regular resolution.");
        }
        var count = (int)((rows[^1].Time - start).Ticks / step.Ticks) + 1;
        var values = new double[count];
        Array.Fill(values, double.NaN);
        foreach (var row in rows)
            values[(int)((row.Time - start).Ticks / step.Ticks)] = row.Value;
        return new CsvSeries(Path.GetFileName(name), header, new RegularSeries(start, step, values));
    }

    private static bool TryTime(string field, out DateTimeOffset time)
    {
        time = default;
        var text = field.Trim();
        return IsoTimestamp().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
    }

    // RFC 4180 fields: commas inside double quotes, "" for a quote.
    private static List<string> Split(string line, string name, int lineNumber)
    {
        var fields = new List<string>();
        var sb = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    sb.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    sb.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(sb.ToString());
                sb.Clear();
            }
            else
            {
                sb.Append(c);
            }
        }
        if (quoted)
            throw new FormatException($"{name}:{lineNumber}: a quoted field is not closed; expected a closing \".");
        fields.Add(sb.ToString());
        return fields;
    }

    private static string Iso(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Describe(TimeSpan step) =>
        step.TotalMinutes < 60 ? step.TotalMinutes.ToString(CultureInfo.InvariantCulture) + " min"
        : step.TotalHours < 24 ? step.TotalHours.ToString(CultureInfo.InvariantCulture) + " h"
        : step.TotalDays.ToString(CultureInfo.InvariantCulture) + " d";

    private static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "…";

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$", RegexOptions.IgnoreCase)]
    private static partial Regex IsoTimestamp();
}
