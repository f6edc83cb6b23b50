using OpsReport.Core.Domain;

namespace OpsReport.Core.Analysis;

/// <summary>Dashboard links of findings: the overview of the finding's environment, over a range that shows its start, at its panel.</summary>
public static class FindingUrls
{
    /// <summary>e.g. <c>/?env=staging&amp;range=7d#panel-log_volume</c>; the panel names match dashboards/*.yaml.</summary>
    public static string Overview(string environment, DateTimeOffset start, DateTimeOffset now, string panel)
    {
        var age = now - start;
        var range = age <= TimeSpan.FromHours(24) ? "24h" : age <= TimeSpan.FromDays(7) ? "7d" : "30d";
        return $"/?env={Uri.EscapeDataString(environment)}&range={range}#panel-{panel}";
    }

    /// <summary>
    /// The incident view opened on the finding (<c>/incident?env=prod&amp;finding=prod:SlowTenant:acme</c>): what, who,
    /// since when and against last week on one screen — where a PM goes for a latency finding.
    /// </summary>
    public static string Incident(string environment, FindingKind kind, string subject) =>
        $"/incident?env={Uri.EscapeDataString(environment)}&finding={Uri.EscapeDataString($"{environment}:{kind}:{subject}")}";

    /// <summary>A relative dashboard link made absolute with the configured public URL (emails and chat need absolute links).</summary>
    public static string? Absolute(string baseUrl, string? relative) =>
        relative is null || !relative.StartsWith('/') ? relative : baseUrl.TrimEnd('/') + relative;
}
