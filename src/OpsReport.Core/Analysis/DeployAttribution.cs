using OpsReport.Core.Domain;
using OpsReport.Core.Storage;

namespace OpsReport.Core.Analysis;

/// <summary>
/// "Did we deploy?": marks each finding whose onset follows a deploy of the same service within
/// <see cref="Reach"/>, so its evidence names the deploy. A finding's service is its own service label or subject, the
/// service a log group is named after (<c>/ecs/api</c>, <c>/aws/lambda/billing-sync-prod</c>), or the service its path is
/// served by in the stored latency series.
/// </summary>
public static class DeployAttribution
{
    /// <summary>How long before an onset a deploy still counts as its likely cause.</summary>
    public static readonly TimeSpan Reach = TimeSpan.FromHours(1);

    // Onsets are known to the hour (hourly series): a deploy inside the onset's own hour came before the change too.
    private static readonly TimeSpan OnsetResolution = TimeSpan.FromHours(1);

    /// <summary>The findings with deploy facts set (or removed when no deploy explains them any more).</summary>
    public static async Task<IReadOnlyList<Finding>> AttachAsync(IReadOnlyList<Finding> findings, string environment, IDeployStore deploys, IMetricStore store,
        CancellationToken cancellationToken)
    {
        var candidates = findings.Where(Applies).ToList();
        if (candidates.Count == 0)
            return findings;
        var from = candidates.Min(f => f.Start) - Reach;
        var to = candidates.Max(f => f.Start) + OnsetResolution;
        var recent = await deploys.ListAsync(environment, new TimeWindow(from, to), null, cancellationToken);
        var pathServices = new Dictionary<string, string>(StringComparer.Ordinal);
        if (recent.Count > 0)
        {
            var keys = await store.FindSeriesAsync(new SeriesFilter(Metrics.LatencyP95, Resolution.Hour, (Dims.Env, environment), (Dims.Path, SeriesFilter.Any)), cancellationToken);
            foreach (var key in keys)
            {
                if (key[Dims.Service] is { } service)
                    pathServices.TryAdd(key[Dims.Path]!, service);
            }
        }
        return findings.Select(f => Applies(f) ? Attach(f, recent, pathServices) : f).ToList();
    }

    /// <summary>The deploy that most likely started the finding: the last one of its service before the onset, else one inside the onset hour.</summary>
    public static Deploy? Cause(Finding finding, IReadOnlyList<Deploy> deploys, IReadOnlyDictionary<string, string> pathServices)
    {
        var services = ServicesOf(finding, pathServices);
        var matching = deploys
            .Where(d => d.At > finding.Start - Reach && d.At < finding.Start + OnsetResolution && services.Any(s => Names(s, d.Service, finding.Environment)))
            .ToList();
        return matching.Where(d => d.At <= finding.Start).OrderByDescending(d => d.At).FirstOrDefault()
            ?? matching.OrderBy(d => d.At).FirstOrDefault();
    }

    private static bool Applies(Finding f) => f.Kind is not (FindingKind.Coverage or FindingKind.CostMover);

    private static Finding Attach(Finding f, IReadOnlyList<Deploy> deploys, IReadOnlyDictionary<string, string> pathServices)
    {
        var numbers = f.Numbers.Where(kv => !DeployFacts.NumberKeys.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        var labels = f.Labels.Where(kv => !DeployFacts.LabelKeys.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        if (Cause(f, deploys, pathServices) is { } d)
        {
            numbers[DeployFacts.At] = d.At.ToUnixTimeSeconds();
            numbers[DeployFacts.MinutesBefore] = Math.Round((f.Start - d.At).TotalMinutes);
            labels[DeployFacts.LabelService] = d.Service;
            labels[DeployFacts.LabelVersion] = d.Version;
            labels[DeployFacts.LabelSource] = d.Source;
        }
        else if (numbers.Count == f.Numbers.Count && labels.Count == f.Labels.Count)
        {
            return f;
        }
        return f with { Numbers = numbers, Labels = labels };
    }

    private static List<string> ServicesOf(Finding f, IReadOnlyDictionary<string, string> pathServices)
    {
        var services = new List<string> { f.Subject };
        if (f.Labels.TryGetValue(Facts.LabelService, out var service))
            services.Add(service);
        if (f.Labels.TryGetValue(Facts.LabelLogGroup, out var logGroup))
            services.Add(logGroup);
        if (f.Labels.TryGetValue(Facts.LabelPath, out var path) && pathServices.TryGetValue(path, out var served))
            services.Add(served);
        else if (pathServices.TryGetValue(f.Subject.Split(" · ")[0], out var bySubject))
            services.Add(bySubject);
        return services;
    }

    /// <summary>True when <paramref name="name"/> (a service, or a log group named after one) stands for <paramref name="service"/>.</summary>
    internal static bool Names(string name, string service, string environment)
    {
        foreach (var part in name.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (string.Equals(part, service, StringComparison.OrdinalIgnoreCase)
                || string.Equals(part, service + "-" + environment, StringComparison.OrdinalIgnoreCase))
                return true;
        }
        return false;
    }
}
