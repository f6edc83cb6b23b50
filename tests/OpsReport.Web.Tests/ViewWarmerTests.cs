using Microsoft.Extensions.DependencyInjection;
using OpsReport.Core.Configuration;
using OpsReport.Core.Domain;
using OpsReport.Core.Storage;
using OpsReport.Web.Hosting;
using OpsReport.Web.Tests.Support;

namespace OpsReport.Web.Tests;

/// <summary>
/// serve warms the default views in the background after a collection: the first visitor of each is answered from the
/// view-data cache (counted by <see cref="ViewDataCache.Hits"/> and <see cref="ViewDataCache.Misses"/>, never timed).
/// </summary>
public sealed class ViewWarmerTests
{
    private static readonly string[] DefaultViews =
    [
        "/?env=prod", "/?env=prod&range=7d", "/?env=prod&range=30d", "/?env=prod&lang=ja", "/?env=staging&range=30d",
        "/incident?env=prod", "/incident?env=prod&last=7d", "/incident?env=staging&last=24h",
    ];

    [Fact]
    public async Task Serve_AfterTheBackgroundCollection_FirstRequestsOfTheDefaultViewsAreCacheHits()
    {
        using var factory = new ConfiguredAppFactory(new Dictionary<string, string>
        {
            ["OpsReport:Collection:Enabled"] = "true",
            ["OpsReport:Collection:Interval"] = "01:00:00",
            ["OpsReport:Collection:BackfillDays"] = "15",
        });
        using var client = factory.CreateClient();
        var services = factory.Services;
        var warmer = services.GetRequiredService<ViewWarmer>();
        var version = services.GetRequiredService<DataVersion>();
        var progress = services.GetRequiredService<StartupProgress>();
        var environments = services.GetRequiredService<EnvironmentCatalog>().All;

        // Collection, analysis and the warm-up of every environment run in the background; wait for the warm-up of the
        // store as the last collection left it (a generous bound, so a loaded machine cannot fail the test).
        var deadline = DateTime.UtcNow.AddMinutes(3);
        // (StartupProgress answers null for an environment whose first pass is done.)
        while (!(environments.All(e => progress.Get(e.Name) is null)
                 && warmer.WarmedVersion == await version.ViewDataAsync(CancellationToken.None)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"no warm-up of the collected store within 3 minutes ({warmer.Passes} pass(es); "
                + string.Join(", ", environments.Select(e => e.Name + " " + (progress.Get(e.Name)?.Phase.ToString() ?? "done"))) + ")");
            await Task.Delay(100);
        }
        // The worst open finding's incident view, as the overview links to it.
        var worst = (await services.GetRequiredService<IMetricStore>().GetFindingsAsync("prod", FindingState.Open))
            .OrderByDescending(f => f.Severity).ThenByDescending(f => f.Start).First();
        var views = DefaultViews.Append("/incident?env=prod&finding=" + Uri.EscapeDataString(worst.Id)).ToList();
        var cache = services.GetRequiredService<ViewDataCache>();
        var (hits, misses) = (cache.Hits, cache.Misses);

        foreach (var view in views)
        {
            using var response = await client.GetAsync(view);
            Assert.True(response.IsSuccessStatusCode, $"{view}: {(int)response.StatusCode}");
        }

        Assert.Equal(misses, cache.Misses);
        Assert.True(cache.Hits >= hits + views.Count, $"{cache.Hits - hits} hit(s) for {views.Count} views");
    }
}
