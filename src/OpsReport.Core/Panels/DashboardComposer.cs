using OpsReport.Core.Configuration;
using OpsReport.Core.Dashboards;
using OpsReport.Core.Domain;

namespace OpsReport.Core.Panels;

/// <summary>Builds a whole dashboard (all panels of a definition) for one environment and period.</summary>
public sealed class DashboardComposer(PanelQueries queries, TimeProvider clock, Time.ZoneCalendar calendar)
{
    public async Task<DashboardData> ComposeAsync(DashboardDefinition definition, EnvironmentInfo environment, ComparisonPeriods periods,
        TimeWindow chartWindow, Resolution chartStep, CancellationToken cancellationToken = default, string language = "en")
    {
        // Titles written in the definition are in its language; in another language the panels' own titles are used.
        var ownTitles = (definition.Language ?? "en") == language;
        // The panels read the store independently: run side by side (SQLite's "async" calls complete synchronously, hence
        // Task.Run), a page waits for the slowest panel, not for the sum of them.
        var pending = definition.Panels.Select(panel =>
        {
            var request = new PanelRequest(environment.Name, periods, chartWindow, chartStep, panel.Top, ownTitles ? panel.Title : null, Language: language);
            return Task.Run(() => panel.Kind switch
            {
                PanelKind.Latency => queries.LatencyAsync(request, cancellationToken),
                PanelKind.SlowTenants => queries.SlowTenantsAsync(request, cancellationToken),
                PanelKind.Memory => queries.MemoryAsync(request, cancellationToken),
                PanelKind.LogVolume => queries.LogVolumeAsync(request, cancellationToken),
                PanelKind.Cost => queries.CostAsync(request, cancellationToken),
                _ => throw new ArgumentOutOfRangeException(nameof(definition), panel.Kind, "Unknown panel kind."),
            }, cancellationToken);
        }).ToList();
        var panels = new List<PanelData>(pending.Count);
        foreach (var panel in pending)
            panels.Add(PanelText.For(language).Localize(await panel));
        return new DashboardData(environment, periods, chartWindow, panels, calendar.ZoneId, clock.GetUtcNow());
    }
}
