using System.Globalization;
using System.Text.RegularExpressions;
using OpsReport.Core.Dashboards;
using YamlDotNet.RepresentationModel;

namespace OpsReport.Core.Slos;

/// <summary>Reads and validates <c>dashboards/slos.yaml</c>; every mistake is reported with file, line and what was expected.</summary>
public static partial class SloLoader
{
    /// <summary>The file name inside the dashboards folder; dashboard loading skips it.</summary>
    public const string FileName = "slos.yaml";

    private static readonly string[] Keys =
        ["name", "title", "title_ja", "environment", "sli", "service", "path", "threshold", "objective", "window", "per_tenant", "top"];

    /// <summary>
    /// The SLOs of <paramref name="path"/>; none when the file does not exist. <paramref name="environments"/>, when given,
    /// are the configured environment names an SLO may name.
    /// </summary>
    public static IReadOnlyList<SloDefinition> LoadFile(string path, IReadOnlyCollection<string>? environments)
    {
        if (!File.Exists(path))
            return [];
        var display = Path.GetRelativePath(Directory.GetCurrentDirectory(), path);
        return Parse(File.ReadAllText(path), display, environments);
    }

    public static IReadOnlyList<SloDefinition> Parse(string yaml, string file, IReadOnlyCollection<string>? environments)
    {
        var root = DefinitionYaml.LoadRoot(yaml, file);
        if (root is null or YamlScalarNode { Value: null or "" })
            return [];
        if (root is not YamlSequenceNode list)
            throw new DefinitionException(file, (int)root.Start.Line, "expected a list of SLOs, each starting with '- name: ...'.");

        var result = new List<SloDefinition>();
        foreach (var item in list.Children)
        {
            if (item is not YamlMappingNode entry)
                throw new DefinitionException(file, (int)item.Start.Line, "each SLO must be a mapping starting with '- name: ...'.");
            var slo = ParseOne(entry, file, environments);
            if (result.FirstOrDefault(s => s.Name == slo.Name) is { } earlier)
                throw new DefinitionException(file, Line(entry, "name"), $"name '{slo.Name}' is already used by the SLO on line {earlier.Line}; names must be unique.");
            result.Add(slo);
        }
        return result;
    }

    private static SloDefinition ParseOne(YamlMappingNode entry, string file, IReadOnlyCollection<string>? environments)
    {
        foreach (var key in entry.Children.Keys)
        {
            var text = (key as YamlScalarNode)?.Value ?? "";
            if (!Keys.Contains(text))
                throw new DefinitionException(file, (int)key.Start.Line, $"unknown key '{text}'; expected one of {string.Join(", ", Keys)}.");
        }
        var line = (int)entry.Start.Line;
        var name = Required(entry, "name", file, "a short id such as exports-fast");
        if (!NamePattern().IsMatch(name))
            throw new DefinitionException(file, Line(entry, "name"), $"name '{name}' must be lower-case letters, digits and '-' (e.g. exports-fast): it is used in URLs and finding ids.");
        var title = Scalar(entry, "title", file) ?? name;
        var environment = Required(entry, "environment", file, "an environment name such as prod");
        if (environments is { Count: > 0 } known)
        {
            environment = known.FirstOrDefault(e => string.Equals(e, environment, StringComparison.OrdinalIgnoreCase))
                ?? throw new DefinitionException(file, Line(entry, "environment"), $"environment '{environment}' is not configured; expected one of {string.Join(", ", known)}.");
        }

        var sliText = Required(entry, "sli", file, "latency or availability");
        var sli = sliText switch
        {
            "latency" => SliKind.Latency,
            "availability" => SliKind.Availability,
            _ => throw new DefinitionException(file, Line(entry, "sli"), $"sli '{sliText}' is not supported; expected latency or availability."),
        };
        var path = Required(entry, "path", file, "a route template such as /api/exports/{id}/download, or \"*\" for every path");

        TimeSpan? threshold = null;
        var thresholdText = Scalar(entry, "threshold", file);
        if (sli == SliKind.Availability && thresholdText is not null)
            throw new DefinitionException(file, Line(entry, "threshold"), "'threshold' applies to latency SLIs only; an availability SLI counts every non-5xx request as good.");
        if (sli == SliKind.Latency)
        {
            if (thresholdText is null)
                throw new DefinitionException(file, line, "a latency SLI needs 'threshold' (e.g. 2s or 300ms): a good request is at or under it.");
            threshold = Threshold(thresholdText) ?? throw new DefinitionException(file, Line(entry, "threshold"),
                $"threshold '{thresholdText}' is not understood; expected a whole number of milliseconds or seconds such as 300ms, 2s or 1.5s (at least 1ms, at most 600s).");
        }

        var objectiveText = Required(entry, "objective", file, "a percentage such as 99.0%");
        var objective = Objective(objectiveText) ?? throw new DefinitionException(file, Line(entry, "objective"),
            $"objective '{objectiveText}' is not understood; expected a percentage above 0 and below 100 such as 99.0% or 99.9%.");

        var windowText = Required(entry, "window", file, "28d, 7d, 30d or calendar month");
        var window = Window(windowText) ?? throw new DefinitionException(file, Line(entry, "window"),
            $"window '{windowText}' is not understood; expected a rolling number of days from 1d to 90d (e.g. 28d) or 'calendar month'.");

        var perTenant = Scalar(entry, "per_tenant", file) switch
        {
            null or "false" => false,
            "true" => true,
            var other => throw new DefinitionException(file, Line(entry, "per_tenant"), $"per_tenant '{other}' must be true or false."),
        };
        var top = 5;
        if (Scalar(entry, "top", file) is { } topText)
        {
            if (!int.TryParse(topText, NumberStyles.None, CultureInfo.InvariantCulture, out top) || top is < 1 or > 50)
                throw new DefinitionException(file, Line(entry, "top"), $"'top' must be a whole number from 1 to 50 (tenants kept before \"other\"), not '{topText}'.");
            if (!perTenant)
                throw new DefinitionException(file, Line(entry, "top"), "'top' applies only with 'per_tenant: true'.");
        }

        return new SloDefinition(name, title, Scalar(entry, "title_ja", file), environment, sli, Scalar(entry, "service", file), path,
            threshold, objective, window, perTenant, file, line)
        {
            Top = top,
        };
    }

    private static TimeSpan? Threshold(string text)
    {
        var match = ThresholdPattern().Match(text);
        if (!match.Success || !decimal.TryParse(match.Groups[1].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            return null;
        var ms = match.Groups[2].Value == "s" ? number * 1000 : number;
        // Sources count requests under whole milliseconds (the le_ms dimension), so 1.5ms cannot be asked for.
        if (ms != decimal.Truncate(ms) || ms < 1 || ms > 600_000)
            return null;
        return TimeSpan.FromMilliseconds((double)ms);
    }

    private static double? Objective(string text)
    {
        var match = ObjectivePattern().Match(text);
        if (!match.Success || !double.TryParse(match.Groups[1].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percent))
            return null;
        return percent is > 0 and < 100 ? percent / 100 : null;
    }

    private static SloWindow? Window(string text)
    {
        if (MonthPattern().IsMatch(text))
            return SloWindow.Month;
        var match = DaysPattern().Match(text);
        if (!match.Success || !int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var days) || days is < 1 or > 90)
            return null;
        return SloWindow.Rolling(days);
    }

    private static string Required(YamlMappingNode node, string key, string file, string expected) =>
        Scalar(node, key, file) ?? throw new DefinitionException(file, (int)node.Start.Line, $"missing '{key}'; expected {expected}.");

    private static string? Scalar(YamlMappingNode node, string key, string file)
    {
        if (!node.Children.TryGetValue(new YamlScalarNode(key), out var value))
            return null;
        if (value is not YamlScalarNode scalar)
            throw new DefinitionException(file, (int)value.Start.Line, $"'{key}' must be a single value.");
        return string.IsNullOrWhiteSpace(scalar.Value) ? null : scalar.Value.Trim();
    }

    private static int Line(YamlMappingNode node, string key) =>
        node.Children.Keys.FirstOrDefault(k => k is YamlScalarNode s && s.Value == key) is { } found ? (int)found.Start.Line : (int)node.Start.Line;

    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)\s*(ms|s)$", RegexOptions.CultureInvariant)]
    private static partial Regex ThresholdPattern();

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)\s*%$", RegexOptions.CultureInvariant)]
    private static partial Regex ObjectivePattern();

    [GeneratedRegex(@"^(\d+)\s*d$", RegexOptions.CultureInvariant)]
    private static partial Regex DaysPattern();

    [GeneratedRegex(@"^calendar\s+month$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex MonthPattern();
}
