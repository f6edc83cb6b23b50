using OpsReport.Core.Charts;
using OpsReport.Core.Dashboards;
using OpsReport.Core.Panels;

namespace OpsReport.Reports;

/// <summary>
/// One section of a report, in definition order: a heading, then an optional chart, optional items (wrapped sentences,
/// e.g. findings) and an optional table of exact numbers, then notes.
/// </summary>
public sealed record ReportSection(
    SectionKind Kind,
    string Title,
    string Subtitle,
    ChartModel? Chart,
    IReadOnlyList<ReportItem> Items,
    PanelTable? Table,
    IReadOnlyList<string> Notes)
{
    public static ReportSection FromPanel(PanelData panel)
    {
        ArgumentNullException.ThrowIfNull(panel);
        var kind = SectionDefinition.From(new PanelDefinition(panel.Kind, null, 1)).Kind;
        return new ReportSection(kind, panel.Title, panel.Subtitle, panel.Chart, [], panel.Table, panel.Notes);
    }

    /// <summary>True when the section shows at least one measured number (a table value or a charted point).</summary>
    public bool HasNumbers =>
        (Chart?.HasData ?? false) || (Table?.Rows.Any(r => r.Skip(1).Any(c => c.Value is not null)) ?? false);
}

/// <summary>A sentence in a section's list (a finding), with a short label (its severity) and how it reads (tone).</summary>
public sealed record ReportItem(string Label, string Text, string? Detail, CellTone Tone);
