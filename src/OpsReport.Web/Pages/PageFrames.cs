using Microsoft.Extensions.Options;
using OpsReport.Core.Analysis;
using OpsReport.Core.Configuration;
using OpsReport.Core.Domain;
using OpsReport.Core.Time;

namespace OpsReport.Web.Pages;

/// <summary>Builds the <see cref="PageContext"/> (the frame) of a view from its parsed parameters.</summary>
public sealed class PageFrames(EnvironmentCatalog environments, ZoneCalendar calendar, TimeProvider clock, IOptions<OpsReportOptions> options,
    FeedSchedule feeds)
{
    public DateTimeOffset Now => clock.GetUtcNow();

    public ZoneCalendar Calendar => calendar;

    /// <summary>
    /// Findings are stored in the configured language; a page in the other one renders their sentences again from the
    /// numbers and labels they keep (same facts, the reader's words).
    /// </summary>
    public IReadOnlyList<Finding> Localize(IReadOnlyList<Finding> findings, string language) =>
        language == options.Value.Language || findings.Count == 0 ? findings : findings.Select(new FindingText(language, calendar).Render).ToList();

    /// <summary>
    /// The frame of an error page: the environment and language of the failed request where they are valid (the
    /// configured default otherwise), so the navigation still leads somewhere useful.
    /// </summary>
    public async Task<PageContext> ForErrorAsync(HttpRequest request, CancellationToken ct)
    {
        string? Query(string name) => request.Query.TryGetValue(name, out var v) && v.Count == 1 ? v[0] : null;
        var env = environments.Find(Query("env")) ?? environments.Default;
        var lang = Query("lang") is { } l && UiText.IsKnown(l) ? l : null;
        var language = lang ?? (UiText.IsKnown(options.Value.Language) ? options.Value.Language : "en");
        // The error page must render when the store itself is what failed (503): its freshness line is then left out.
        IReadOnlyList<FeedState> feedStates = [];
        try
        {
            feedStates = await feeds.ForAsync(env.Name, Now, ct);
        }
        catch (Exception e) when (OpsReport.Web.Hosting.StoreFailureHandler.IsStoreFailure(e))
        {
        }
        return new PageContext(options.Value.Product, env, environments.All, OpsReport.Core.Panels.OverviewRange.Day, calendar, Now,
            FeedSchedule.CollectedUntil(feedStates), "/")
        {
            Language = language,
            LanguageParameter = lang,
            Section = "",
            Feeds = feedStates,
        };
    }

    public async Task<PageContext> CreateAsync(ViewArgs args, string path, CancellationToken ct, IReadOnlyList<KeyValuePair<string, string>>? keep = null, bool showRange = true)
    {
        var env = args.Request.Environment;
        // Watermarks are read once per page: the header's per-feed line and the overall "collected until" both come from them.
        var feedStates = await feeds.ForAsync(env.Name, Now, ct);
        return new PageContext(options.Value.Product, env, environments.All, args.Request.Range, calendar, Now,
            FeedSchedule.CollectedUntil(feedStates), path)
        {
            Language = args.Language,
            LanguageParameter = args.LanguageParameter,
            Keep = keep ?? [],
            ShowRange = showRange,
            Feeds = feedStates,
        };
    }
}
