using Microsoft.Playwright;
using OpsReport.Web.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace OpsReport.Web.Tests;

/// <summary>Every page on a phone (390×844, as an iPhone 14) in Debian's Chromium: nothing wider than the screen.</summary>
[Collection(BrowserAppCollection.Name)]
public sealed class PhoneLayoutTests(BrowserAppFixture app)
{
    public static TheoryData<string, string> Pages => new()
    {
        { "/?env=prod&range=7d", "overview" },
        { "/?env=staging&range=7d", "overview-staging" },
        { "/latency?env=prod&range=7d", "latency" },
        { "/latency?env=prod&range=7d&path=/api/exports/{id}/download", "latency-path" },
        { "/tenants?env=prod", "tenants" },
        { "/tenants/sakura-logistics?env=prod&range=7d", "tenant" },
        { "/incident?env=prod&last=3d", "incident" },
        { "/memory?env=prod&range=7d", "memory" },
        { "/logs?env=staging&range=7d", "logs" },
        { "/cost?env=prod", "cost" },
        { "/coverage?env=prod", "coverage" },
        { "/slos?env=prod", "slos" },
        { "/reports?env=prod", "reports" },
        { "/no-such-page", "not-found" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Page_Phone390_NothingScrollsSidewaysAndTheBadgeKeepsClearOfTheProductName(string url, string name)
    {
        foreach (var lang in new[] { "en", "ja" })
        {
            await using var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
            {
                ViewportSize = new ViewportSize { Width = 390, Height = 844 },
                DeviceScaleFactor = 1,
                IsMobile = true,
                HasTouch = true,
                Locale = lang == "ja" ? "ja-JP" : "en-US",
            });
            var page = await context.NewPageAsync();
            await page.GotoAsync(app.BaseUrl + url + (url.Contains('?') ? "&" : "?") + "lang=" + lang);
            await Expect(page.Locator("nav.sections")).ToBeVisibleAsync();

            var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.body.scrollWidth, window.innerWidth]");
            Assert.True(widths[0] <= widths[2] && widths[1] <= widths[2],
                $"{url} ({lang}) is {widths[0]} px wide on a {widths[2]} px screen; widest: {await WidestAsync(page)}");
            // Nor inside a frame: no element (a table's frame, a code block, a chart) is wider inside than it shows.
            var sideways = await SidewaysScrollersAsync(page);
            Assert.True(sideways.Length == 0, $"{url} ({lang}): {sideways.Length} element(s) scroll sideways:\n" + string.Join("\n", sideways));

            var badge = await page.GetByTestId("demo-badge").BoundingBoxAsync();
            var product = await page.Locator(".ribbon-product").BoundingBoxAsync();
            Assert.NotNull(badge);
            Assert.NotNull(product);
            var overlap = badge.X < product.X + product.Width && product.X < badge.X + badge.Width
                && badge.Y < product.Y + product.Height && product.Y < badge.Y + badge.Height;
            Assert.False(overlap, $"{url} ({lang}): the demo badge {badge.X},{badge.Y} {badge.Width}×{badge.Height} overlaps the product name {product.X},{product.Y} {product.Width}×{product.Height}");
            await Screenshots.SaveAsync(page, $"phone-{name}-{lang}");
        }
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Page_Desktop1440_RendersWithoutSidewaysScroll(string url, string name)
    {
        foreach (var lang in new[] { "en", "ja" })
        {
            await using var context = await app.NewContextAsync();
            var page = await context.NewPageAsync();
            await page.GotoAsync(app.BaseUrl + url + (url.Contains('?') ? "&" : "?") + "lang=" + lang);
            await Expect(page.Locator("nav.sections")).ToBeVisibleAsync();

            var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
            Assert.True(widths[0] <= widths[1], $"{url} ({lang}) is {widths[0]} px wide on a {widths[1]} px screen; widest: {await WidestAsync(page)}");
            // app.js adds words of its own (the sort hint on every column header); they come from the page's catalog.
            var scriptWords = string.Join("\n", (await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('thead th')].map(th => th.title)")).Distinct());
            var wrong = lang == "ja" ? ReaderLanguage.EnglishIn(scriptWords, []) : ReaderLanguage.JapaneseIn(scriptWords, []);
            Assert.True(wrong.Count == 0, $"{url} ({lang}): the script's words are in the other language: {string.Join(", ", wrong)}");
            await Screenshots.SaveAsync(page, $"desktop-{name}-{lang}");
        }
    }

    // Every element whose content is wider than its box, named with its size; details are opened first so their tables
    // are measured. An element that clips on purpose (overflow hidden or clip: an ellipsis, a chart's crosshair frame)
    // cannot be scrolled, so it is not counted.
    private static async Task<string[]> SidewaysScrollersAsync(IPage page)
    {
        await page.EvaluateAsync("() => document.querySelectorAll('details').forEach(d => d.open = true)");
        return await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('body *')]
              .filter(e => e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1
                && !['hidden', 'clip'].includes(getComputedStyle(e).overflowX))
              .map(e => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}.${[...e.classList].join('.')}${e.dataset.testid ? '[' + e.dataset.testid + ']' : ''}: ${e.scrollWidth} px in ${e.clientWidth} px`)
            """);
    }

    // Names the element that sticks out furthest, so a failure says where to look.
    private static Task<string> WidestAsync(IPage page) => page.EvaluateAsync<string>("""
        () => {
          let worst = null, right = 0;
          for (const e of document.querySelectorAll('body *')) {
            const r = e.getBoundingClientRect();
            if (r.right > right) { right = r.right; worst = e; }
          }
          return worst ? `${worst.tagName.toLowerCase()}.${[...worst.classList].join('.')} right edge ${Math.round(right)}` : 'none';
        }
        """);
}
