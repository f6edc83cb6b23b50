namespace OpsReport.Core.Slos;

/// <summary>
/// One SLO from <c>dashboards/slos.yaml</c>. <see cref="Path"/> is a route template or <c>*</c> for every path of
/// <see cref="Service"/> (or of the environment when no service is named). <see cref="Threshold"/> is set for latency
/// SLIs only. <see cref="Objective"/> is the share of good requests, 0–1 (0.99 for "99.0%").
/// </summary>
public sealed record SloDefinition(
    string Name,
    string Title,
    string? TitleJa,
    string Environment,
    SliKind Sli,
    string? Service,
    string Path,
    TimeSpan? Threshold,
    double Objective,
    SloWindow Window,
    bool PerTenant,
    string SourceFile,
    int Line)
{
    /// <summary>Per-tenant SLOs keep this many tenants (by requests over the window) and pool the rest as <c>other</c>.</summary>
    public int Top { get; init; } = 5;

    /// <summary>The title in the reader's language: <see cref="TitleJa"/> for Japanese when given, else <see cref="Title"/>.</summary>
    public string TitleIn(string language) => language == "ja" && TitleJa is { Length: > 0 } ja ? ja : Title;

    /// <summary>The share of requests that may be bad over the window: 1 − objective.</summary>
    public double ErrorBudget => 1 - Objective;
}
