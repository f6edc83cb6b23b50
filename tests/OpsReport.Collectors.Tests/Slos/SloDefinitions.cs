using OpsReport.Core.Slos;

namespace OpsReport.Collectors.Tests.Slos;

/// <summary>SLO definitions built directly (the YAML loader is tested on its own).</summary>
internal static class SloDefinitions
{
    public static SloDefinition Latency(string name, string environment, string path, TimeSpan threshold, string? service = null) =>
        new(name, name, null, environment, SliKind.Latency, service, path, threshold, 0.99, SloWindow.Rolling(28), false, "dashboards/slos.yaml", 1);

    public static SloDefinition Availability(string name, string environment, string path, string? service = null) =>
        new(name, name, null, environment, SliKind.Availability, service, path, null, 0.999, SloWindow.Rolling(28), false, "dashboards/slos.yaml", 1);
}
