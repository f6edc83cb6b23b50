using OpsReport.Core.Panels;

namespace OpsReport.Core.Dashboards;

/// <summary>What a report section shows: a dashboard panel, the period's findings, or what is (not) monitored.</summary>
public enum SectionKind
{
    Findings,
    Latency,
    SlowTenants,
    Memory,
    LogVolume,
    Cost,
    Coverage,
    Slos,
}

/// <summary>One report section: its kind, an optional title and how many rows to show.</summary>
public sealed record SectionDefinition(SectionKind Kind, string? Title, int Top)
{
    /// <summary>The panel this section shows, or null for report-only sections.</summary>
    public PanelKind? Panel => Kind switch
    {
        SectionKind.Latency => PanelKind.Latency,
        SectionKind.SlowTenants => PanelKind.SlowTenants,
        SectionKind.Memory => PanelKind.Memory,
        SectionKind.LogVolume => PanelKind.LogVolume,
        SectionKind.Cost => PanelKind.Cost,
        _ => null,
    };

    public static SectionDefinition From(PanelDefinition panel)
    {
        ArgumentNullException.ThrowIfNull(panel);
        var kind = panel.Kind switch
        {
            PanelKind.Latency => SectionKind.Latency,
            PanelKind.SlowTenants => SectionKind.SlowTenants,
            PanelKind.Memory => SectionKind.Memory,
            PanelKind.LogVolume => SectionKind.LogVolume,
            _ => SectionKind.Cost,
        };
        return new SectionDefinition(kind, panel.Title, panel.Top);
    }
}
