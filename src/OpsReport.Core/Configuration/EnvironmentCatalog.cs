using Microsoft.Extensions.Options;

namespace OpsReport.Core.Configuration;

/// <summary>An environment as the surfaces see it: name, label, whether it is production, and whether its data is demo data.</summary>
public sealed record EnvironmentInfo(string Name, string DisplayName, bool IsProduction, bool IsDemo);

/// <summary>The environments in effect: the configured ones plus, when the demo source is on, the demo environments.</summary>
public sealed class EnvironmentCatalog
{
    public EnvironmentCatalog(IOptions<OpsReportOptions> options)
        : this(options.Value)
    {
    }

    public EnvironmentCatalog(OpsReportOptions options)
    {
        var list = new List<EnvironmentInfo>();
        foreach (var env in options.Environments)
            list.Add(new EnvironmentInfo(env.Name, env.DisplayName ?? env.Name, env.IsProduction ?? LooksLikeProduction(env.Name), IsDemo: false));
        if (IsDemoEnabled(options))
        {
            foreach (var name in options.Demo.Environments)
            {
                if (list.All(e => e.Name != name))
                    list.Add(new EnvironmentInfo(name, name, LooksLikeProduction(name), IsDemo: true));
            }
        }
        All = list;
    }

    public IReadOnlyList<EnvironmentInfo> All { get; }

    /// <summary>The environment shown when none is asked for: production first.</summary>
    public EnvironmentInfo Default => All.FirstOrDefault(e => e.IsProduction) ?? All[0];

    public EnvironmentInfo? Find(string? name) => All.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));

    public static bool IsDemoEnabled(OpsReportOptions options) =>
        options.Demo.Enabled ?? options.Environments.All(e => e.Aws is null && e.Datadog is null);

    private static bool LooksLikeProduction(string name) =>
        name.Equals("prod", StringComparison.OrdinalIgnoreCase) || name.Equals("production", StringComparison.OrdinalIgnoreCase);
}
