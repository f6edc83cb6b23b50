using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace OpsReport.Core.Analysis;

/// <summary>
/// Reads a <c>timestamp,value</c> CSV as the CloudWatch console and other tools export it: an optional header row, ISO 8601
/// timestamps (UTC when they carry no offset), invariant numbers, rows at one regular resolution (gaps allowed, an empty
/// value is a gap). Real exports are forgiven what is harmless and told about it: rows out of order are sorted, rows
/// with the same timestamp (a daylight-saving hour exported twice) are merged by their mean, rows off the grid go to the
/// period containing them, and unparsable rows are skipped; <see cref="CsvSeries"/> counts each. Only a file without
/// one usable row fails, naming the file and the line.
/// </summary>
public static partial class CsvSeriesReader
{
    /// <exception cref="FormatException">No usable row (the message names the file and the first bad line).</exception>
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
        var skipped = 0;
        string? firstProblem = null;
        void Skip(string problem)
        {
            skipped++;
            firstProblem ??= problem;
        }
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            if (Split(line) is not { } fields)
            {
                Skip($"{name}:{lineNumber}: a quoted field is not closed; expected a closing \".");
                continue;
            }
            if (first)
            {
                first = false;
                if (!TryTime(fields[0], out _))
                {
                    if (fields.Count >= 2)
                    {
                        header = fields[1].Trim();
                        continue;
                    }
                }
            }
            if (fields.Count < 2)
            {
                Skip($"{name}:{lineNumber}: expected timestamp,value but found one column: '{Clip(line)}'.");
                continue;
            }
            if (!TryTime(fields[0], out var time))
            {
                Skip($"{name}:{lineNumber}: '{Clip(fields[0])}' is not an ISO 8601 timestamp; expected e.g. 2026-11-10T14:00:00Z or 2026-11-10 14:00:00+09:00.");
                continue;
            }
            var text = fields[1].Trim();
            double value;
            if (text.Length == 0)
            {
                value = double.NaN;
            }
            else if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) || !double.IsFinite(value))
            {
                Skip($"{name}:{lineNumber}: '{Clip(text)}' is not a number; expected a value such as 1234.5 (decimal point, no thousands separators).");
                continue;
            }
            rows.Add((lineNumber, time, value));
        }
        if (!rows.Any(r => double.IsFinite(r.Value)))
        {
            throw new FormatException(firstProblem is null
                ? $"{name}:{Math.Max(1, lineNumber)}: no usable row; expected rows of timestamp,value such as 2026-11-10T14:00:00Z,1234.5."
                : $"{firstProblem} No usable row in the file.");
        }

        var reordered = 0;
        for (var k = 1; k < rows.Count; k++)
            reordered += rows[k].Time < rows[k - 1].Time ? 1 : 0;
        // Same timestamp twice (a DST hour exported twice, overlapping exports): one period, the mean of its values.
        var merged = rows.GroupBy(r => r.Time).OrderBy(g => g.Key)
            .Select(g => (Time: g.Key, Value: g.Any(r => double.IsFinite(r.Value)) ? g.Where(r => double.IsFinite(r.Value)).Average(r => r.Value) : double.NaN, Rows: g.Count()))
            .ToList();
        var duplicates = rows.Count - merged.Count;

        // The resolution is the most common spacing; a row off that grid goes to the period containing it.
        var step = merged.Count < 2 ? TimeSpan.FromHours(1)
            : merged.Zip(merged.Skip(1), (a, b) => b.Time - a.Time).GroupBy(d => d).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
        var start = merged[0].Time;
        var count = (int)((merged[^1].Time - start).Ticks / step.Ticks) + 1;
        var sums = new double[count];
        var counts = new int[count];
        var offGrid = 0;
        foreach (var row in merged)
        {
            var ticks = (row.Time - start).Ticks;
            offGrid += ticks % step.Ticks != 0 ? 1 : 0;
            if (!double.IsFinite(row.Value))
                continue;
            var i = (int)(ticks / step.Ticks);
            sums[i] += row.Value;
            counts[i]++;
        }
        var values = new double[count];
        for (var i = 0; i < count; i++)
            values[i] = counts[i] > 0 ? sums[i] / counts[i] : double.NaN;
        return new CsvSeries(Path.GetFileName(name), header, new RegularSeries(start, step, values))
        {
            Skipped = skipped,
            FirstSkipped = firstProblem,
            Duplicates = duplicates,
            Reordered = reordered,
            OffGrid = offGrid,
        };
    }

    private static bool TryTime(string field, out DateTimeOffset time)
    {
        time = default;
        var text = field.Trim();
        return IsoTimestamp().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
    }

    // RFC 4180 fields: commas inside double quotes, "" for a quote.
    private static List<string>? Split(string line)
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
            return null;
        fields.Add(sb.ToString());
        return fields;
    }

    private static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "…";

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$", RegexOptions.IgnoreCase)]
    private static partial Regex IsoTimestamp();
}
