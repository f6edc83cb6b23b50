using OpsReport.Core.Domain;
using OpsReport.Core.Storage;

namespace OpsReport.Core.Panels;

/// <summary>
/// Builds the latency explorer's path × tenant matrix from the period rollups (p95 and requests of the whole period, as
/// the source measured them), so no percentile is ever averaged. Store only.
/// </summary>
public sealed class LatencyMatrixQuery(IMetricStore store, TenantDirectory tenants)
{
    public const string OtherId = "*other*";

    public async Task<LatencyMatrix> BuildAsync(string environment, ComparisonPeriods periods, int topTenants, int maxPaths, string? search,
        CancellationToken ct = default)
    {
        var names = await tenants.GetNamesAsync(environment, ct);
        var span = new TimeWindow(periods.Previous.Start, periods.Current.End);
        var res = periods.Resolution;
        var pathFilter = new[] { (Dims.Env, environment), (Dims.Path, SeriesFilter.Any), (Dims.Tenant, SeriesFilter.Absent) };
        var cellFilter = new[] { (Dims.Env, environment), (Dims.Path, SeriesFilter.Any), (Dims.Tenant, SeriesFilter.Any) };

        var pathP95 = await store.QueryAsync(new SeriesFilter(Metrics.LatencyP95, res, pathFilter), span, ct);
        var pathP99 = await store.QueryAsync(new SeriesFilter(Metrics.LatencyP99, res, pathFilter), periods.Current, ct);
        var pathRequests = await store.QueryAsync(new SeriesFilter(Metrics.Requests, res, pathFilter), periods.Current, ct);
        var cellP95 = await store.QueryAsync(new SeriesFilter(Metrics.LatencyP95, res, cellFilter), periods.Current, ct);
        var cellRequests = await store.QueryAsync(new SeriesFilter(Metrics.Requests, res, cellFilter), periods.Current, ct);

        var cur = periods.Current.Start;
        var cells = new Dictionary<(string Path, string Tenant), (double? P95, double? Requests)>();
        foreach (var s in cellP95)
            cells[(s.Key[Dims.Path]!, s.Key[Dims.Tenant]!)] = (ViewMath.At(s.Points, cur), null);
        foreach (var s in cellRequests)
        {
            var k = (s.Key[Dims.Path]!, s.Key[Dims.Tenant]!);
            cells[k] = (cells.GetValueOrDefault(k).P95, ViewMath.At(s.Points, cur));
        }

        var rows = new Dictionary<string, (double? P95, double? Prev, double? P99, double? Requests)>(StringComparer.Ordinal);
        foreach (var s in pathP95)
            rows[s.Key[Dims.Path]!] = (ViewMath.At(s.Points, cur), ViewMath.At(s.Points, periods.Previous.Start), null, null);
        foreach (var s in pathP99)
        {
            var r = rows.GetValueOrDefault(s.Key[Dims.Path]!);
            rows[s.Key[Dims.Path]!] = r with { P99 = ViewMath.At(s.Points, cur) };
        }
        foreach (var s in pathRequests)
        {
            var r = rows.GetValueOrDefault(s.Key[Dims.Path]!);
            rows[s.Key[Dims.Path]!] = r with { Requests = ViewMath.At(s.Points, cur) };
        }
        foreach (var path in cells.Keys.Select(k => k.Path).Distinct().Where(p => !rows.ContainsKey(p)).ToList())
            rows[path] = default;

        // Tenant columns: busiest first over the whole environment, so the big customers are always visible.
        var tenantTotals = cells.GroupBy(kv => kv.Key.Tenant)
            .ToDictionary(g => g.Key, g => g.Sum(kv => kv.Value.Requests ?? 0), StringComparer.Ordinal);
        string Name(string id) => names.GetValueOrDefault(id, id);

        var q = string.IsNullOrWhiteSpace(search) ? null : search.Trim();
        var pathMatches = q is null ? rows.Keys.ToList() : rows.Keys.Where(p => p.Contains(q, StringComparison.OrdinalIgnoreCase)).ToList();
        var tenantMatches = q is null ? [] : tenantTotals.Keys.Where(t => t.Contains(q, StringComparison.OrdinalIgnoreCase) || Name(t).Contains(q, StringComparison.OrdinalIgnoreCase)).ToList();

        IEnumerable<string> visiblePaths = rows.Keys;
        IEnumerable<string> candidateTenants = tenantTotals.Keys;
        if (q is not null)
        {
            if (tenantMatches.Count > 0 && pathMatches.Count == 0)
            {
                // A tenant search shows that tenant's columns on every path it uses.
                candidateTenants = tenantMatches;
                visiblePaths = rows.Keys.Where(p => tenantMatches.Any(t => cells.ContainsKey((p, t))));
            }
            else
            {
                visiblePaths = pathMatches;
                if (tenantMatches.Count > 0)
                    candidateTenants = tenantMatches;
            }
        }

        var orderedTenants = candidateTenants.OrderByDescending(t => tenantTotals.GetValueOrDefault(t)).ThenBy(t => t, StringComparer.Ordinal).ToList();
        var shown = orderedTenants.Take(topTenants).ToList();
        var folded = orderedTenants.Skip(topTenants).ToList();
        var columns = shown.Select(t => new MatrixTenant(t, Name(t), tenantTotals.GetValueOrDefault(t), false, 0)).ToList();
        if (folded.Count > 0)
            columns.Add(new MatrixTenant(OtherId, "other", folded.Sum(t => tenantTotals.GetValueOrDefault(t)), true, folded.Count));

        var orderedPaths = visiblePaths.OrderByDescending(p => rows[p].Requests ?? -1).ThenBy(p => p, StringComparer.Ordinal).ToList();
        var pathRows = new List<MatrixPath>();
        foreach (var path in orderedPaths.Take(maxPaths))
        {
            var compared = TenantComparison.Compare(tenantTotals.Keys.Where(t => cells.ContainsKey((path, t)))
                .Select(t => new TenantValue(t, cells[(path, t)].P95, cells[(path, t)].Requests)));
            double? VsOthers(string tenant) => compared.GetValueOrDefault(tenant).Ratio;
            var rowCells = new List<MatrixCell>();
            foreach (var t in shown)
            {
                var c = cells.GetValueOrDefault((path, t));
                rowCells.Add(new MatrixCell(t, c.P95, c.Requests, VsOthers(t)));
            }
            if (folded.Count > 0)
            {
                var present = folded.Where(t => cells.ContainsKey((path, t))).Select(t => (Tenant: t, Cell: cells[(path, t)])).ToList();
                var worst = present.Where(x => x.Cell.P95 is not null && (x.Cell.Requests ?? 0) >= PanelQueries.MinRequestsForRanking)
                    .OrderByDescending(x => x.Cell.P95).FirstOrDefault();
                double? requests = present.Count == 0 ? null : present.Sum(x => x.Cell.Requests ?? 0);
                rowCells.Add(new MatrixCell(OtherId, worst.Cell.P95, requests, worst.Tenant is null ? null : VsOthers(worst.Tenant)));
            }
            var r = rows[path];
            pathRows.Add(new MatrixPath(path, r.P95, r.Prev, r.P99, r.Requests, rowCells));
        }
        var restPaths = orderedPaths.Skip(maxPaths).ToList();
        var otherPaths = restPaths.Count == 0 ? null : new MatrixFold(restPaths.Count, restPaths.Sum(p => rows[p].Requests ?? 0));
        return new LatencyMatrix(periods, columns, pathRows, tenantTotals.Count, rows.Count, otherPaths, q);
    }
}
