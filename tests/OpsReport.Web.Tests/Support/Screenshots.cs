using Microsoft.Playwright;

namespace OpsReport.Web.Tests.Support;

/// <summary>
/// Screenshots of the pages: always to the artifacts folder (<c>$OPSREPORT_TEST_ARTIFACTS</c>, else <c>screenshots/</c>
/// beside the test binaries); with <c>OPSREPORT_UPDATE_DOCS=1</c> also to the repository's <c>docs/</c> for the README.
/// </summary>
public static class Screenshots
{
    public static string Folder
    {
        get
        {
            var folder = Environment.GetEnvironmentVariable("OPSREPORT_TEST_ARTIFACTS") is { Length: > 0 } env
                ? Path.Combine(env, "screenshots")
                : Path.Combine(AppContext.BaseDirectory, "screenshots");
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    public static async Task<string> SaveAsync(IPage page, string name, string? docsName = null)
    {
        var path = Path.Combine(Folder, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        if (docsName is not null && Environment.GetEnvironmentVariable("OPSREPORT_UPDATE_DOCS") == "1")
        {
            // The README shows the first screen of each page (1440×1480, as the earlier overview shot), as people see it on opening the link.
            await page.SetViewportSizeAsync(1440, 1480);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepositoryPaths.Root, "docs", docsName + ".png"), FullPage = false });
            await page.SetViewportSizeAsync(1440, 1000);
        }
        return path;
    }
}
