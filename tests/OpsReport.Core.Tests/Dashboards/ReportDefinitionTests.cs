using OpsReport.Core.Dashboards;
using OpsReport.Core.Panels;
using OpsReport.Core.Tests.Support;

namespace OpsReport.Core.Tests.Dashboards;

/// <summary>The report fields of a definition: who, when, where to, which tenants, which sections; mistakes located as file:line.</summary>
public sealed class ReportDefinitionTests
{
    private const string File = "dashboards/report.yaml";

    private static DefinitionException ParseFails(string yaml) =>
        Assert.Throws<DefinitionException>(() => DashboardLoader.Parse(yaml, File, "report"));

    private static void AssertLocated(DefinitionException e, int line, string says)
    {
        Assert.StartsWith($"{File}:{line}: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(says, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_FullReport_ReadsEveryField()
    {
        var definition = DashboardLoader.Parse("""
            name: customers
            title: Weekly report for our customers
            audience: Customer success
            environment: prod
            language: ja
            time_zone: Europe/Berlin
            schedule: weekly Monday 09:00
            period: day
            tenants: [sakura-logistics, acme]
            recipients:
              to: [cs@example.com, "PM Team <pm@example.com>"]
              cc: lead@example.com
            sections:
              - section: findings
                top: 5
              - section: slow_tenants
                title: Your latency per path
              - section: coverage
            """, File, "x");

        Assert.Equal("customers", definition.Name);
        Assert.Equal("Customer success", definition.Audience);
        Assert.Equal(["prod"], definition.Environments);
        Assert.Equal("ja", definition.Language);
        Assert.Equal("Europe/Berlin", definition.TimeZone);
        Assert.Equal("0 9 * * 1", definition.Schedule!.Cron);
        Assert.Equal(ReportCadence.Daily, definition.Period);
        Assert.Equal(["sakura-logistics", "acme"], definition.Tenants!.Ids);
        Assert.Null(definition.Tenants.Top);
        Assert.Equal(["cs@example.com", "PM Team <pm@example.com>"], definition.To);
        Assert.Equal(["lead@example.com"], definition.Cc);
        Assert.Equal([SectionKind.Findings, SectionKind.SlowTenants, SectionKind.Coverage], definition.Sections.Select(s => s.Kind));
        Assert.Equal(5, definition.Sections[0].Top);
        // Only the dashboard panels among the sections are composed as panels.
        Assert.Equal([new PanelDefinition(PanelKind.SlowTenants, "Your latency per path", 10)], definition.Panels);
    }

    [Fact]
    public void Parse_TopTenants_IsAScopeByTraffic()
    {
        var definition = DashboardLoader.Parse("tenants: top 3\nsections:\n  - section: latency\n", File, "x");

        Assert.Equal(3, definition.Tenants!.Top);
        Assert.Empty(definition.Tenants.Ids);
    }

    [Fact]
    public void Parse_DashboardWithoutReportFields_HasTheDefaults()
    {
        var definition = DashboardLoader.Parse("panels:\n  - panel: cost\n", File, "x");

        Assert.Null(definition.Schedule);
        Assert.Null(definition.TimeZone);
        Assert.Null(definition.Tenants);
        Assert.Empty(definition.To);
        Assert.Equal(ReportCadence.Weekly, definition.Period);
        Assert.Equal([SectionKind.Cost], definition.Sections.Select(s => s.Kind));
    }

    [Fact]
    public void LoadDirectory_RepositoryWeekly_IsScheduledWithFindingsFirstAndCoverageLast()
    {
        var weekly = DashboardLoader.LoadDirectory(Path.Combine(RepositoryRoot.Find(), "dashboards")).Single(d => d.Name == "weekly");

        Assert.Equal("weekly Monday 09:00", weekly.Schedule!.Text);
        Assert.Equal(SectionKind.Findings, weekly.Sections[0].Kind);
        Assert.Equal(SectionKind.Coverage, weekly.Sections[^1].Kind);
        Assert.Equal(8, weekly.Sections.Count);
        Assert.Equal(SectionKind.Slos, weekly.Sections[1].Kind);
        Assert.False(string.IsNullOrWhiteSpace(weekly.Audience));
    }

    [Theory]
    [InlineData("time_zone: Tokyo\nsections:\n  - section: latency\n", 1, "time_zone 'Tokyo' is not an IANA time zone")]
    [InlineData("name: x\nschedule: every monday\nsections:\n  - section: latency\n", 2, "schedule 'every monday' is not understood")]
    [InlineData("schedule: 0 25 * * 1\nsections:\n  - section: latency\n", 1, "between 0 and 23")]
    [InlineData("period: month\nsections:\n  - section: latency\n", 1, "period 'month' is not supported; expected week")]
    [InlineData("tenants: top ten\nsections:\n  - section: latency\n", 1, "tenants 'top ten' is not understood")]
    [InlineData("tenants: [a, a]\nsections:\n  - section: latency\n", 1, "tenant 'a' is listed twice")]
    [InlineData("recipients:\n  to: [pm@example.com]\n  bcc: [x@example.com]\nsections:\n  - section: latency\n", 3, "unknown key 'bcc'; expected one of to, cc")]
    [InlineData("recipients:\n  to:\n    - pm@example.com\n    - not an address\nsections:\n  - section: latency\n", 4, "'not an address' in 'to' is not an email address")]
    [InlineData("recipients:\n  cc: [pm@example.com]\nsections:\n  - section: latency\n", 2, "needs at least one address under 'to'")]
    [InlineData("sections:\n  - section: latency\n  - section: cpu\n", 3, "unknown section 'cpu'; expected one of findings, latency")]
    [InlineData("sections:\n  - panel: latency\n", 2, "unknown key 'panel'; expected one of section, title, top")]
    [InlineData("panels:\n  - panel: findings\n", 2, "'findings' is a report section: list it under 'sections'")]
    [InlineData("panels:\n  - panel: cost\nsections:\n  - section: cost\n", 3, "use either 'panels' (a dashboard) or 'sections' (a report), not both")]
    [InlineData("environment: prod\nenvironments: [prod]\npanels:\n  - panel: cost\n", 1, "use either 'environment: prod' or 'environments")]
    public void Parse_ReportMistake_IsLocatedWithWhatIsExpected(string yaml, int line, string says)
    {
        AssertLocated(ParseFails(yaml), line, says);
    }
}
