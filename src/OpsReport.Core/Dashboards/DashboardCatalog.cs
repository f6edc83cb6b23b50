using Microsoft.Extensions.Options;
using OpsReport.Core.Configuration;

namespace OpsReport.Core.Dashboards;

/// <summary>The loaded dashboard and report definitions; loading validates them, so a malformed file stops startup.</summary>
public sealed class DashboardCatalog
{
    public DashboardCatalog(IOptions<OpsReportOptions> options)
    {
        Directory = options.Value.DashboardsDir;
        All = DashboardLoader.LoadDirectory(Directory);
    }

    public string Directory { get; }

    public IReadOnlyList<DashboardDefinition> All { get; }

    public DashboardDefinition? Find(string name) => All.FirstOrDefault(d => d.Name == name);

    public DashboardDefinition Get(string name) =>
        Find(name) ?? throw new KeyNotFoundException($"No definition named '{name}' in {Directory}; known: {string.Join(", ", All.Select(d => d.Name))}.");
}
