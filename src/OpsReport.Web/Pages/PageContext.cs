using OpsReport.Core.Configuration;
using OpsReport.Core.Panels;
using OpsReport.Core.Time;

namespace OpsReport.Web.Pages;

/// <summary>What every page's frame needs: product, the environment shown and the others, the range, the zone, data freshness.</summary>
public sealed record PageContext(
    string Product,
    EnvironmentInfo Environment,
    IReadOnlyList<EnvironmentInfo> Environments,
    OverviewRange Range,
    ZoneCalendar Calendar,
    DateTimeOffset Now,
    DateTimeOffset? CollectedUntil,
    string Path)
{
    public string LocalTime(DateTimeOffset t, string format = "yyyy-MM-dd HH:mm") =>
        Calendar.ToLocal(t).ToString(format, System.Globalization.CultureInfo.InvariantCulture);

    public string Link(string? env = null, string? range = null) =>
        $"{Path}?env={Uri.EscapeDataString(env ?? Environment.Name)}&range={Uri.EscapeDataString(range ?? Range.Name())}";

    /// <summary>The ribbon's CSS class: production stands out; demo and staging have their own colours.</summary>
    public static string RibbonClass(EnvironmentInfo env) =>
        env.IsProduction ? "ribbon-prod" : env.Name.Contains("stag", StringComparison.OrdinalIgnoreCase) ? "ribbon-staging" : env.IsDemo && env.Name == "demo" ? "ribbon-demo" : "ribbon-other";
}

/// <summary>The overview page's model: the frame, the open findings, and the composed dashboard.</summary>
public sealed record OverviewModel(PageContext Page, IReadOnlyList<OpsReport.Core.Domain.Finding> Findings, DashboardData Dashboard, string Title);
