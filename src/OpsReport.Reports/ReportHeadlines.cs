using OpsReport.Core.Charts;
using OpsReport.Core.Panels;

namespace OpsReport.Reports;

/// <summary>
/// Picks the cover and email numbers from the panels' tables (their raw values), so a headline and its table can never
/// disagree. Columns are found by the <see cref="PanelColumns"/> keys <see cref="PanelQueries"/> gives them (never by position or header), so added columns and other languages do not break it.
/// </summary>
internal static class ReportHeadlines
{
    /// <param name="periodLabel">The period every headline covers (an ISO week, a day, a range): each label says it.</param>
    /// <param name="forTenant">A tenant's report: its rows are all that tenant's, named once in the heading, so the headline names the path only.</param>
    public static IReadOnlyList<ReportHeadline> From(IReadOnlyList<PanelData> panels, string periodLabel, string previousLabel, ReportText text, bool forTenant = false)
    {
        var result = new List<ReportHeadline>();
        foreach (var panel in panels)
        {
            var headline = panel.Kind switch
            {
                PanelKind.Latency => Latency(new Columns(panel.Table), previousLabel, text),
                PanelKind.SlowTenants => SlowestTenant(new Columns(panel.Table), text, forTenant),
                PanelKind.Memory => PeakMemory(new Columns(panel.Table), text),
                PanelKind.LogVolume => LogVolume(new Columns(panel.Table), text),
                PanelKind.Cost => Cost(new Columns(panel.Table), previousLabel, text),
                _ => null,
            };
            if (headline is not null && result.All(h => h.Key != headline.Key))
                result.Add(headline with { Label = ReportText.Format(text.HeadlineWindowFormat, headline.Label, periodLabel) });
        }
        return result;
    }

    // Rows are ordered busiest path first.
    private static ReportHeadline Latency(Columns t, string previousLabel, ReportText text)
    {
        int path = t.Find(PanelColumns.Path), p95 = t.Find(PanelColumns.P95), change = t.Find(PanelColumns.Change), requests = t.Find(PanelColumns.Requests);
        var row = t.Rows.FirstOrDefault();
        if (row is null || !t.Has(path, p95, change, requests))
            return Missing("latency", text.LatencyLabel, text);
        return new ReportHeadline("latency", text.LatencyLabel, row[p95].Text, row[p95].Value,
            ChangeText(row[change], previousLabel, text), row[change].Tone,
            row[path].Text + " · " + ReportText.Format(text.RequestsFormat, row[requests].Text), Direction(row[change].Value));
    }

    // Rows are ordered worst ratio first; the ratio column is headed "× …".
    private static ReportHeadline SlowestTenant(Columns t, ReportText text, bool forTenant)
    {
        var label = forTenant ? text.TenantPathLabel : text.TenantLabel;
        int tenant = t.Find(PanelColumns.Tenant), path = t.Find(PanelColumns.Path), p95 = t.Find(PanelColumns.TenantP95), ratio = t.Find(PanelColumns.Ratio),
            comparedWith = t.Find(PanelColumns.OthersP95), change = t.Find(PanelColumns.Change);
        var row = t.Rows.FirstOrDefault();
        if (row is null || !t.Has(tenant, path, p95, ratio, comparedWith))
            return Missing("tenant", label, text);
        return new ReportHeadline("tenant", label, row[ratio].Text, row[ratio].Value,
            ReportText.Format(text.VersusFormat, row[p95].Text, row[comparedWith].Text), row[ratio].Tone,
            forTenant ? row[path].Text : ReportText.Format(text.OnPathFormat, row[tenant].Text, row[path].Text), change >= 0 ? Direction(row[change].Value) : 0);
    }

    private static ReportHeadline PeakMemory(Columns t, ReportText text)
    {
        int service = t.Find(PanelColumns.Service), peak = t.Find(PanelColumns.Peak), before = t.Find(PanelColumns.PeakPrevious), change = t.Find(PanelColumns.Change);
        var row = t.Has(service, peak, before, change) ? t.Rows.Where(r => r[peak].Value is not null).MaxBy(r => r[peak].Value) : null;
        if (row is null)
            return Missing("memory", text.MemoryLabel, text);
        return new ReportHeadline("memory", text.MemoryLabel, row[peak].Text, row[peak].Value,
            row[change].Value is null ? null : ReportText.Format(text.VersusFormat, row[change].Text, row[before].Text), row[change].Tone, row[service].Text,
            Direction(row[change].Value));
    }

    private static ReportHeadline LogVolume(Columns t, ReportText text)
    {
        int group = t.Find(PanelColumns.LogGroup), current = t.Find(PanelColumns.Bytes), previous = t.Find(PanelColumns.BytesPrevious), change = t.Find(PanelColumns.Change),
            debug = t.Find(PanelColumns.DebugShare);
        var row = t.Has(group, current, previous, change) ? t.Rows.Where(r => r[change].Value is not null).MaxBy(r => r[change].Value) ?? t.Rows.FirstOrDefault() : null;
        if (row is null)
            return Missing("logs", text.LogsLabel, text);
        var detail = row[group].Text + (debug >= 0 && row[debug].Value is not null ? " · " + ReportText.Format(text.DebugShareFormat, row[debug].Text) : "");
        return new ReportHeadline("logs", text.LogsLabel, row[change].Value is null ? row[current].Text : row[change].Text, row[change].Value ?? row[current].Value,
            ReportText.Format(text.WasFormat, row[current].Text, row[previous].Text), row[change].Tone, detail, Direction(row[change].Value));
    }

    // Rows are ordered by the largest absolute difference first.
    private static ReportHeadline Cost(Columns t, string previousLabel, ReportText text)
    {
        int service = t.Find(PanelColumns.AwsService), current = t.Find(PanelColumns.Cost), previous = t.Find(PanelColumns.CostPrevious), difference = t.Find(PanelColumns.Difference);
        var rows = t.Has(service, current, previous, difference) ? t.Rows.ToList() : [];
        var billed = rows.Where(r => r[current].Value is not null).ToList();
        if (billed.Count == 0)
            return Missing("cost", text.CostLabel, text);
        var total = billed.Sum(r => r[current].Value!.Value);
        var comparable = rows.Where(r => r[current].Value is not null && r[previous].Value is not null).ToList();
        string? change = null;
        var tone = CellTone.Neutral;
        var direction = 0;
        if (comparable.Count > 0)
        {
            var now = comparable.Sum(r => r[current].Value!.Value);
            var before = comparable.Sum(r => r[previous].Value!.Value);
            // The same rule as the tables' difference cells: what rounds to $0.00 is no change (and never red).
            var cell = PanelQueries.DifferenceCell(now - before);
            var delta = cell.Value ?? 0;
            change = ReportText.Format(text.VersusFormat, cell.Text + " (" + ValueFormat.Change(now, before) + ")", previousLabel);
            tone = cell.Tone;
            direction = before == 0 ? Math.Sign(delta) : Direction(delta / before * 100);
        }
        var mover = rows.FirstOrDefault(r => r[difference].Value is not null);
        var detail = mover is null ? null : ReportText.Format(text.BiggestMoverFormat, mover[service].Text, mover[difference].Text);
        return new ReportHeadline("cost", text.CostLabel, ValueFormat.Format(total, "USD"), total, change, tone, detail, direction);
    }

    private static string? ChangeText(PanelCell change, string previousLabel, ReportText text) =>
        change.Tone == CellTone.Missing ? null : ReportText.Format(text.VersusFormat, change.Text, previousLabel);

    /// <summary>The arrow of a percentage change; below half a percent it reads as flat.</summary>
    private static int Direction(double? percent) => percent is { } p && Math.Abs(p) >= 0.5 ? Math.Sign(p) : 0;

    private static ReportHeadline Missing(string key, string label, ReportText text) =>
        new(key, label, text.NoData, null, null, CellTone.Missing, null);

    /// <summary>A panel table's columns by header, and the rows that have every column.</summary>
    private sealed class Columns(PanelTable table)
    {
        public IReadOnlyList<IReadOnlyList<PanelCell>> Rows { get; } = table.Rows.Where(r => r.Count >= table.Columns.Count).ToList();

        // By the language-independent column keys PanelQueries sets, so a Japanese report finds the same numbers.
        public int Find(string key) => table.Keys is { } keys ? IndexOf(keys, key) : -1;

        private static int IndexOf(IReadOnlyList<string> keys, string key)
        {
            for (var i = 0; i < keys.Count; i++)
            {
                if (keys[i] == key)
                    return i;
            }
            return -1;
        }

        public bool Has(params int[] columns) => columns.All(c => c >= 0 && c < table.Columns.Count);
    }
}
