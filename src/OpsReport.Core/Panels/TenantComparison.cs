using OpsReport.Core.Domain;

namespace OpsReport.Core.Panels;

/// <summary>
/// The one definition of "a tenant's p95 against the other tenants on the same path", used by every page, the API, the
/// PDF and the email: the baseline is the lower median p95 of the OTHER tenants with enough requests (a median of
/// measured values, never an average of percentiles, and never including the tenant itself, so a slow tenant cannot
/// drag its own baseline up). Charts draw the same baseline step by step, in the same colours everywhere.
/// </summary>
public static class TenantComparison
{
    /// <summary>Chart colour of the tenant (the subject) on every page and in the PDF.</summary>
    public const int SubjectColour = 0;

    /// <summary>Chart colour of the other tenants (the comparison) on every page and in the PDF.</summary>
    public const int ComparisonColour = 1;

    /// <summary>
    /// Each tenant on one path against the others. <paramref name="minOwnRequests"/> is how many requests the tenant's
    /// own value needs to get a ratio; the others always need <see cref="PanelQueries.MinRequestsForRanking"/>.
    /// </summary>
    public static IReadOnlyDictionary<string, OthersComparison> Compare(IEnumerable<TenantValue> onPath, int minOwnRequests = PanelQueries.MinRequestsForRanking)
    {
        var all = onPath.ToList();
        var rankable = Rankable(all).ToList();
        var result = new Dictionary<string, OthersComparison>(StringComparer.Ordinal);
        foreach (var t in all)
        {
            var others = ViewMath.LowerMedian(rankable.Where(o => o.Tenant != t.Tenant).Select(o => o.P95!.Value));
            var ranked = t.P95 is not null && (t.Requests ?? 0) >= minOwnRequests;
            result[t.Tenant] = new OthersComparison(others, ranked ? ViewMath.Ratio(t.P95, others) : null);
        }
        return result;
    }

    /// <summary>The tenants whose p95 is stable enough to be part of another tenant's baseline.</summary>
    public static IEnumerable<TenantValue> Rankable(IEnumerable<TenantValue> onPath) =>
        onPath.Where(t => t.P95 is not null && (t.Requests ?? 0) >= PanelQueries.MinRequestsForRanking);

    /// <summary>
    /// The comparison line of a chart: at each step, the lower median of the other tenants' p95 at that step. Only the
    /// tenants in <paramref name="baseline"/> (those rankable in the period the table compares) take part, so the line
    /// and the table's baseline are made of the same tenants.
    /// </summary>
    public static IReadOnlyList<Point> OthersLine(IEnumerable<(string Tenant, IReadOnlyList<Point> Points)> series, string tenant, IReadOnlySet<string> baseline) =>
        OthersLines(series, [tenant], baseline)[tenant];

    /// <summary>
    /// <see cref="OthersLine"/> for each of <paramref name="tenants"/> at once: each step's baseline values are sorted once
    /// and every tenant's lower median of the others is read from them (a view with 20 tenants on a path would otherwise
    /// group and sort the same points 20 times).
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<Point>> OthersLines(IEnumerable<(string Tenant, IReadOnlyList<Point> Points)> series, IEnumerable<string> tenants, IReadOnlySet<string> baseline)
    {
        // Sized up front (every step has at most one value per tenant, every tenant at most the longest line's steps):
        // a week's view otherwise grew hundreds of lists and the dictionary step by step.
        var members = series.Where(s => baseline.Contains(s.Tenant)).ToList();
        var byTime = new Dictionary<DateTimeOffset, List<(double Value, string Tenant)>>(members.Count == 0 ? 0 : members.Max(m => m.Points.Count));
        foreach (var (owner, points) in members)
        {
            foreach (var p in points)
            {
                if (!byTime.TryGetValue(p.Timestamp, out var values))
                    byTime[p.Timestamp] = values = new List<(double Value, string Tenant)>(members.Count);
                values.Add((p.Value, owner));
            }
        }
        var steps = new List<(DateTimeOffset At, List<(double Value, string Tenant)> Values)>(byTime.Count);
        foreach (var (at, values) in byTime)
        {
            SortByValue(values);
            steps.Add((at, values));
        }
        steps.Sort(static (x, y) => x.At.CompareTo(y.At));
        var result = new Dictionary<string, IReadOnlyList<Point>>(StringComparer.Ordinal);
        foreach (var tenant in tenants)
        {
            if (result.ContainsKey(tenant))
                continue;
            var line = new List<Point>(steps.Count);
            foreach (var (at, values) in steps)
            {
                var own = 0;
                foreach (var v in values)
                {
                    if (v.Tenant == tenant)
                        own++;
                }
                // The lower median of the values left once the tenant's own are set aside (none left: no point).
                var k = (values.Count - own - 1) / 2;
                if (values.Count == own)
                    continue;
                foreach (var v in values)
                {
                    if (v.Tenant == tenant)
                        continue;
                    if (k-- == 0)
                    {
                        line.Add(new Point(at, v.Value));
                        break;
                    }
                }
            }
            result[tenant] = line;
        }
        return result;
    }

    // Sorted in place by value (LINQ's OrderBy built a sorter per step, a copy per step cost as much again). Ties need no
    // order: the median is a value.
    private static void SortByValue(List<(double Value, string Tenant)> values) =>
        values.Sort(static (x, y) => x.Value.CompareTo(y.Value));
}

/// <summary>A tenant's p95 on a path in a window and the requests it rests on.</summary>
public readonly record struct TenantValue(string Tenant, double? P95, double? Requests);

/// <summary>The other tenants' baseline (lower median p95) and the tenant's ratio to it; null where there is too little data.</summary>
public readonly record struct OthersComparison(double? OthersP95, double? Ratio);
