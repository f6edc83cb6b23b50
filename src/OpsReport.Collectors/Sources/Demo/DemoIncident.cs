using OpsReport.Core.Domain;

namespace OpsReport.Collectors.Sources.Demo;

/// <summary>
/// One incident planted in the demo data: what analysis should find (kind, environment, subject), since when, and the
/// series dimensions that show it.
/// </summary>
public sealed record DemoIncident(
    string Name,
    FindingKind Kind,
    string Environment,
    string Subject,
    DateTimeOffset Start,
    IReadOnlyDictionary<string, string> Dimensions,
    string Description);
