using OpsReport.Core.Charts;
using OpsReport.Core.Configuration;
using OpsReport.Core.Domain;

namespace OpsReport.Core.Panels;

/// <summary>The panels a dashboard or report can show; names match <c>panel:</c> in dashboards/*.yaml.</summary>
public enum PanelKind
{
    Latency,
    SlowTenants,
    Memory,
    LogVolume,
    Cost,
}

/// <summary>How a cell compares with the previous period, for colouring: worse is red, better green.</summary>
public enum CellTone
{
    Neutral,
    Worse,
    Better,
    Missing,
}

/// <summary>One table cell: the text people read and the raw number behind it (for CSV and JSON).</summary>
public sealed record PanelCell(string Text, double? Value = null, CellTone Tone = CellTone.Neutral)
{
    public static PanelCell Missing { get; } = new("no data", null, CellTone.Missing);
}

/// <summary>A table of the exact numbers behind a panel.</summary>
/// <remarks><paramref name="Keys"/> name the columns independently of the reader's language (e.g. <c>change</c>), for code that reads them.</remarks>
public sealed record PanelTable(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<PanelCell>> Rows, IReadOnlyList<string>? Keys = null);

/// <summary>One panel: title, what it compares, an optional chart, and the table of its numbers.</summary>
public sealed record PanelData(PanelKind Kind, string Title, string Subtitle, ChartModel? Chart, PanelTable Table, IReadOnlyList<string> Notes);

/// <summary>The two periods a panel compares, e.g. yesterday vs the same weekday last week, or ISO week 47 vs week 46.</summary>
public sealed record ComparisonPeriods(TimeWindow Current, TimeWindow Previous, Resolution Resolution, string CurrentLabel, string PreviousLabel);

/// <summary>Everything a dashboard view or a report section shows for one environment and period.</summary>
public sealed record DashboardData(
    EnvironmentInfo Environment,
    ComparisonPeriods Periods,
    TimeWindow ChartWindow,
    IReadOnlyList<PanelData> Panels,
    string ZoneId,
    DateTimeOffset GeneratedAt);
