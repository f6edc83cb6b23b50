using OpsReport.Core.Configuration;
using OpsReport.Core.Panels;
using OpsReport.Core.Time;

namespace OpsReport.Web.Pages;

/// <summary>What every page's frame needs: product, the environment shown and the others, the range, the zone, data freshness.</summary>
public sealed record PageContext(
    string Product,
    EnvironmentInfo Environment,
    IReadOnlyList<EnvironmentInfo> Environments,
    OverviewRange Range,
    ZoneCalendar Calendar,
    DateTimeOffset Now,
    DateTimeOffset? CollectedUntil,
    string Path)
{
    public string LocalTime(DateTimeOffset t, string format = "yyyy-MM-dd HH:mm") =>
        Calendar.ToLocal(t).ToString(format, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>UI language of this page (<c>en</c> or <c>ja</c>).</summary>
    public string Language { get; init; } = "en";

    /// <summary>A finding's sentence in this page's language (stored findings are worded in the configured one).</summary>
    public string FindingSummary(OpsReport.Core.Domain.Finding finding) =>
        new OpsReport.Core.Analysis.FindingText(Language, Calendar).Summary(finding);

    /// <summary>The <c>?lang=</c> the request asked for (kept in every link), or null for the configured default.</summary>
    public string? LanguageParameter { get; init; }

    /// <summary>View parameters (e.g. <c>from</c>/<c>to</c>, <c>path</c>) the environment and language switches keep.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Keep { get; init; } = [];

    /// <summary>Each feed's freshness (latency, memory, logs, cost, …), shown in the header; only a feed behind its own schedule is late.</summary>
    public IReadOnlyList<FeedState> Feeds { get; init; } = [];

    /// <summary>A feed's name in this page's language (a stream no text names keeps its identifier).</summary>
    public string FeedLabel(string feed) => UiText.Has("feed." + feed) ? T("feed." + feed) : feed;

    /// <summary>A collected-until time: the time alone when it is today, else the date too.</summary>
    public string FeedTime(DateTimeOffset until) =>
        Calendar.ToLocal(until).Date == Calendar.ToLocal(Now).Date ? LocalTime(until, "HH:mm") : LocalTime(until, "MM-dd HH:mm");

    /// <summary>False on views with their own time window (the incident view), which hide the 24h/7d/30d switch.</summary>
    public bool ShowRange { get; init; } = true;

    /// <summary>Which navigation entry is current (<c>overview</c>, <c>latency</c>, …); by default the first segment of <see cref="Path"/>.</summary>
    public string? Section { get; init; }

    public string CurrentSection => Section ?? (Path.Trim('/') is { Length: > 0 } p ? p.Split('/')[0] : "overview");

    public string Link(string? env = null, string? range = null) =>
        $"{Path}?env={Uri.EscapeDataString(env ?? Environment.Name)}" + (ShowRange ? $"&range={Uri.EscapeDataString(range ?? Range.Name())}" : "")
        + string.Concat(Keep.Select(kv => $"&{kv.Key}={Uri.EscapeDataString(kv.Value)}")) + LangSuffix(LanguageParameter);

    /// <summary>The same view in another language.</summary>
    public string LanguageLink(string language) =>
        $"{Path}?env={Uri.EscapeDataString(Environment.Name)}" + (ShowRange ? $"&range={Uri.EscapeDataString(Range.Name())}" : "")
        + string.Concat(Keep.Select(kv => $"&{kv.Key}={Uri.EscapeDataString(kv.Value)}")) + LangSuffix(language);

    /// <summary>A link to another view of the same environment, range and language, with extra query parameters.</summary>
    public string Href(string path, params (string Name, string? Value)[] query)
    {
        var sb = new System.Text.StringBuilder(path).Append("?env=").Append(Uri.EscapeDataString(Environment.Name));
        if (query.All(q => q.Name != "range") && !path.StartsWith("/incident", StringComparison.Ordinal))
            sb.Append("&range=").Append(Range.Name());
        foreach (var (name, value) in query)
        {
            if (value is not null)
                sb.Append('&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }
        return sb.Append(LangSuffix(LanguageParameter)).ToString();
    }

    /// <summary>A UI text in this page's language.</summary>
    public string T(string key) => UiText.Get(Language, key);

    /// <summary>A UI text template filled in (numbers already formatted by the caller).</summary>
    public string F(string key, params object?[] args) => UiText.Format(Language, key, args);

    /// <summary>A time as people read it: <c>Thu 19 Nov 11:00</c> / <c>11月19日(木) 11:00</c>, in the configured zone.</summary>
    public string When(DateTimeOffset t) =>
        Calendar.ToLocal(t).ToString(T("format.dateTime"), UiText.Culture(Language));

    private static string LangSuffix(string? language) => language is null ? "" : "&lang=" + Uri.EscapeDataString(language);

    /// <summary>The ribbon's CSS class: production stands out; demo and staging have their own colours.</summary>
    public static string RibbonClass(EnvironmentInfo env) =>
        env.IsProduction ? "ribbon-prod" : env.Name.Contains("stag", StringComparison.OrdinalIgnoreCase) ? "ribbon-staging" : env.IsDemo && env.Name == "demo" ? "ribbon-demo" : "ribbon-other";
}

/// <summary>The overview page's model: the frame, the open findings, and the composed dashboard.</summary>
public sealed record OverviewModel(PageContext Page, IReadOnlyList<OpsReport.Core.Domain.Finding> Findings, DashboardData Dashboard, string Title);
