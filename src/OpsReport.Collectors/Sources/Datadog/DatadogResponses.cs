using System.Globalization;
using System.Text.Json;
using OpsReport.Core.Domain;

namespace OpsReport.Collectors.Sources.Datadog;

/// <summary>One metric query of a request: its name in formulas, the query text and, for scalar requests, the aggregator over the period.</summary>
internal sealed record DatadogQuery(string Name, string Query, string? Aggregator = null);

/// <summary>One returned series: which query it answers, its group tags (key → value), its points (nulls left out) and unit.</summary>
internal sealed record DatadogSeries(int QueryIndex, IReadOnlyDictionary<string, string> Tags, IReadOnlyList<Point> Points, DatadogUnit? Unit);

/// <summary>A series' unit as Datadog describes it, e.g. family <c>time</c>, name <c>second</c>.</summary>
internal sealed record DatadogUnit(string Family, string Name);

/// <summary>One group of a scalar answer: its tags and one number per query name (nulls left out).</summary>
internal sealed record DatadogScalarRow(IReadOnlyDictionary<string, string> Tags, IReadOnlyDictionary<string, double> Values, IReadOnlyDictionary<string, DatadogUnit> Units);

/// <summary>Log counts per group; <paramref name="Complete"/> is false when Datadog answered <c>status:"timeout"</c> (partial data).</summary>
internal sealed record DatadogLogCounts(IReadOnlyList<DatadogLogBucket> Buckets, bool Complete);

/// <summary>One logs-aggregate bucket: its group values and its counts per interval.</summary>
internal sealed record DatadogLogBucket(IReadOnlyDictionary<string, string> By, IReadOnlyList<Point> Counts, double? Total);

/// <summary>One hourly usage measurement.</summary>
internal sealed record DatadogUsageRecord(DateTimeOffset Hour, string ProductFamily, string UsageType, double Value);

/// <summary>The month-to-date estimated cost of one product on one day (Datadog's daily figures are cumulative).</summary>
internal sealed record DatadogCostRecord(DateOnly Date, string Product, double CumulativeUsd);

/// <summary>
/// Reads Datadog's JSON answers defensively (DATADOG.md): timestamps as integers or floats, values as numbers, strings
/// or null, tag values with colons, numbers where strings are expected. A missing value stays missing, never zero.
/// </summary>
internal static class DatadogResponses
{
    /// <summary><c>GET /api/v1/query</c>: <c>series[].pointlist</c> of <c>[ms, value|null]</c>, tags from <c>tag_set</c> (else <c>scope</c>).</summary>
    public static IReadOnlyList<DatadogSeries> ParseV1(JsonElement root)
    {
        var result = new List<DatadogSeries>();
        if (!TryArray(root, "series", out var series))
            return result;
        foreach (var s in series.EnumerateArray())
        {
            var tags = new Dictionary<string, string>(StringComparer.Ordinal);
            if (TryArray(s, "tag_set", out var tagSet))
            {
                foreach (var t in tagSet.EnumerateArray())
                    AddTag(tags, t.ValueKind == JsonValueKind.String ? t.GetString() : null);
            }
            if (tags.Count == 0 && Text(s, "scope") is { } scope && scope != "*")
            {
                foreach (var part in scope.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                    AddTag(tags, part);
            }
            var points = new List<Point>();
            if (TryArray(s, "pointlist", out var list))
            {
                foreach (var p in list.EnumerateArray())
                {
                    if (p.ValueKind != JsonValueKind.Array || p.GetArrayLength() < 2)
                        continue;
                    if (Timestamp(p[0]) is { } t && Number(p[1]) is { } v)
                        points.Add(new Point(t, v));
                }
            }
            var index = s.TryGetProperty("query_index", out var qi) && qi.TryGetInt32(out var i) ? i : 0;
            result.Add(new DatadogSeries(index, tags, points, UnitOf(s)));
        }
        return result;
    }

    /// <summary><c>POST /api/v2/query/timeseries</c>: <c>values[i]</c> belongs to <c>series[i]</c> and aligns with <c>times</c>.</summary>
    public static IReadOnlyList<DatadogSeries> ParseTimeseries(JsonElement root, out string? error)
    {
        error = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.String && e.GetString() is { Length: > 0 } text
            ? text
            : null;
        var result = new List<DatadogSeries>();
        if (!root.TryGetProperty("data", out var data) || !data.TryGetProperty("attributes", out var attributes))
            return result;
        var times = new List<DateTimeOffset?>();
        if (TryArray(attributes, "times", out var timeList))
        {
            foreach (var t in timeList.EnumerateArray())
                times.Add(Timestamp(t));
        }
        if (!TryArray(attributes, "series", out var series))
            return result;
        TryArray(attributes, "values", out var values);
        // values[i] belongs to series[i]: walked side by side (indexing a JSON array of arrays is a linear scan).
        var hasRows = values.ValueKind == JsonValueKind.Array;
        var rows = hasRows ? values.EnumerateArray() : default;
        foreach (var s in series.EnumerateArray())
        {
            var tags = new Dictionary<string, string>(StringComparer.Ordinal);
            if (TryArray(s, "group_tags", out var groupTags))
            {
                foreach (var t in groupTags.EnumerateArray())
                    AddTag(tags, t.ValueKind == JsonValueKind.String ? t.GetString() : null);
            }
            var points = new List<Point>();
            if (hasRows && rows.MoveNext() && rows.Current.ValueKind == JsonValueKind.Array)
            {
                var k = 0;
                foreach (var cell in rows.Current.EnumerateArray())
                {
                    if (k >= times.Count)
                        break;
                    if (times[k] is { } t && Number(cell) is { } v)
                        points.Add(new Point(t, v));
                    k++;
                }
            }
            var index = s.TryGetProperty("query_index", out var qi) && qi.TryGetInt32(out var q) ? q : 0;
            result.Add(new DatadogSeries(index, tags, points, UnitOf(s)));
        }
        return result;
    }

    /// <summary>
    /// <c>POST /api/v2/query/scalar</c>: parallel columns, one <c>group</c> column per tag key (each value an array of tag
    /// values) and one <c>number</c> column per formula or query, named as in the request.
    /// </summary>
    public static IReadOnlyList<DatadogScalarRow> ParseScalar(JsonElement root)
    {
        if (!root.TryGetProperty("data", out var data))
            return [];
        // Some answers wrap the response object in a one-element list.
        if (data.ValueKind == JsonValueKind.Array)
            data = data.GetArrayLength() > 0 ? data[0] : default;
        if (data.ValueKind != JsonValueKind.Object || !data.TryGetProperty("attributes", out var attributes) || !TryArray(attributes, "columns", out var columns))
            return [];
        // Cells are read by row across columns: each column is listed once (indexing JSON arrays is a linear scan).
        var groups = new List<(string Name, List<JsonElement> Values)>();
        var numbers = new List<(string Name, List<JsonElement> Values, DatadogUnit? Unit)>();
        foreach (var c in columns.EnumerateArray())
        {
            var name = Text(c, "name") ?? "";
            if (!TryArray(c, "values", out var v))
                continue;
            if (Text(c, "type") == "group")
                groups.Add((name, v.EnumerateArray().ToList()));
            else
                numbers.Add((name, v.EnumerateArray().ToList(), c.TryGetProperty("meta", out var meta) ? UnitOf(meta) : null));
        }
        var rows = numbers.Count == 0 ? 0 : numbers.Max(n => n.Values.Count);
        var result = new List<DatadogScalarRow>(rows);
        for (var r = 0; r < rows; r++)
        {
            var tags = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, values) in groups)
            {
                if (r >= values.Count)
                    continue;
                var cell = values[r];
                var parts = cell.ValueKind == JsonValueKind.Array ? cell.EnumerateArray().Select(StringOf) : [StringOf(cell)];
                var value = string.Join(",", parts.OfType<string>().Select(p => p.StartsWith(name + ":", StringComparison.Ordinal) ? p[(name.Length + 1)..] : p));
                if (value.Length > 0)
                    tags[name] = value;
            }
            var cells = new Dictionary<string, double>(StringComparer.Ordinal);
            var units = new Dictionary<string, DatadogUnit>(StringComparer.Ordinal);
            foreach (var (name, values, unit) in numbers)
            {
                if (r < values.Count && Number(values[r]) is { } v)
                    cells[name] = v;
                if (unit is not null)
                    units[name] = unit;
            }
            result.Add(new DatadogScalarRow(tags, cells, units));
        }
        return result;
    }

    /// <summary>
    /// <c>POST /api/v2/logs/analytics/aggregate</c>: buckets with <c>by</c> (strings or numbers) and <c>computes.c0</c>
    /// (a list of <c>{time, value}</c> for a timeseries compute, a number for a total).
    /// </summary>
    public static DatadogLogCounts ParseLogAggregate(JsonElement root, out string? nextPage)
    {
        nextPage = null;
        var complete = true;
        if (root.TryGetProperty("meta", out var meta) && meta.ValueKind == JsonValueKind.Object)
        {
            complete = !string.Equals(Text(meta, "status"), "timeout", StringComparison.OrdinalIgnoreCase);
            if (meta.TryGetProperty("page", out var page) && page.ValueKind == JsonValueKind.Object && Text(page, "after") is { Length: > 0 } after)
                nextPage = after;
        }
        var buckets = new List<DatadogLogBucket>();
        if (root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object && TryArray(data, "buckets", out var list))
        {
            foreach (var b in list.EnumerateArray())
            {
                var by = new Dictionary<string, string>(StringComparer.Ordinal);
                if (b.TryGetProperty("by", out var byElement) && byElement.ValueKind == JsonValueKind.Object)
                {
                    foreach (var p in byElement.EnumerateObject())
                    {
                        if (StringOf(p.Value) is { } value)
                            by[p.Name] = value;
                    }
                }
                var counts = new List<Point>();
                double? total = null;
                if (b.TryGetProperty("computes", out var computes) && computes.ValueKind == JsonValueKind.Object && computes.TryGetProperty("c0", out var c0))
                {
                    if (c0.ValueKind == JsonValueKind.Array)
                    {
                        foreach (var p in c0.EnumerateArray())
                        {
                            if (p.ValueKind == JsonValueKind.Object && p.TryGetProperty("time", out var t) && Timestamp(t) is { } time
                                && p.TryGetProperty("value", out var v) && Number(v) is { } value)
                                counts.Add(new Point(time, value));
                        }
                    }
                    else
                    {
                        total = Number(c0);
                    }
                }
                buckets.Add(new DatadogLogBucket(by, counts, total));
            }
        }
        return new DatadogLogCounts(buckets, complete);
    }

    /// <summary><c>GET /api/v2/usage/hourly_usage</c>: one record per hour and product family, with its measurements.</summary>
    public static IReadOnlyList<DatadogUsageRecord> ParseHourlyUsage(JsonElement root, out string? nextRecordId)
    {
        nextRecordId = null;
        if (root.TryGetProperty("meta", out var meta) && meta.ValueKind == JsonValueKind.Object && meta.TryGetProperty("pagination", out var pagination)
            && pagination.ValueKind == JsonValueKind.Object && Text(pagination, "next_record_id") is { Length: > 0 } next)
            nextRecordId = next;
        var result = new List<DatadogUsageRecord>();
        if (!TryArray(root, "data", out var data))
            return result;
        foreach (var d in data.EnumerateArray())
        {
            if (!d.TryGetProperty("attributes", out var a) || !a.TryGetProperty("timestamp", out var ts) || Timestamp(ts) is not { } hour)
                continue;
            var family = Text(a, "product_family") ?? "unknown";
            if (!TryArray(a, "measurements", out var measurements))
                continue;
            foreach (var m in measurements.EnumerateArray())
            {
                if (Text(m, "usage_type") is { Length: > 0 } usageType && m.TryGetProperty("value", out var v) && Number(v) is { } value)
                    result.Add(new DatadogUsageRecord(TimeWindow.FloorToHour(hour), family, usageType, value));
            }
        }
        return result;
    }

    /// <summary>
    /// <c>GET /api/v2/usage/estimated_cost</c> by day: month-to-date cost per product, from the <c>total</c> charges
    /// (committed and on-demand are parts of it), else the sum of the product's charges.
    /// </summary>
    public static IReadOnlyList<DatadogCostRecord> ParseEstimatedCost(JsonElement root)
    {
        var result = new List<DatadogCostRecord>();
        if (!TryArray(root, "data", out var data))
            return result;
        foreach (var d in data.EnumerateArray())
        {
            if (!d.TryGetProperty("attributes", out var a) || !a.TryGetProperty("date", out var dateElement) || Timestamp(dateElement) is not { } date)
                continue;
            var day = DateOnly.FromDateTime(date.UtcDateTime);
            if (!TryArray(a, "charges", out var charges))
                continue;
            var byProduct = new Dictionary<string, (double? Total, double Sum)>(StringComparer.Ordinal);
            foreach (var c in charges.EnumerateArray())
            {
                if (Text(c, "product_name") is not { Length: > 0 } product || !c.TryGetProperty("cost", out var costElement) || Number(costElement) is not { } cost)
                    continue;
                var (total, sum) = byProduct.GetValueOrDefault(product);
                byProduct[product] = string.Equals(Text(c, "charge_type"), "total", StringComparison.OrdinalIgnoreCase) ? ((total ?? 0) + cost, sum) : (total, sum + cost);
            }
            foreach (var (product, (total, sum)) in byProduct)
                result.Add(new DatadogCostRecord(day, product, total ?? sum));
        }
        return result;
    }

    /// <summary>Milliseconds (integer or float) or an ISO 8601 string; seconds are recognised by their size.</summary>
    internal static DateTimeOffset? Timestamp(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number when e.TryGetDouble(out var n) => FromEpoch(n),
        JsonValueKind.String when double.TryParse(e.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) => FromEpoch(n),
        JsonValueKind.String when DateTimeOffset.TryParse(e.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) => t,
        _ => null,
    };

    private static DateTimeOffset? FromEpoch(double n)
    {
        if (!double.IsFinite(n) || n <= 0)
            return null;
        // Datadog sends milliseconds; a value below 1e11 can only be seconds (in ms it would be before 1973).
        var ms = n < 1e11 ? n * 1000 : n;
        return ms > 253_402_300_799_999 ? null : DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Floor(ms));
    }

    internal static double? Number(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number when e.TryGetDouble(out var n) && double.IsFinite(n) => n,
        JsonValueKind.String when double.TryParse(e.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n) => n,
        _ => null,
    };

    private static DatadogUnit? UnitOf(JsonElement owner)
    {
        if (owner.ValueKind != JsonValueKind.Object || !owner.TryGetProperty("unit", out var unit) || unit.ValueKind != JsonValueKind.Array || unit.GetArrayLength() == 0)
            return null;
        var first = unit[0];
        return first.ValueKind == JsonValueKind.Object && Text(first, "name") is { } name ? new DatadogUnit(Text(first, "family") ?? "", name) : null;
    }

    private static void AddTag(Dictionary<string, string> tags, string? tag)
    {
        if (string.IsNullOrEmpty(tag))
            return;
        var colon = tag.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
            return;
        tags[tag[..colon]] = tag[(colon + 1)..];
    }

    private static bool TryArray(JsonElement owner, string name, out JsonElement array)
    {
        array = default;
        return owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty(name, out array) && array.ValueKind == JsonValueKind.Array;
    }

    private static string? Text(JsonElement owner, string name) =>
        owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty(name, out var v) ? StringOf(v) : null;

    private static string? StringOf(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => v.GetString(),
        JsonValueKind.Number => v.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };
}
