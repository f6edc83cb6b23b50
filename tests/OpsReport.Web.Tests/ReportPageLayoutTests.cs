using OpsReport.Reports.Tests.Support;
using OpsReport.Web.Tests.Support;

namespace OpsReport.Web.Tests;

/// <summary>
/// The weekly PDF as a reader pages through it, read back with poppler: on the demo store, for several weeks, the
/// environment's and a tenant's report, in English and Japanese, no page after the first section page holds only a short
/// section with the rest of the page blank (a short final section joins the page before, tightened if need be).
/// </summary>
[Collection(DemoAppCollection.Name)]
public sealed class ReportPageLayoutTests(DemoAppFactory app)
{
    // A4 in points, as pdftotext -bbox measures: the running header ends above ContentTop, the footer starts below ContentBottom.
    private const double ContentTop = 50;
    private const double ContentBottom = 797.9;

    // A section heading is set in 13 pt, which pdftotext boxes 14 pt high; body text, tables and charts are 9 pt or smaller.
    private const double HeadingBoxHeight = 13;

    // A section up to this share of the page is short: it would fit on a page with other content.
    private const double ShortShare = 0.45;

    public static TheoryData<string, string?, string> Reports()
    {
        var data = new TheoryData<string, string?, string>();
        foreach (var period in new[] { "2026-W45", "2026-W46", "2026-W47" })
        {
            foreach (var tenant in new[] { null, "sakura-logistics" })
            {
                data.Add(period, tenant, "en");
                data.Add(period, tenant, "ja");
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Reports))]
    public async Task WeeklyPdf_EveryPage_HoldsMoreThanAShortSectionAlone(string period, string? tenant, string language)
    {
        var url = $"/reports/weekly.pdf?env=prod&period={period}&lang={language}" + (tenant is null ? "" : "&tenant=" + tenant);
        using var folder = new TempDirectory();
        var file = Path.Combine(folder.Path, "weekly.pdf");
        await File.WriteAllBytesAsync(file, await app.CreateClient().GetByteArrayAsync(url));

        var words = Poppler.WordBoxes(file);
        var pages = words.Max(w => w.Page);
        Assert.True(pages >= 2, $"{url}: {pages} page(s), no section to check");
        Assert.Contains(words, w => w.Page >= 2 && Height(w) >= HeadingBoxHeight);

        var content = words.Where(w => w.YMin >= ContentTop && w.YMax <= ContentBottom).ToList();
        for (var page = 3; page <= pages; page++)
        {
            var onPage = content.Where(w => w.Page == page).ToList();
            if (onPage.Count == 0)
                continue;
            var top = onPage.Min(w => w.YMin);
            var headings = onPage.Where(w => Height(w) >= HeadingBoxHeight).Select(w => w.YMin).Distinct().ToList();
            var startsWithHeading = onPage.Where(w => w.YMin <= top + 0.5).All(w => Height(w) >= HeadingBoxHeight);
            var height = onPage.Max(w => w.YMax) - top;
            var alone = startsWithHeading && headings.Count == 1 && height <= (ContentBottom - ContentTop) * ShortShare;
            var before = content.Where(w => w.Page == page - 1).Select(w => w.YMax).DefaultIfEmpty(ContentTop).Max();
            var title = string.Join(" ", onPage.Where(w => w.YMin == headings.FirstOrDefault()).Select(w => w.Text));
            Assert.False(alone, $"{url}: page {page} of {pages} holds only the short section \"{title}\" ({height:0} pt); "
                + $"the page before ends at {before:0} pt, leaving {ContentBottom - before:0} pt");
        }
    }

    private static double Height(WordBox word) => word.YMax - word.YMin;
}
