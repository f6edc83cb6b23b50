using OpsReport.Core.Dashboards;
using OpsReport.Core.Panels;
using OpsReport.Core.Tests.Support;

namespace OpsReport.Core.Tests.Dashboards;

public sealed class DashboardLoaderTests : IDisposable
{
    private const string File = "dashboards/test.yaml";

    private readonly string _tempDir = Path.Combine(Path.GetTempPath(), "opsreport-dashboards-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_tempDir))
            Directory.Delete(_tempDir, recursive: true);
    }

    private static DefinitionException ParseFails(string yaml) =>
        Assert.Throws<DefinitionException>(() => DashboardLoader.Parse(yaml, File, "test"));

    private static void AssertLocated(DefinitionException e, int line, string says)
    {
        Assert.StartsWith($"{File}:{line}: ", e.Message, StringComparison.Ordinal);
        Assert.Equal(File, e.File);
        Assert.Equal(line, e.Line);
        Assert.Contains(says, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadDirectory_RepositoryDashboards_LoadStandupAndWeekly()
    {
        var definitions = DashboardLoader.LoadDirectory(Path.Combine(RepositoryRoot.Find(), "dashboards"));

        Assert.Equal(["standup", "weekly"], definitions.Select(d => d.Name));
        var allKinds = Enum.GetValues<PanelKind>();
        Assert.All(definitions, d => Assert.Equal(allKinds, d.Panels.Select(p => p.Kind)));
        Assert.All(definitions, d => Assert.All(d.Panels, p => Assert.False(string.IsNullOrWhiteSpace(p.Title))));

        var standup = definitions[0];
        Assert.Equal("Daily stand-up", standup.Title);
        Assert.Empty(standup.Environments);
        Assert.Null(standup.Language);
        Assert.Equal([8, 8, 10, 8, 8], standup.Panels.Select(p => p.Top));

        var weekly = definitions[1];
        Assert.Equal("Weekly performance report", weekly.Title);
        Assert.Equal(["prod", "staging"], weekly.Environments);
        Assert.Equal("en", weekly.Language);
        Assert.EndsWith("weekly.yaml", weekly.SourceFile, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MinimalDefinition_UsesFileNameAsNameAndTopTen()
    {
        var definition = DashboardLoader.Parse("panels:\n  - panel: cost\n", File, "ops-weekly");

        Assert.Equal("ops-weekly", definition.Name);
        Assert.Equal("ops-weekly", definition.Title);
        Assert.Equal([new PanelDefinition(PanelKind.Cost, null, 10)], definition.Panels);
    }

    [Fact]
    public void Parse_MalformedYaml_ReportsFileAndLineOfTheMistake()
    {
        const string yaml = """
            name: broken
            title: Broken
            panels:
              - panel: latency
                top: 3
               title: misaligned
            """;

        var e = ParseFails(yaml);

        AssertLocated(e, 6, "malformed YAML");
    }

    [Theory]
    [InlineData("[prod, staging")]
    [InlineData("{prod: 1")]
    public void Parse_FlowCollectionLeftOpen_ReportsTheLineWhereItOpens(string environments)
    {
        var yaml = $"name: broken\nenvironments: {environments}\npanels:\n  - panel: latency\n";

        AssertLocated(ParseFails(yaml), 2, "malformed YAML");
    }

    [Fact]
    public void Parse_DuplicateKey_ReportsTheSecondOne()
    {
        AssertLocated(ParseFails("name: x\nname: y\npanels:\n  - panel: cost\n"), 2, "malformed YAML");
    }

    [Fact]
    public void Parse_UnknownTopLevelKey_ReportsItsLine()
    {
        const string yaml = """
            # comment lines count
            name: x
            titel: Typo
            panels:
              - panel: latency
            """;

        AssertLocated(ParseFails(yaml), 3, "unknown key 'titel'; expected one of name, title, environments, language, panels");
    }

    [Fact]
    public void Parse_UnknownPanelKey_ReportsItsLine()
    {
        const string yaml = """
            name: x
            panels:
              - panel: latency
                top: 5
              - panel: memory
                tpo: 5
            """;

        AssertLocated(ParseFails(yaml), 6, "unknown key 'tpo'");
    }

    [Fact]
    public void Parse_UnknownPanelKind_ReportsItsLineAndTheKnownKinds()
    {
        const string yaml = """
            name: x
            panels:
              - panel: latency
              - panel: cpu
                title: CPU
            """;

        AssertLocated(ParseFails(yaml), 4, "unknown panel 'cpu'; expected one of latency, slow_tenants, memory, log_volume, cost.");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("101")]
    [InlineData("-3")]
    [InlineData("ten")]
    [InlineData("2.5")]
    public void Parse_BadTop_ReportsItsLine(string top)
    {
        var yaml = $"name: x\npanels:\n  - panel: latency\n    title: Latency\n    top: {top}\n";

        AssertLocated(ParseFails(yaml), 5, $"'top' must be a whole number from 1 to 100, not '{top}'");
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData("100", 100)]
    public void Parse_TopAtTheLimits_IsAccepted(string top, int expected)
    {
        var definition = DashboardLoader.Parse($"panels:\n  - panel: latency\n    top: {top}\n", File, "x");

        Assert.Equal(expected, definition.Panels[0].Top);
    }

    [Fact]
    public void Parse_UnsupportedLanguage_ReportsItsLine()
    {
        AssertLocated(ParseFails("name: x\nlanguage: de\npanels:\n  - panel: cost\n"), 2, "language 'de' is not supported");
    }

    [Fact]
    public void Parse_EnvironmentsNotAList_ReportsItsLine()
    {
        AssertLocated(ParseFails("name: x\nenvironments: prod\npanels:\n  - panel: cost\n"), 2, "'environments' must be a list");
    }

    [Fact]
    public void Parse_MissingPanels_ReportsTheDefinition()
    {
        AssertLocated(ParseFails("name: x\ntitle: No panels\n"), 1, "missing 'panels'");
    }

    [Fact]
    public void Parse_EmptyPanels_ReportsItsLine()
    {
        AssertLocated(ParseFails("name: x\npanels: []\n"), 2, "'panels' must be a non-empty list");
    }

    [Fact]
    public void Parse_PanelWithoutKind_ReportsItsLine()
    {
        AssertLocated(ParseFails("name: x\npanels:\n  - panel: cost\n  - title: Orphan\n"), 4, "panel entry without 'panel:'");
    }

    [Fact]
    public void Parse_NotAMapping_ReportsLineOne()
    {
        AssertLocated(ParseFails("- panel: latency\n"), 1, "expected a mapping");
    }

    [Fact]
    public void LoadDirectory_BadFile_MessageStartsWithThatFilesPathAndLine()
    {
        Directory.CreateDirectory(_tempDir);
        var good = Path.Combine(_tempDir, "a.yaml");
        var bad = Path.Combine(_tempDir, "b.yaml");
        System.IO.File.WriteAllText(good, "panels:\n  - panel: cost\n");
        System.IO.File.WriteAllText(bad, "name: b\npanels:\n  - panel: latency\n    top: many\n");

        var e = Assert.Throws<DefinitionException>(() => DashboardLoader.LoadDirectory(_tempDir));

        Assert.Equal(bad, Path.GetFullPath(e.File));
        Assert.Equal(4, e.Line);
        Assert.StartsWith($"{e.File}:4: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadDirectory_TwoFilesWithTheSameName_IsAnError()
    {
        Directory.CreateDirectory(_tempDir);
        System.IO.File.WriteAllText(Path.Combine(_tempDir, "a.yaml"), "name: same\npanels:\n  - panel: cost\n");
        System.IO.File.WriteAllText(Path.Combine(_tempDir, "b.yaml"), "name: same\npanels:\n  - panel: memory\n");

        var e = Assert.Throws<DefinitionException>(() => DashboardLoader.LoadDirectory(_tempDir));

        Assert.EndsWith("b.yaml", e.File, StringComparison.Ordinal);
        Assert.Contains("name 'same' is already used", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadDirectory_MissingFolder_IsADefinitionException()
    {
        var e = Assert.Throws<DefinitionException>(() => DashboardLoader.LoadDirectory(_tempDir));

        Assert.Contains("dashboards folder not found", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(PanelKind.Latency, "latency")]
    [InlineData(PanelKind.SlowTenants, "slow_tenants")]
    [InlineData(PanelKind.LogVolume, "log_volume")]
    public void PanelName_Kind_IsTheYamlName(PanelKind kind, string name)
    {
        Assert.Equal(name, DashboardLoader.PanelName(kind));
    }
}
