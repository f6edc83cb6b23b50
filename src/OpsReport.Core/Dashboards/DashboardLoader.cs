using System.Globalization;
using OpsReport.Core.Panels;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OpsReport.Core.Dashboards;

/// <summary>Reads and validates <c>dashboards/*.yaml</c>; every mistake is reported with file, line and what was expected.</summary>
public static class DashboardLoader
{
    private static readonly Dictionary<string, PanelKind> PanelNames = new(StringComparer.Ordinal)
    {
        ["latency"] = PanelKind.Latency,
        ["slow_tenants"] = PanelKind.SlowTenants,
        ["memory"] = PanelKind.Memory,
        ["log_volume"] = PanelKind.LogVolume,
        ["cost"] = PanelKind.Cost,
    };

    private static readonly string[] TopLevelKeys = ["name", "title", "environments", "language", "panels"];
    private static readonly string[] PanelKeys = ["panel", "title", "top"];

    public static string PanelName(PanelKind kind) => PanelNames.First(kv => kv.Value == kind).Key;

    /// <summary>Loads every <c>*.yaml</c> in the folder; throws <see cref="DefinitionException"/> on the first mistake.</summary>
    public static IReadOnlyList<DashboardDefinition> LoadDirectory(string directory)
    {
        if (!Directory.Exists(directory))
            throw new DefinitionException(directory, 0, "dashboards folder not found (set OpsReport:DashboardsDir or run from the repository root).");
        var result = Directory.EnumerateFiles(directory, "*.yaml").Order(StringComparer.Ordinal).Select(LoadFile).ToList();
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
        var stream = new YamlStream();
        var parser = new Parser(new StringReader(yaml));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            throw new DefinitionException(file, (int)e.Start.Line, "malformed YAML: " + (e.InnerException?.Message ?? e.Message));
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet 16 throws this instead of a YamlException for a [ or { left open across lines;
            // the last event it parsed is where the collection was left open.
            throw new DefinitionException(file, (int)(parser.Current?.End.Line ?? 1), "malformed YAML: a [ or { is not closed, or a value runs on where it should end.");
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new DefinitionException(file, 1, "expected a mapping with 'name', 'title' and 'panels'.");

        CheckKeys(root, TopLevelKeys, file);
        var name = Scalar(root, "name", file) ?? defaultName;
        var title = Scalar(root, "title", file) ?? name;
        var language = Scalar(root, "language", file);
        if (language is not null and not ("en" or "ja"))
            throw new DefinitionException(file, Line(root, "language"), $"language '{language}' is not supported; expected en or ja.");
        var environments = SequenceOfScalars(root, "environments", file);

        if (!root.Children.TryGetValue(new YamlScalarNode("panels"), out var panelsNode))
            throw new DefinitionException(file, Line(root), "missing 'panels': a list of panels, e.g. '- panel: latency'.");
        if (panelsNode is not YamlSequenceNode panelList || panelList.Children.Count == 0)
            throw new DefinitionException(file, (int)panelsNode.Start.Line, "'panels' must be a non-empty list, e.g. '- panel: latency'.");

        var panels = new List<PanelDefinition>();
        foreach (var item in panelList.Children)
        {
            if (item is not YamlMappingNode panel)
                throw new DefinitionException(file, (int)item.Start.Line, "each panel must be a mapping, e.g. '- panel: latency'.");
            CheckKeys(panel, PanelKeys, file);
            var kindText = Scalar(panel, "panel", file)
                ?? throw new DefinitionException(file, (int)panel.Start.Line, "panel entry without 'panel:'; expected one of " + string.Join(", ", PanelNames.Keys) + ".");
            if (!PanelNames.TryGetValue(kindText, out var kind))
                throw new DefinitionException(file, Line(panel, "panel"), $"unknown panel '{kindText}'; expected one of {string.Join(", ", PanelNames.Keys)}.");
            var top = 10;
            if (Scalar(panel, "top", file) is { } topText &&
                (!int.TryParse(topText, NumberStyles.None, CultureInfo.InvariantCulture, out top) || top is < 1 or > 100))
                throw new DefinitionException(file, Line(panel, "top"), $"'top' must be a whole number from 1 to 100, not '{topText}'.");
            panels.Add(new PanelDefinition(kind, Scalar(panel, "title", file), top));
        }
        return new DashboardDefinition(name, title, file, environments, language, panels);
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

    private static int Line(YamlMappingNode node, string? key = null) =>
        key is not null && node.Children.TryGetValue(new YamlScalarNode(key), out var v) ? (int)v.Start.Line : (int)node.Start.Line;
}
