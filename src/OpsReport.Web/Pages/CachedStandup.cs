using OpsReport.Core.Panels;
using OpsReport.Core.Slos;
using OpsReport.Web.Hosting;

namespace OpsReport.Web.Pages;

/// <summary>
/// The overview's KPI tiles, "since yesterday" strip and SLO lines, computed once per data version (<see cref="ViewDataCache"/>)
/// for the page in any language and for <c>/api/kpis</c> and <c>/api/changes</c>.
/// </summary>
public sealed class CachedStandup(StandupQuery query, ISloReader slos, ViewDataCache cache)
{
    public Task<StandupKpis> KpisAsync(string environment, DateTimeOffset now, CancellationToken ct) =>
        cache.GetOrBuildAsync("kpis|" + environment, c => query.KpisAsync(environment, now, c), ct);

    public Task<StandupChanges> ChangesAsync(string environment, DateTimeOffset now, CancellationToken ct) =>
        cache.GetOrBuildAsync("changes|" + environment, c => query.ChangesAsync(environment, now, c), ct);

    /// <summary>Every SLO status of the environment (overall and per tenant), as <see cref="ISloReader"/> reads them.</summary>
    public Task<IReadOnlyList<SloStatus>> SlosAsync(string environment, DateTimeOffset now, CancellationToken ct) =>
        cache.GetOrBuildAsync("slos|" + environment, c => slos.ReadAsync(environment, now, null, c), ct);
}
