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
        var panels = new List<PanelData>();
        foreach (var panel in definition.Panels)
        {
            var request = new PanelRequest(environment.Name, periods, chartWindow, chartStep, panel.Top, ownTitles ? panel.Title : null, Language: language);
            panels.Add(PanelText.For(language).Localize(panel.Kind switch
            {
                PanelKind.Latency => await queries.LatencyAsync(request, cancellationToken),
                PanelKind.SlowTenants => await queries.SlowTenantsAsync(request, cancellationToken),
                PanelKind.Memory => await queries.MemoryAsync(request, cancellationToken),
                PanelKind.LogVolume => await queries.LogVolumeAsync(request, cancellationToken),
                PanelKind.Cost => await queries.CostAsync(request, cancellationToken),
                _ => throw new ArgumentOutOfRangeException(nameof(definition), panel.Kind, "Unknown panel kind."),
            }));
        }
        return new DashboardData(environment, periods, chartWindow, panels, calendar.ZoneId, clock.GetUtcNow());
    }
}
