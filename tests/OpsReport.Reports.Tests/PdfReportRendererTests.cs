using System.Diagnostics;
using OpsReport.Core.Charts;
using OpsReport.Core.Configuration;
using OpsReport.Core.Domain;
using OpsReport.Core.Panels;
using OpsReport.Reports.Pdf;
using OpsReport.Reports.Tests.Support;
using Xunit.Abstractions;

namespace OpsReport.Reports.Tests;

public sealed class PdfReportRendererTests(ITestOutputHelper output)
{
    [Fact]
    public async Task RenderToFileAsync_WeeklyReport_IsValidPdfNamingPeriodEnvironmentZoneAndTenant()
    {
        await using var host = await ReportTestHost.CreateAsync();
        var path = host.TempFile("weekly.pdf");

        var started = Stopwatch.GetTimestamp();
        var result = await host.Get<ReportRenderer>().RenderToFileAsync(new ReportRequest("weekly"), path);
        output.WriteLine($"first render in this process (font load, JIT): {Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms, {result.PageCount} pages, {result.SizeBytes} bytes");
        for (var i = 0; i < 3; i++)
        {
            started = Stopwatch.GetTimestamp();
            var document = await host.Get<WeeklyReportBuilder>().BuildAsync(new ReportRequest("weekly"));
            var built = Stopwatch.GetElapsedTime(started);
            var pdf = host.Get<PdfReportRenderer>().RenderPdf(document);
            output.WriteLine($"warm: build {built.TotalMilliseconds:0} ms + PDF {(Stopwatch.GetElapsedTime(started) - built).TotalMilliseconds:0} ms ({pdf.PageCount} pages)");
        }

        TestArtifacts.Keep(path, "weekly.pdf");
        Assert.Equal(WeeklyDataset.Period, result.Period);
        Assert.Equal("prod", result.Environment);
        Assert.Equal(result.PageCount, Poppler.PageCount(path));
        Assert.True(result.PageCount >= 2, $"expected a cover and sections, got {result.PageCount} page(s)");
        Assert.Equal(new FileInfo(path).Length, result.SizeBytes);

        var text = Poppler.Text(path);
        Assert.Contains("2026-W47", text);
        Assert.Contains("PRODUCTION", text);
        Assert.Contains("prod", text);
        Assert.Contains("Asia/Tokyo", text);
        Assert.Contains(WeeklyDataset.SakuraName, text);
        Assert.Contains("2026-11-16", text);
        Assert.Contains($"Page 1 of {result.PageCount}", text);
        Assert.Contains($"Page {result.PageCount} of {result.PageCount}", text);
        Assert.Contains("generated 2026-11-24 12:00 Asia/Tokyo", text);
        Assert.Contains("no data", text);
    }

    [Fact]
    public async Task Render_WeeklyReport_DrawsChartsAsVectorsWithEmbeddedUnicodeFont()
    {
        await using var host = await ReportTestHost.CreateAsync();
        var path = host.TempFile("weekly.pdf");
        await host.Get<ReportRenderer>().RenderToFileAsync(new ReportRequest("weekly"), path);

        var images = Poppler.Images(path).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, images.Length); // pdfimages -list prints two header lines and one line per image
        var fonts = Poppler.Fonts(path).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2).ToList();
        Assert.NotEmpty(fonts);
        Assert.All(fonts, line =>
        {
            Assert.Contains("IPAexGothic", line);
            Assert.Matches(@"\byes\s+yes\s+yes\b", line); // embedded, subset, ToUnicode
        });
    }

    [Fact]
    public async Task RenderToFileAsync_Japanese_PrintsJapaneseChrome()
    {
        await using var host = await ReportTestHost.CreateAsync();
        var path = host.TempFile("weekly-ja.pdf");
        await host.Get<ReportRenderer>().RenderToFileAsync(new ReportRequest("weekly", Language: "ja"), path);
        TestArtifacts.Keep(path, "weekly-ja.pdf");

        var text = Poppler.Text(path);
        Assert.Contains("本番環境", text);
        Assert.Contains("主要な数値", text);
        Assert.Contains(WeeklyDataset.SakuraName, text);
        Assert.Contains("2026-W47", text);
    }

    [Fact]
    public async Task BuildAsync_Japanese_TablesAreJapaneseAndHeadlinesKeepTheirNumbers()
    {
        await using var host = await ReportTestHost.CreateAsync();
        var builder = host.Get<WeeklyReportBuilder>();

        var english = await builder.BuildAsync(new ReportRequest("weekly", Language: "en"));
        var japanese = await builder.BuildAsync(new ReportRequest("weekly", Language: "ja"));

        var latency = japanese.Panels.Single(p => p.Kind == OpsReport.Core.Panels.PanelKind.Latency);
        Assert.Equal(["パス", "変化", "リクエスト数"], new[] { latency.Table.Columns[0], latency.Table.Columns[3], latency.Table.Columns[5] });
        Assert.Equal("パス別のレイテンシ", latency.Title);
        Assert.Equal("週次レポート", japanese.Title);
        Assert.Equal("Weekly performance report", english.Title);
        Assert.DoesNotContain(japanese.Panels.SelectMany(p => p.Table.Rows).SelectMany(r => r), c => c.Text == "no data");
        // Headlines read columns by key, not by header: the same numbers in both languages.
        Assert.Equal(english.Headlines.Select(h => h.RawValue), japanese.Headlines.Select(h => h.RawValue));
        Assert.Contains(english.Headlines, h => h.RawValue is not null);
    }

    [Fact]
    public async Task RenderToFileAsync_TenantReport_NamesTheTenantOnEveryPage()
    {
        await using var host = await ReportTestHost.CreateAsync();
        var path = host.TempFile("weekly-sakura.pdf");

        var result = await host.Get<ReportRenderer>().RenderToFileAsync(new ReportRequest("weekly", Tenant: WeeklyDataset.SakuraId), path);
        TestArtifacts.Keep(path, "weekly-sakura.pdf");

        var pages = Poppler.Pages(path).Where(p => p.Trim().Length > 0).ToList();
        Assert.Equal(result.PageCount, pages.Count);
        Assert.True(pages.Count >= 2, $"a tenant report of {pages.Count} page(s) has no sections to check");
        Assert.All(pages, page => Assert.Contains(WeeklyDataset.SakuraName, page));
        Assert.DoesNotContain("Acme Corporation", string.Join("", pages));
    }

    [Fact]
    public async Task RenderToFileAsync_EmptyStoreInADstWeek_RendersNoDataEverywhere()
    {
        // 2026-W43 in Berlin ends with the switch from CEST to CET: the week is 169 hours long.
        await using var host = await ReportTestHost.CreateAsync(new Dictionary<string, string?> { ["OpsReport:TimeZone"] = "Europe/Berlin" }, seed: false);
        var path = host.TempFile("weekly-berlin.pdf");

        var result = await host.Get<ReportRenderer>().RenderToFileAsync(new ReportRequest("weekly", Period: "2026-W43"), path);
        TestArtifacts.Keep(path, "weekly-berlin.pdf");

        Assert.Equal(result.PageCount, Poppler.PageCount(path));
        var text = Poppler.Text(path);
        Assert.Contains("Europe/Berlin (UTC+02:00 → UTC+01:00)", text); // the week starts in summer time and ends in winter time
        Assert.Contains("2026-10-19 (Mon) – 2026-10-25 (Sun)", text);
        Assert.Contains("no data", text);
        Assert.DoesNotContain("$0.00", text);
    }

    [Fact]
    public void Render_LongTable_RepeatsHeaderOnEveryPageAndTruncatesLongCells()
    {
        var rows = Enumerable.Range(1, 150).Select(i => (IReadOnlyList<PanelCell>)
        [
            new PanelCell(i == 7 ? "/api/" + new string('x', 300) : $"/api/items/{i}"),
            new PanelCell($"{i} ms", i),
            i % 10 == 0 ? PanelCell.Missing : new PanelCell($"{i + 1} ms", i + 1),
        ]).ToList();
        var panel = new PanelData(PanelKind.Latency, "Many paths", "W47 vs W46", null,
            new PanelTable(["Path", "p95 2026-W47", "p95 2026-W46"], rows), []);
        var document = Document([panel]);
        var path = Path.Combine(Path.GetTempPath(), "opsreport-long-table-" + Guid.NewGuid().ToString("N") + ".pdf");
        try
        {
            File.WriteAllBytes(path, new PdfReportRenderer().Render(document));
            TestArtifacts.Keep(path, "long-table.pdf");
            var pages = Poppler.Pages(path).Where(p => p.Trim().Length > 0).ToList();
            Assert.True(pages.Count >= 4, $"150 rows should need at least three table pages, got {pages.Count} pages");
            foreach (var page in pages.Skip(1))
                Assert.Contains("p95 2026-W47", page);
            Assert.All(pages.Skip(2), page => Assert.Contains("Many paths (continued)", page));
            Assert.Contains("/api/items/150", pages[^1]);
            Assert.Contains("/api/xxxx", pages[1]);
            Assert.DoesNotContain(new string('x', 300), string.Join("", pages));
            Assert.Contains("…", pages[1]);
            Assert.Contains("no data", pages[1]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Render_ChartWithGapAndNoTable_KeepsHeadingWithChart()
    {
        var calendar = WeeklyDataset.Calendar;
        var week = WeeklyDataset.Week47;
        var points = Enumerable.Range(0, 168).Select(h => new Point(week.Start.AddHours(h), 100 + h)).Where(p => p.Timestamp.Hour % 24 != 3).ToList();
        var panels = Enumerable.Range(1, 6).Select(i =>
        {
            var chart = new ChartBuilder(calendar, $"Chart {i}", "ms", week, Resolution.Hour).Add("series", points, 0).Build();
            return new PanelData(PanelKind.Latency, $"Section {i}", "subtitle", chart, new PanelTable(["Name", "Value"], []), []);
        }).ToList();
        var path = Path.Combine(Path.GetTempPath(), "opsreport-charts-" + Guid.NewGuid().ToString("N") + ".pdf");
        try
        {
            File.WriteAllBytes(path, new PdfReportRenderer().Render(Document(panels)));
            TestArtifacts.Keep(path, "charts.pdf");
            var pages = Poppler.Pages(path).Skip(1).Where(p => p.Trim().Length > 0).ToList();
            Assert.True(pages.Count >= 2, $"six charts fit on {pages.Count} page(s)?");
            var seen = new List<int>();
            foreach (var page in pages)
            {
                // Every section heading on a page is followed on the same page by its chart's title.
                foreach (var i in Enumerable.Range(1, 6).Where(i => Poppler.HasLine(page, $"Section {i}")))
                {
                    Assert.Contains($"Chart {i}", page);
                    seen.Add(i);
                }
            }
            Assert.Equal(Enumerable.Range(1, 6), seen);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Render_ShortFinalSection_JoinsThePageBeforeWhenItFits()
    {
        var calendar = WeeklyDataset.Calendar;
        var week = WeeklyDataset.Week47;
        var points = Enumerable.Range(0, 168).Select(h => new Point(week.Start.AddHours(h), 100 + h % 24)).ToList();
        var lonely = 0;
        var joined = 0;
        // The rows of the table before the final section push it down a little more in each variant, so some variants
        // leave it just below the end of a page: that is the case the layout must rescue.
        for (var rows = 0; rows <= 24; rows += 2)
        {
            var panels = Enumerable.Range(1, 2).Select(i => new PanelData(PanelKind.Latency, $"Section {i}", "subtitle",
                new ChartBuilder(calendar, $"Chart {i}", "ms", week, Resolution.Hour).Add("series", points, 0).Build(),
                new PanelTable(["Name", "Value"], Enumerable.Range(1, i == 2 ? rows : 6).Select(r => (IReadOnlyList<PanelCell>)[new PanelCell($"row {r}"), new PanelCell($"{r} ms", r)]).ToList()), []))
                .Append(new PanelData(PanelKind.Latency, "Final section", "subtitle", null,
                    new PanelTable(["Stream", "Runs"], Enumerable.Range(1, 4).Select(r => (IReadOnlyList<PanelCell>)[new PanelCell($"stream {r}"), new PanelCell($"{r}", r)]).ToList()), []))
                .ToList();
            var path = Path.Combine(Path.GetTempPath(), $"opsreport-final-{rows}-{Guid.NewGuid():N}.pdf");
            try
            {
                File.WriteAllBytes(path, new PdfReportRenderer().Render(Document(panels)));
                var pages = Poppler.Pages(path).Where(p => p.Trim().Length > 0).ToList();
                if (!Poppler.HasLine(pages[^1], "Section 2") && !pages[^1].Contains("row ", StringComparison.Ordinal))
                {
                    // Alone on the last page: allowed only when the page before has no room for it even laid out tightly.
                    lonely++;
                    var words = Poppler.WordBoxes(path);
                    var before = words.Where(w => w.Page == pages.Count - 1 && w.YMin > 58 && w.YMax < 798).Max(w => w.YMax);
                    var last = words.Where(w => w.Page == pages.Count && w.YMin > 58 && w.YMax < 798).ToList();
                    var height = last.Max(w => w.YMax) - last.Min(w => w.YMin);
                    Assert.True(before + 8 + height > 798, $"{rows} rows: the final section ({height:0} pt) stands alone although the page before ends at {before:0} pt");
                }
                else
                {
                    joined++;
                }
            }
            finally
            {
                File.Delete(path);
            }
        }
        Assert.True(joined > 0, $"the final section never shared a page ({lonely} variants alone)");
    }

    [Fact]
    public void Render_TableSplitAcrossPages_NeverLeavesFewerThanThreeRowsOnEitherSide()
    {
        var calendar = WeeklyDataset.Calendar;
        var week = WeeklyDataset.Week47;
        var points = Enumerable.Range(0, 168).Select(h => new Point(week.Start.AddHours(h), 100 + h % 24)).ToList();
        var splits = new List<string>();
        // The section before grows by one row per variant, so the page break falls on every row of the second table in
        // turn, including the positions that used to leave one or two rows alone under the repeated header.
        for (var before = 1; before <= 45; before++)
        {
            var panels = new List<PanelData>
            {
                new(PanelKind.Latency, "Section before", "subtitle", null,
                    new PanelTable(["Name", "Value"], Enumerable.Range(1, before).Select(r => (IReadOnlyList<PanelCell>)[new PanelCell($"row {r}"), new PanelCell($"{r} ms", r)]).ToList()), []),
                new(PanelKind.Latency, "Slowest tenants", "subtitle",
                    new ChartBuilder(calendar, "Chart", "ms", week, Resolution.Hour).Add("series", points, 0).Build(),
                    new PanelTable(["Tenant", "p95"], Enumerable.Range(1, 50).Select(r => (IReadOnlyList<PanelCell>)[new PanelCell($"tenant {r}"), new PanelCell($"{r} ms", r)]).ToList()), []),
            };
            var path = Path.Combine(Path.GetTempPath(), $"opsreport-split-{before}-{Guid.NewGuid():N}.pdf");
            try
            {
                File.WriteAllBytes(path, new PdfReportRenderer().Render(Document(panels)));
                var rowsPerPage = Poppler.Pages(path)
                    .Select(page => page.Split('\n').Count(line => System.Text.RegularExpressions.Regex.IsMatch(line, @"^\s*tenant \d+\b")))
                    .Where(count => count > 0)
                    .ToList();
                Assert.Equal(50, rowsPerPage.Sum());
                if (rowsPerPage.Count > 1)
                    splits.Add(string.Join(" + ", rowsPerPage));
                Assert.True(rowsPerPage.All(count => count >= 3), $"{before} rows before: the table split as {string.Join(" + ", rowsPerPage)}");
            }
            finally
            {
                File.Delete(path);
            }
        }
        Assert.True(splits.Count > 0, "no variant split the table across pages, so the rule was never exercised");
    }

    private static ReportDocument Document(IReadOnlyList<PanelData> panels) => new(
        "Acme Cloud", "weekly", "Weekly performance report", new EnvironmentInfo("prod", "prod", true, false),
        ReportPeriod.IsoWeek(2026, 47), "2026-W46", WeeklyDataset.Week47, WeeklyDataset.Zone,
        WeeklyDataset.Calendar.ToLocal(WeeklyDataset.Now), "en", null, panels, [], []);
}
