using Microsoft.Extensions.Options;
using OpsReport.Core.Analysis;
using OpsReport.Core.Configuration;
using OpsReport.Core.Domain;
using OpsReport.Core.Time;

namespace OpsReport.Web.Pages;

/// <summary>Builds the <see cref="PageContext"/> (the frame) of a view from its parsed parameters.</summary>
public sealed class PageFrames(EnvironmentCatalog environments, ZoneCalendar calendar, TimeProvider clock, IOptions<OpsReportOptions> options, OverviewService overview)
{
    public DateTimeOffset Now => clock.GetUtcNow();

    public ZoneCalendar Calendar => calendar;

    /// <summary>
    /// Findings are stored in the configured language; a page in the other one renders their sentences again from the
    /// numbers and labels they keep (same facts, the reader's words).
    /// </summary>
    public IReadOnlyList<Finding> Localize(IReadOnlyList<Finding> findings, string language) =>
        language == options.Value.Language || findings.Count == 0 ? findings : findings.Select(new FindingText(language, calendar).Render).ToList();

    public async Task<PageContext> CreateAsync(ViewArgs args, string path, CancellationToken ct, IReadOnlyList<KeyValuePair<string, string>>? keep = null, bool showRange = true)
    {
        var env = args.Request.Environment;
        return new PageContext(options.Value.Product, env, environments.All, args.Request.Range, calendar, Now,
            await overview.CollectedUntilAsync(env.Name, ct), path)
        {
            Language = args.Language,
            LanguageParameter = args.LanguageParameter,
            Keep = keep ?? [],
            ShowRange = showRange,
        };
    }
}
