using System.Globalization;
using System.Net.Mail;
using System.Text.RegularExpressions;
using OpsReport.Core.Panels;
using YamlDotNet.RepresentationModel;

namespace OpsReport.Core.Dashboards;

/// <summary>Reads and validates <c>dashboards/*.yaml</c>; every mistake is reported with file, line and what was expected.</summary>
public static partial class DashboardLoader
{
    private static readonly Dictionary<string, PanelKind> PanelNames = new(StringComparer.Ordinal)
    {
        ["latency"] = PanelKind.Latency,
        ["slow_tenants"] = PanelKind.SlowTenants,
        ["memory"] = PanelKind.Memory,
        ["log_volume"] = PanelKind.LogVolume,
        ["cost"] = PanelKind.Cost,
    };

    private static readonly Dictionary<string, SectionKind> SectionNames = new(StringComparer.Ordinal)
    {
        ["findings"] = SectionKind.Findings,
        ["latency"] = SectionKind.Latency,
        ["slow_tenants"] = SectionKind.SlowTenants,
        ["memory"] = SectionKind.Memory,
        ["log_volume"] = SectionKind.LogVolume,
        ["cost"] = SectionKind.Cost,
        ["coverage"] = SectionKind.Coverage,
        ["slos"] = SectionKind.Slos,
    };

    private static readonly string[] TopLevelKeys =
        ["name", "title", "environments", "language", "panels", "sections", "environment", "audience", "tenants", "time_zone", "schedule", "recipients", "period"];

    private static readonly string[] PanelKeys = ["panel", "title", "top"];
    private static readonly string[] SectionKeys = ["section", "title", "top"];
    private static readonly string[] RecipientKeys = ["to", "cc"];

    public static string PanelName(PanelKind kind) => PanelNames.First(kv => kv.Value == kind).Key;

    /// <summary>Loads every <c>*.yaml</c> in the folder; throws <see cref="DefinitionException"/> on the first mistake.</summary>
    public static IReadOnlyList<DashboardDefinition> LoadDirectory(string directory)
    {
        if (!Directory.Exists(directory))
            throw new DefinitionException(directory, 0, "dashboards folder not found (set OpsReport:DashboardsDir or run from the repository root).");
        // slos.yaml holds SLO definitions (Slos/SloLoader), not a dashboard.
        var result = Directory.EnumerateFiles(directory, "*.yaml")
            .Where(f => !string.Equals(Path.GetFileName(f), Slos.SloLoader.FileName, StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal).Select(LoadFile).ToList();
        var duplicate = result.GroupBy(d => d.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new DefinitionException(duplicate.Last().SourceFile, 1, $"name '{duplicate.Key}' is already used by {duplicate.First().SourceFile}; names must be unique.");
        return result;
    }

    public static DashboardDefinition LoadFile(string path)
    {
        var display = Path.GetRelativePath(Directory.GetCurrentDirectory(), path);
        using var reader = new StreamReader(path);
        return Parse(reader.ReadToEnd(), display, Path.GetFileNameWithoutExtension(path));
    }

    public static DashboardDefinition Parse(string yaml, string file, string defaultName)
    {
        if (DefinitionYaml.LoadRoot(yaml, file) is not YamlMappingNode root)
            throw new DefinitionException(file, 1, "expected a mapping with 'name', 'title' and 'panels'.");

        CheckKeys(root, TopLevelKeys, file);
        var name = Scalar(root, "name", file) ?? defaultName;
        var title = Scalar(root, "title", file) ?? name;
        var language = Scalar(root, "language", file);
        if (language is not null and not ("en" or "ja"))
            throw new DefinitionException(file, Line(root, "language"), $"language '{language}' is not supported; expected en or ja.");
        var environments = Environments(root, file);

        var hasPanels = root.Children.ContainsKey(new YamlScalarNode("panels"));
        var hasSections = root.Children.ContainsKey(new YamlScalarNode("sections"));
        if (hasPanels && hasSections)
            throw new DefinitionException(file, Line(root, "sections"), "use either 'panels' (a dashboard) or 'sections' (a report), not both.");
        var sections = hasSections ? Sections(root, file) : Panels(root, file);
        var panels = sections.Where(s => s.Panel is not null).Select(s => new PanelDefinition(s.Panel!.Value, s.Title, s.Top)).ToList();

        var timeZone = Scalar(root, "time_zone", file);
        if (timeZone is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _))
            throw new DefinitionException(file, Line(root, "time_zone"), $"time_zone '{timeZone}' is not an IANA time zone; expected e.g. Asia/Tokyo, Europe/Berlin or UTC.");

        CronSchedule? schedule = null;
        if (Scalar(root, "schedule", file) is { } scheduleText && !CronSchedule.TryParse(scheduleText, out schedule, out var scheduleError))
            throw new DefinitionException(file, Line(root, "schedule"), scheduleError);

        var period = Scalar(root, "period", file) switch
        {
            null or "week" => ReportCadence.Weekly,
            "day" => ReportCadence.Daily,
            var other => throw new DefinitionException(file, Line(root, "period"), $"period '{other}' is not supported; expected week (the previous ISO week) or day (the previous day)."),
        };

        var (to, cc) = Recipients(root, file);
        return new DashboardDefinition(name, title, file, environments, language, panels)
        {
            Sections = sections,
            Audience = Scalar(root, "audience", file),
            Tenants = Tenants(root, file),
            TimeZone = timeZone,
            Schedule = schedule,
            To = to,
            Cc = cc,
            Period = period,
        };
    }

    private static List<SectionDefinition> Panels(YamlMappingNode root, string file)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode("panels"), out var panelsNode))
            throw new DefinitionException(file, Line(root), "missing 'panels' (a dashboard: '- panel: latency') or 'sections' (a report: '- section: findings').");
        if (panelsNode is not YamlSequenceNode panelList || panelList.Children.Count == 0)
            throw new DefinitionException(file, (int)panelsNode.Start.Line, "'panels' must be a non-empty list, e.g. '- panel: latency'.");

        var panels = new List<SectionDefinition>();
        foreach (var item in panelList.Children)
        {
            if (item is not YamlMappingNode panel)
                throw new DefinitionException(file, (int)item.Start.Line, "each panel must be a mapping, e.g. '- panel: latency'.");
            CheckKeys(panel, PanelKeys, file);
            var kindText = Scalar(panel, "panel", file)
                ?? throw new DefinitionException(file, (int)panel.Start.Line, "panel entry without 'panel:'; expected one of " + string.Join(", ", PanelNames.Keys) + ".");
            if (!PanelNames.TryGetValue(kindText, out var kind))
            {
                var hint = SectionNames.ContainsKey(kindText) ? $"'{kindText}' is a report section: list it under 'sections' as '- section: {kindText}'." : "";
                throw new DefinitionException(file, Line(panel, "panel"), $"unknown panel '{kindText}'; expected one of {string.Join(", ", PanelNames.Keys)}. {hint}".TrimEnd());
            }
            panels.Add(SectionDefinition.From(new PanelDefinition(kind, Scalar(panel, "title", file), Top(panel, file))));
        }
        return panels;
    }

    private static List<SectionDefinition> Sections(YamlMappingNode root, string file)
    {
        var node = root.Children[new YamlScalarNode("sections")];
        if (node is not YamlSequenceNode list || list.Children.Count == 0)
            throw new DefinitionException(file, (int)node.Start.Line, "'sections' must be a non-empty list, e.g. '- section: findings'.");
        var sections = new List<SectionDefinition>();
        foreach (var item in list.Children)
        {
            if (item is not YamlMappingNode section)
                throw new DefinitionException(file, (int)item.Start.Line, "each section must be a mapping, e.g. '- section: latency'.");
            CheckKeys(section, SectionKeys, file);
            var kindText = Scalar(section, "section", file)
                ?? throw new DefinitionException(file, (int)section.Start.Line, "section entry without 'section:'; expected one of " + string.Join(", ", SectionNames.Keys) + ".");
            if (!SectionNames.TryGetValue(kindText, out var kind))
                throw new DefinitionException(file, Line(section, "section"), $"unknown section '{kindText}'; expected one of {string.Join(", ", SectionNames.Keys)}.");
            sections.Add(new SectionDefinition(kind, Scalar(section, "title", file), Top(section, file)));
        }
        return sections;
    }

    private static int Top(YamlMappingNode entry, string file)
    {
        var top = 10;
        if (Scalar(entry, "top", file) is { } topText &&
            (!int.TryParse(topText, NumberStyles.None, CultureInfo.InvariantCulture, out top) || top is < 1 or > 100))
            throw new DefinitionException(file, Line(entry, "top"), $"'top' must be a whole number from 1 to 100, not '{topText}'.");
        return top;
    }

    private static IReadOnlyList<string> Environments(YamlMappingNode root, string file)
    {
        var list = SequenceOfScalars(root, "environments", file);
        if (Scalar(root, "environment", file) is not { } single)
            return list;
        if (list.Count > 0)
            throw new DefinitionException(file, Line(root, "environment"), "use either 'environment: prod' or 'environments: [prod, staging]', not both.");
        return [single];
    }

    /// <summary><c>tenants: [id, id]</c> or <c>tenants: top 5</c> (the five tenants with the most requests in the period).</summary>
    private static TenantScope? Tenants(YamlMappingNode root, string file)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode("tenants"), out var node))
            return null;
        const string Expected = "expected a list of tenant ids, e.g. [sakura-logistics, acme], or 'top 5' for the five tenants with the most requests.";
        if (node is YamlScalarNode scalar)
        {
            var match = TopPattern().Match(scalar.Value ?? "");
            if (!match.Success || !int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var top) || top is < 1 or > 50)
                throw new DefinitionException(file, (int)node.Start.Line, $"tenants '{scalar.Value}' is not understood; {Expected} (top 1 to 50)");
            return new TenantScope([], top);
        }
        if (node is not YamlSequenceNode seq || seq.Children.Count == 0 || seq.Children.Any(c => c is not YamlScalarNode s || string.IsNullOrWhiteSpace(s.Value)))
            throw new DefinitionException(file, (int)node.Start.Line, "tenants: " + Expected);
        var ids = seq.Children.Cast<YamlScalarNode>().Select(s => s.Value!.Trim()).ToList();
        var duplicate = ids.GroupBy(i => i, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new DefinitionException(file, (int)node.Start.Line, $"tenant '{duplicate.Key}' is listed twice.");
        return new TenantScope(ids, null);
    }

    /// <summary><c>recipients: {to: [a@x], cc: [b@x]}</c>; every address is checked here so a typo never waits for Monday.</summary>
    private static (IReadOnlyList<string> To, IReadOnlyList<string> Cc) Recipients(YamlMappingNode root, string file)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode("recipients"), out var node))
            return ([], []);
        if (node is not YamlMappingNode map)
            throw new DefinitionException(file, (int)node.Start.Line, "'recipients' must be a mapping with 'to' (and optionally 'cc'), e.g. 'to: [pm@example.com]'.");
        CheckKeys(map, RecipientKeys, file);
        var to = Addresses(map, "to", file);
        var cc = Addresses(map, "cc", file);
        if (to.Count == 0)
            throw new DefinitionException(file, (int)node.Start.Line, "'recipients' needs at least one address under 'to'.");
        return (to, cc);
    }

    private static IReadOnlyList<string> Addresses(YamlMappingNode map, string key, string file)
    {
        if (!map.Children.TryGetValue(new YamlScalarNode(key), out var node))
            return [];
        IReadOnlyList<YamlNode> items = node switch
        {
            YamlScalarNode => [node],
            YamlSequenceNode seq => seq.Children.ToList(),
            _ => throw new DefinitionException(file, (int)node.Start.Line, $"'{key}' must be an address or a list of addresses."),
        };
        var result = new List<string>();
        foreach (var item in items)
        {
            var text = (item as YamlScalarNode)?.Value?.Trim();
            if (string.IsNullOrEmpty(text) || !MailAddress.TryCreate(text, out _))
                throw new DefinitionException(file, (int)item.Start.Line, $"'{text}' in '{key}' is not an email address; expected e.g. pm@example.com or \"PM Team <pm@example.com>\".");
            result.Add(text);
        }
        return result;
    }

    private static void CheckKeys(YamlMappingNode node, string[] allowed, string file)
    {
        foreach (var key in node.Children.Keys)
        {
            var text = (key as YamlScalarNode)?.Value ?? "";
            if (!allowed.Contains(text))
                throw new DefinitionException(file, (int)key.Start.Line, $"unknown key '{text}'; expected one of {string.Join(", ", allowed)}.");
        }
    }

    private static string? Scalar(YamlMappingNode node, string key, string file)
    {
        if (!node.Children.TryGetValue(new YamlScalarNode(key), out var value))
            return null;
        if (value is not YamlScalarNode scalar)
            throw new DefinitionException(file, (int)value.Start.Line, $"'{key}' must be a single value.");
        return string.IsNullOrWhiteSpace(scalar.Value) ? null : scalar.Value;
    }

    private static IReadOnlyList<string> SequenceOfScalars(YamlMappingNode node, string key, string file)
    {
        if (!node.Children.TryGetValue(new YamlScalarNode(key), out var value))
            return [];
        if (value is not YamlSequenceNode seq || seq.Children.Any(c => c is not YamlScalarNode))
            throw new DefinitionException(file, (int)value.Start.Line, $"'{key}' must be a list of names, e.g. [prod, staging].");
        return seq.Children.Cast<YamlScalarNode>().Select(s => s.Value ?? "").ToList();
    }

    /// <summary>The line of <paramref name="key"/> itself (a block value starts on a later line), else of the mapping.</summary>
    private static int Line(YamlMappingNode node, string? key = null) =>
        key is not null && node.Children.Keys.FirstOrDefault(k => k is YamlScalarNode s && s.Value == key) is { } found ? (int)found.Start.Line : (int)node.Start.Line;

    [GeneratedRegex(@"^\s*top\s+(\d+)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TopPattern();
}
