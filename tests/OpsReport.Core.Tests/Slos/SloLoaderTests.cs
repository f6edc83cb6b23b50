using OpsReport.Core.Dashboards;
using OpsReport.Core.Slos;
using OpsReport.Core.Tests.Support;

namespace OpsReport.Core.Tests.Slos;

public sealed class SloLoaderTests
{
    private const string File = "dashboards/slos.yaml";
    private static readonly string[] Environments = ["prod", "staging"];

    private const string Valid = """
        - name: exports-fast
          title: Exports download quickly
          title_ja: エクスポートが速い
          environment: prod
          sli: latency
          path: /api/exports/{id}/download
          threshold: 2s
          objective: 99.0%
          window: 28d
          per_tenant: true
        - name: api-up
          title: API up
          environment: staging
          sli: availability
          service: api
          path: "*"
          objective: 99.95%
          window: calendar month
        """;

    private static DefinitionException ParseFails(string yaml) =>
        Assert.Throws<DefinitionException>(() => SloLoader.Parse(yaml, File, Environments));

    private static void AssertLocated(DefinitionException e, int line, string says)
    {
        Assert.StartsWith($"{File}:{line}: ", e.Message, StringComparison.Ordinal);
        Assert.Equal(line, e.Line);
        Assert.Contains(says, e.Message, StringComparison.Ordinal);
    }

    // Replaces one line of the valid file (1-based), so each mistake sits on a known line.
    private static string WithLine(int line, string text)
    {
        var lines = Valid.Split('\n').ToList();
        lines[line - 1] = text;
        return string.Join('\n', lines);
    }

    [Fact]
    public void Parse_ValidFile_ReadsEveryKey()
    {
        var slos = SloLoader.Parse(Valid, File, Environments);

        Assert.Equal(2, slos.Count);
        var exports = slos[0];
        Assert.Equal(("exports-fast", "Exports download quickly", "エクスポートが速い", "prod"), (exports.Name, exports.Title, exports.TitleJa, exports.Environment));
        Assert.Equal(SliKind.Latency, exports.Sli);
        Assert.Null(exports.Service);
        Assert.Equal("/api/exports/{id}/download", exports.Path);
        Assert.Equal(TimeSpan.FromSeconds(2), exports.Threshold);
        Assert.Equal(0.99, exports.Objective, 12);
        Assert.Equal(SloWindow.Rolling(28), exports.Window);
        Assert.True(exports.PerTenant);
        Assert.Equal(5, exports.Top);
        Assert.Equal((File, 1), (exports.SourceFile, exports.Line));
        Assert.Equal("エクスポートが速い", exports.TitleIn("ja"));
        Assert.Equal("Exports download quickly", exports.TitleIn("en"));

        var api = slos[1];
        Assert.Equal((SliKind.Availability, "api", "*", (TimeSpan?)null), (api.Sli, api.Service, api.Path, api.Threshold));
        Assert.Equal(0.9995, api.Objective, 12);
        Assert.Equal(SloWindow.Month, api.Window);
        Assert.False(api.PerTenant);
        Assert.Equal("API up", api.TitleIn("ja"));
        Assert.Equal(11, api.Line);
    }

    [Theory]
    [InlineData("  threshold: 300ms", 300)]
    [InlineData("  threshold: 1.5s", 1500)]
    [InlineData("  threshold: 2s", 2000)]
    public void Parse_ThresholdForms_AreWholeMilliseconds(string line, int ms)
    {
        var slo = SloLoader.Parse(WithLine(7, line), File, Environments)[0];

        Assert.Equal(TimeSpan.FromMilliseconds(ms), slo.Threshold);
    }

    [Theory]
    [InlineData(2, "  titel: Exports", 2, "unknown key 'titel'")]
    [InlineData(5, "  sli: speed", 5, "sli 'speed' is not supported; expected latency or availability")]
    [InlineData(7, "  threshold: fast", 7, "threshold 'fast' is not understood")]
    [InlineData(7, "  threshold: 0.5ms", 7, "threshold '0.5ms' is not understood")]
    [InlineData(8, "  objective: 100%", 8, "objective '100%' is not understood; expected a percentage above 0 and below 100")]
    [InlineData(8, "  objective: 0.99", 8, "objective '0.99' is not understood")]
    [InlineData(9, "  window: 4w", 9, "window '4w' is not understood")]
    [InlineData(9, "  window: 91d", 9, "window '91d' is not understood")]
    [InlineData(10, "  per_tenant: yes please", 10, "per_tenant 'yes please' must be true or false")]
    [InlineData(4, "  environment: produciton", 4, "environment 'produciton' is not configured; expected one of prod, staging")]
    [InlineData(1, "- name: Exports Fast", 1, "name 'Exports Fast' must be lower-case letters")]
    [InlineData(6, "  path: [a, b]", 6, "'path' must be a single value")]
    public void Parse_Mistake_NamesFileLineAndExpectation(int line, string text, int expectedLine, string says)
    {
        AssertLocated(ParseFails(WithLine(line, text)), expectedLine, says);
    }

    [Fact]
    public void Parse_ThresholdOnAvailability_IsRejectedAtItsLine()
    {
        var yaml = Valid + "\n  threshold: 2s";

        AssertLocated(ParseFails(yaml), 19, "'threshold' applies to latency SLIs only");
    }

    [Fact]
    public void Parse_LatencyWithoutThreshold_IsRejectedAtTheEntry()
    {
        AssertLocated(ParseFails(WithLine(7, "  service: api")), 1, "a latency SLI needs 'threshold'");
    }

    [Fact]
    public void Parse_DuplicateName_NamesBothLines()
    {
        var yaml = Valid.Replace("name: api-up", "name: exports-fast", StringComparison.Ordinal);

        AssertLocated(ParseFails(yaml), 11, "name 'exports-fast' is already used by the SLO on line 1");
    }

    [Fact]
    public void Parse_MissingRequiredKey_NamesTheKey()
    {
        AssertLocated(ParseFails(WithLine(8, "  service: api")), 1, "missing 'objective'; expected a percentage such as 99.0%");
    }

    [Fact]
    public void Parse_TopWithoutPerTenant_IsRejected()
    {
        var yaml = Valid + "\n  top: 3";

        AssertLocated(ParseFails(yaml), 19, "'top' applies only with 'per_tenant: true'");
    }

    [Fact]
    public void Parse_NotAList_SaysWhatIsExpected()
    {
        AssertLocated(ParseFails("name: x\ntitle: y"), 1, "expected a list of SLOs");
    }

    [Fact]
    public void Parse_MalformedYaml_NamesTheLine()
    {
        var e = ParseFails("- name: a\n  title: [unclosed\n");

        Assert.StartsWith($"{File}:", e.Message, StringComparison.Ordinal);
        Assert.Contains("malformed YAML", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownEnvironmentWithoutCatalog_IsAccepted()
    {
        var slos = SloLoader.Parse(WithLine(4, "  environment: elsewhere"), File, null);

        Assert.Equal("elsewhere", slos[0].Environment);
    }

    [Fact]
    public void LoadFile_MissingFile_MeansNoSlos()
    {
        Assert.Empty(SloLoader.LoadFile(Path.Combine(Path.GetTempPath(), "no-such-" + Guid.NewGuid().ToString("N"), "slos.yaml"), Environments));
    }

    [Fact]
    public void LoadFile_RepositorySlos_LoadAgainstTheDemoEnvironments()
    {
        var slos = SloLoader.LoadFile(Path.Combine(RepositoryRoot.Find(), "dashboards", SloLoader.FileName), ["prod", "staging", "demo"]);

        Assert.Contains(slos, s => s.Sli == SliKind.Latency && s.PerTenant && s.Path == "/api/exports/{id}/download");
        Assert.Contains(slos, s => s.Sli == SliKind.Availability && s.Path == "*");
        Assert.All(slos, s => Assert.False(string.IsNullOrWhiteSpace(s.TitleJa)));
    }
}
