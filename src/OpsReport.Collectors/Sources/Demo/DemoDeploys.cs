using OpsReport.Core.Domain;

namespace OpsReport.Collectors.Sources.Demo;

/// <summary>
/// The demo company's deploys, the same ones its memory restarts at: every ECS service each weekday at 11:00
/// Asia/Tokyo (version = the local date), plus the incidents' deploys of api whatever the weekday (a hotfix).
/// </summary>
internal static class DemoDeploys
{
    public const int DeployHour = 11;

    /// <summary>Services deployed on ECS; the Lambda function ships on its own schedule and is left out.</summary>
    public static IReadOnlyList<string> EcsServices { get; } = [.. DemoCatalog.Services.Where(s => s != DemoCatalog.ServiceBillingSync)];

    public static IReadOnlyList<Deploy> In(DemoEnvironment env, TimeWindow window)
    {
        var deploys = new List<Deploy>();
        for (var date = TokyoClock.DateOf(window.Start); date <= TokyoClock.DateOf(window.End); date = date.AddDays(1))
        {
            var at = TokyoClock.At(date, DeployHour);
            if (window.Contains(at) && TokyoClock.IsWeekday(date))
                deploys.AddRange(EcsServices.Select(s => new Deploy(env.Name, s, Version(date), at, Deploy.SourceDemo)));
        }
        foreach (var extra in env.IncidentDeploys.Where(window.Contains))
        {
            if (!deploys.Any(d => d.At == extra && d.Service == DemoCatalog.LeakingService))
                deploys.Add(new Deploy(env.Name, DemoCatalog.LeakingService, Version(TokyoClock.DateOf(extra)) + "-hotfix", extra, Deploy.SourceDemo));
        }
        return deploys;
    }

    private static string Version(DateOnly date) => date.ToString("yyyy.MM.dd", System.Globalization.CultureInfo.InvariantCulture);
}
