using OpsReport.Core.Charts;
using OpsReport.Core.Configuration;
using OpsReport.Core.Dashboards;
using OpsReport.Core.Domain;
using OpsReport.Core.Panels;
using OpsReport.Reports.Email;
using OpsReport.Reports.Outbox;
using OpsReport.Reports.Pdf;
using OpsReport.Reports.Tests.Support;

namespace OpsReport.Reports.Tests;

/// <summary>What a report says: the cover's sentences from findings, per-tenant variants, days and ranges, and render speed.</summary>
public sealed class ReportContentTests
{
    private static readonly ReportRequest Weekly = new("weekly", Period: WeeklyDataset.Period);

    private static readonly Finding SakuraSlow = Finding(FindingKind.SlowTenant, "sakura-logistics:/api/export/{id}", Severity.Critical, 3,
        "株式会社サクラ物流 has been slow on /api/export/{id} since Thu 19 Nov: p95 2,650 ms vs 780 ms for the other tenants",
        new Dictionary<string, string> { ["tenant"] = WeeklyDataset.SakuraId });

    private static readonly Finding GlobexSlow = Finding(FindingKind.SlowTenant, "globex:/api/reports/{id}", Severity.Warning, 2,
        "Globex has been slow on /api/reports/{id} since Wed 18 Nov: p95 270 ms vs 230 ms",
        new Dictionary<string, string> { ["tenant"] = "globex" });

    private static readonly Finding MemoryLeak = Finding(FindingKind.MemoryTrend, "api", Severity.Warning, 4,
        "Memory of api (prod) grows 1.2 points a day between restarts; it would reach 90% in about 9 days", new Dictionary<string, string>());

    private static readonly Finding OldCost = Finding(FindingKind.CostMover, "AmazonS3", Severity.Info, 40, "S3 cost moved in October", new Dictionary<string, string>()) with
    {
        State = FindingState.Resolved,
        End = WeeklyDataset.Week46.Start.AddDays(-14),
    };

    [Fact]
    public async Task BuildAsync_Findings_AreTheCoverSentencesMostSevereFirstAndTheFindingsSection()
    {
        await using var host = await ReportTestHost.CreateAsync();
        await host.Store.UpsertFindingsAsync([GlobexSlow, SakuraSlow, MemoryLeak, OldCost]);

        var document = await host.Get<WeeklyReportBuilder>().BuildAsync(Weekly);

        Assert.Equal(3, document.Highlights.Count);
        Assert.StartsWith("株式会社サクラ物流 has been slow", document.Highlights[0]);
        Assert.EndsWith(".", document.Highlights[0]);
        Assert.DoesNotContain(document.Highlights, h => h.Contains("October", StringComparison.Ordinal)); // resolved before the week
        var section = document.Sections[0];
        Assert.Equal(SectionKind.Findings, section.Kind);
        Assert.Equal(["Critical", "Warning", "Warning"], section.Items.Select(i => i.Label));
        Assert.Contains("since 2026-11-", section.Items[0].Detail);
    }

    [Fact]
    public async Task BuildAsync_NoFindings_CoverFallsBackToTheHeadlineNumbers()
    {
        await using var host = await ReportTestHost.CreateAsync();

        var document = await host.Get<WeeklyReportBuilder>().BuildAsync(Weekly);

        Assert.Equal(3, document.Highlights.Count);
        Assert.StartsWith("p95 latency, busiest path, 2026-W47: 265 ms (+20", document.Highlights[0]);
        Assert.Contains(WeeklyDataset.SakuraName, document.Highlights[1]);
        var section = document.Sections.Single(s => s.Kind == SectionKind.Findings);
        Assert.Empty(section.Items);
        Assert.Equal("No findings were open during this period.", Assert.Single(section.Notes));
    }

    [Fact]
    public async Task RenderAsync_TenantVariant_ShowsThatTenantsPathsAgainstTheOthersAndNoOtherTenant()
    {
        await using var host = await ReportTestHost.CreateAsync();
        await host.Store.UpsertFindingsAsync([GlobexSlow, SakuraSlow, MemoryLeak]);
        var path = host.TempFile("sakura.pdf");

        var result = await host.Get<ReportRenderer>().RenderToFileAsync(Weekly with { Tenant = WeeklyDataset.SakuraId }, path);
        TestArtifacts.Keep(path, "weekly-sakura-findings.pdf");

        var text = Poppler.Text(path);
        Assert.Contains("株式会社サクラ物流 has been slow on /api/export/{id}", text);
        Assert.DoesNotContain("Memory of api", text); // about the environment's services, not the tenant
        Assert.DoesNotContain("Globex", text);
        Assert.DoesNotContain("Acme Corporation", text);
        // Sakura's p95 on its slow path, against the median of the other tenants.
        Assert.Contains(text.Split('\n'), l => l.Contains("/api/export/{id}", StringComparison.Ordinal) && l.Contains("2.65 s", StringComparison.Ordinal)
            && l.Contains("780 ms", StringComparison.Ordinal) && l.Contains("3.4×", StringComparison.Ordinal));
        Assert.True(result.PageCount >= 2);
    }

    [Fact]
    public async Task SendAllAsync_TenantScopedDefinition_SendsOneReportPerTenantToItsRecipients()
    {
        using var data = new TempFolder();
        var dashboards = ReportTestHost.DashboardsWith(data.Path, ("customers.yaml", """
            name: customers
            title: Weekly report for our largest customers
            audience: Customer success
            environments: [prod]
            tenants: top 2
            recipients:
              to: [cs-lead@example.com]
              cc: [pm@example.com]
            sections:
              - section: findings
              - section: slow_tenants
                title: Latency per path against the other tenants
              - section: latency
            """));
        await using var host = await ReportTestHost.CreateAsync(new Dictionary<string, string?> { ["OpsReport:DashboardsDir"] = dashboards }, dataDir: data.Path);
        var sender = host.Get<ReportSender>();

        var results = await sender.SendAllAsync(new ReportRequest("customers", Period: WeeklyDataset.Period));

        // The busiest tenants by requests in the week: Globex (30,000), then Acme (9,000).
        Assert.Equal(["globex", "acme"], results.Select(r => r.Tenant));
        Assert.All(results, r => Assert.Equal(SendStatus.Sent, r.Status));
        Assert.Equal("customers|prod|2026-W47|globex|cs-lead@example.com;cc:pm@example.com", results[0].Key);
        var eml = EmlFile.Parse(results[1].Location!);
        Assert.Equal("[OpsReport] Acme Cloud prod — week of 2026-11-16 — Acme Corporation", eml.Subject);
        Assert.Contains("cs-lead@example.com", Assert.Single(eml.To));
        Assert.Contains("pm@example.com", Assert.Single(eml.Cc!));
        Assert.All(await sender.SendAllAsync(new ReportRequest("customers", Period: WeeklyDataset.Period)), r => Assert.Equal(SendStatus.AlreadySent, r.Status));
    }

    [Fact]
    public async Task BuildAsync_Day_ComparesWithTheSameWeekdayAWeekEarlierFromDayRollups()
    {
        await using var host = await ReportTestHost.CreateAsync();

        var document = await host.Get<WeeklyReportBuilder>().BuildAsync(Weekly with { Period = "2026-11-18" });

        Assert.Equal(ReportPeriodKind.Day, document.Period.Kind);
        Assert.Equal("2026-11-11", document.PreviousPeriodName);
        var latency = document.Panels.Single(p => p.Kind == PanelKind.Latency).Table;
        Assert.Equal("p95 2026-11-18", latency.Columns[1]);
        var reports = latency.Rows.Single(r => r[0].Text == WeeklyDataset.ReportsPath);
        Assert.Equal(265, reports[1].Value);
        Assert.Equal(220, reports[2].Value);
        Assert.Equal("[OpsReport] Acme Cloud prod — 2026-11-18", OpsReport.Reports.Email.ReportEmailComposer.Subject(document));
    }

    [Fact]
    public async Task BuildAsync_CustomRange_SumsCountsButNeverBlendsPercentiles()
    {
        await using var host = await ReportTestHost.CreateAsync();

        var document = await host.Get<WeeklyReportBuilder>().BuildAsync(Weekly with { Period = "2026-11-16..2026-11-18" });

        Assert.Equal("2026-11-13..2026-11-15", document.PreviousPeriodName);
        var latency = document.Panels.Single(p => p.Kind == PanelKind.Latency);
        var reports = latency.Table.Rows.Single(r => r[0].Text == WeeklyDataset.ReportsPath);
        Assert.Null(reports[1].Value); // p95 of a custom range: no rollup, so no data (never an average of daily p95s)
        // Requests are summed over the range's hours as the dataset generated them (420 an hour shaped by traffic), less the
        // hours of its collection gap.
        var from = WeeklyDataset.Calendar.FromLocal(new DateTime(2026, 11, 16, 0, 0, 0));
        var expected = Enumerable.Range(0, 72).Select(h => from.AddHours(h)).Where(t => !WeeklyDataset.HourlyGap.Contains(t))
            .Sum(t => Math.Round(420 * WeeklyDataset.Traffic(t)));
        Assert.Equal(expected, reports[5].Value);
        Assert.Contains(latency.Notes, n => n.Contains("custom range", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Render_Japanese_PrintsTheJapaneseCoverWithTheSentences()
    {
        await using var host = await ReportTestHost.CreateAsync();
        // The finding as the detector stores it (in English): its numbers and labels are what the Japanese report words again.
        await host.Store.UpsertFindingsAsync([SakuraSlow with
        {
            Labels = new Dictionary<string, string> { ["tenant"] = WeeklyDataset.SakuraId, ["tenantName"] = "株式会社サクラ物流", ["path"] = "/api/export/{id}" },
            Numbers = new Dictionary<string, double> { ["p95NowMs"] = 2650, ["p95OthersMs"] = 780, ["othersRatio"] = 3.4, ["ratio"] = 3.1 },
        }]);
        var path = host.TempFile("ja.pdf");

        await host.Get<ReportRenderer>().RenderToFileAsync(Weekly with { Language = "ja" }, path);

        var cover = Poppler.Pages(path)[0];
        Assert.Contains("今回のポイント", cover);
        Assert.Contains("ISO週", cover);
        // Japanese wraps anywhere, so the sentence is read without its line breaks.
        var flat = string.Concat(cover.Where(c => !char.IsWhiteSpace(c)));
        Assert.Contains("株式会社サクラ物流が", flat);
        Assert.Contains("で遅くなっています", flat);
        Assert.DoesNotContain("slow", flat);
        Assert.Contains("1 / ", cover);
    }

    [Fact]
    public void RenderPdf_TenSectionsWithLongTables_PutsEverySectionInTheContents()
    {
        var calendar = WeeklyDataset.Calendar;
        var week = WeeklyDataset.Week47;
        var sections = Enumerable.Range(1, 10).Select(i =>
        {
            var builder = new ChartBuilder(calendar, $"Chart {i}", "ms", week, Resolution.Hour);
            for (var s = 0; s < 4; s++)
            {
                var points = Enumerable.Range(0, 168).Select(h => new Point(week.Start.AddHours(h), 100 + s * 40 + 30 * Math.Sin(h / 6.0))).ToList();
                builder.Add($"/api/path/{s}", points, s).AddComparison($"/api/path/{s} (week before)", points, TimeSpan.FromDays(7), s);
            }
            var rows = Enumerable.Range(1, 25).Select(r => (IReadOnlyList<PanelCell>)[new PanelCell($"/api/items/{r}"), new PanelCell($"{r} ms", r), new PanelCell($"{r + 1} ms", r + 1)]).ToList();
            return new PanelData(PanelKind.Latency, $"Section {i}", "2026-W47 vs 2026-W46", builder.Build(), new PanelTable(["Path", "p95 2026-W47", "p95 2026-W46"], rows), []);
        }).ToList();
        var document = new ReportDocument("Acme Cloud", "weekly", "Weekly performance report", new EnvironmentInfo("prod", "prod", true, false),
            ReportPeriod.IsoWeek(2026, 47), "2026-W46", week, WeeklyDataset.Zone, calendar.ToLocal(WeeklyDataset.Now), "en", null, sections, [], []);
        // How long this takes is measured by `bench`, not asserted here: a shared machine makes wall-clock limits flaky.
        var pdf = new PdfReportRenderer().RenderPdf(document);

        Assert.True(pdf.PageCount >= 10, $"expected at least 10 pages, got {pdf.PageCount}");
        var path = Path.Combine(Path.GetTempPath(), $"opsreport-ten-{Guid.NewGuid():N}.pdf");
        try
        {
            File.WriteAllBytes(path, pdf.Content);
            var pages = Poppler.Pages(path);
            Assert.Equal(pdf.PageCount, pages.Count(p => p.Trim().Length > 0));
            foreach (var i in Enumerable.Range(1, 10))
                Assert.Contains(pages.Skip(1), p => Poppler.HasLine(p, $"Section {i}"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("en")]
    [InlineData("ja")]
    public async Task RenderAsync_TenantReport_HoldsNoCostNoInternalServiceNoOtherTenantAndNoOtherEnvironment(string language)
    {
        await using var host = await ReportTestHost.CreateAsync();
        var stagingDebug = Finding(FindingKind.LogVolume, "/aws/lambda/billing-sync-staging", Severity.Warning, 2,
            "Log volume of /aws/lambda/billing-sync-staging (staging) is 9.0× its usual", new Dictionary<string, string>()) with { Environment = "staging" };
        var costMover = Finding(FindingKind.CostMover, "AmazonCloudWatch", Severity.Warning, 3, "AmazonCloudWatch cost rose from $12.00/day to $41.50/day",
            new Dictionary<string, string>());
        await host.Store.UpsertFindingsAsync([GlobexSlow, SakuraSlow, MemoryLeak, costMover, stagingDebug]);
        var path = host.TempFile("sakura-" + language + ".pdf");

        await host.Get<ReportRenderer>().RenderToFileAsync(Weekly with { Tenant = WeeklyDataset.SakuraId, Language = language }, path);
        TestArtifacts.Keep(path, "weekly-sakura-" + language + ".pdf");
        var document = await host.Get<WeeklyReportBuilder>().BuildAsync(Weekly with { Tenant = WeeklyDataset.SakuraId, Language = language });

        var text = Poppler.Text(path);
        // Its own paths against the other tenants, and its finding.
        Assert.Contains(WeeklyDataset.SakuraName, text);
        Assert.Contains(WeeklyDataset.ExportPath, text);
        Assert.Contains("780 ms", text);
        Assert.Contains(WeeklyDataset.SakuraName, document.Title);
        Assert.Contains(WeeklyDataset.SakuraName, ReportEmailComposer.Subject(document));
        // No cost figure, no AWS service, no internal service or log group, no other tenant, no other environment.
        Assert.DoesNotContain("$", text);
        Assert.DoesNotContain("¥", text);
        Assert.DoesNotContain("Amazon", text);
        Assert.DoesNotContain(language == "ja" ? "コスト" : "Cost", text);
        Assert.DoesNotMatch(@"(?<![/\w])(api|auth|worker)(?![/\w])", text);
        Assert.DoesNotContain("/aws/", text);
        Assert.DoesNotContain("/ecs/", text);
        Assert.DoesNotContain("Acme Corporation", text);
        Assert.DoesNotContain("acme", text);
        Assert.DoesNotContain("Globex", text);
        Assert.DoesNotContain("tiny-co", text);
        Assert.DoesNotContain("staging", text);
        Assert.DoesNotContain(document.Panels, p => p.Kind is PanelKind.Cost or PanelKind.Memory or PanelKind.LogVolume or PanelKind.Latency);
        Assert.DoesNotContain(document.Sections, s => s.Kind == SectionKind.Coverage);
    }

    private static Finding Finding(FindingKind kind, string subject, Severity severity, int daysBeforeWeekEnd, string summary, IReadOnlyDictionary<string, string> labels) =>
        new(WeeklyDataset.Environment, kind, subject, WeeklyDataset.Week47.End.AddDays(-daysBeforeWeekEnd), null, severity, FindingState.Open, summary,
            "evidence for " + subject, new Dictionary<string, double>(), null, WeeklyDataset.Now)
        {
            Labels = labels,
        };
}
