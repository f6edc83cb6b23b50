using System.Globalization;
using OpsReport.Core.Panels;
using OpsReport.Core.Text;

namespace OpsReport.Core.Slos;

/// <summary>
/// How an SLO's words and numbers read in the reader's language, the same on every surface (pages, PDF, email):
/// its title, state, window and the attainment, objective and budget as percentages; missing reads "no data".
/// </summary>
public static class SloLabels
{
    /// <summary>The Japanese title where the definition has one; else the title as written.</summary>
    public static string Title(SloDefinition definition, string language)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return definition.TitleIn(language);
    }

    public static string State(SloState state, string language) => TextCatalog.Get(language, "slo.state." + state);

    /// <summary>Why an SLO is not judged yet: how much of its window its counts cover, and how much the verdict needs.</summary>
    public static string NotEnoughData(SloStatus status, string language)
    {
        ArgumentNullException.ThrowIfNull(status);
        return TextCatalog.Format(language, "slo.coverage.notEnough", CoveragePercent(status.Coverage, language),
            (status.RequiredCoverage * 100).ToString("0.##", TextCatalog.Culture(language)) + " %");
    }

    /// <summary>Coverage rounded down ("94 %"), so a window short of its required 95 % never reads "95 %".</summary>
    public static string CoveragePercent(double share, string language) =>
        Math.Floor(share * 100).ToString("0", TextCatalog.Culture(language)) + " %";

    /// <summary>
    /// The state's colour in tables: met better, at risk and breached worse, no data missing; not enough data yet neutral
    /// (tables word every missing-toned cell "no data", and it is not that).
    /// </summary>
    public static CellTone Tone(SloState state) => state switch
    {
        SloState.Met => CellTone.Better,
        SloState.NoData => CellTone.Missing,
        SloState.NotEnoughData => CellTone.Neutral,
        _ => CellTone.Worse,
    };

    /// <summary>The state's CSS class and data attribute value: <c>met</c>, <c>atrisk</c>, <c>breached</c>, <c>nodata</c>, <c>notenoughdata</c>.</summary>
    public static string StateClass(SloState state) => state.ToString().ToLowerInvariant();

    public static string Window(SloWindow window, string language)
    {
        ArgumentNullException.ThrowIfNull(window);
        return window.RollingDays is { } days
            ? TextCatalog.Format(language, "slo.window.rolling", days.ToString(CultureInfo.InvariantCulture))
            : TextCatalog.Get(language, "slo.window.calendarMonth");
    }

    /// <summary>What a good request is: "at or under 2 s" or "no server error (5xx)", and where.</summary>
    public static string Indicator(SloDefinition definition, string language)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var what = definition.Sli == SliKind.Latency && definition.Threshold is { } t
            ? TextCatalog.Format(language, "slo.sli.latency", Threshold(t))
            : TextCatalog.Get(language, "slo.sli.availability");
        var where = definition.Path == "*"
            ? definition.Service is { } service ? TextCatalog.Format(language, "slo.scope.service", service) : TextCatalog.Get(language, "slo.scope.all")
            : definition.Path;
        return what + " · " + where;
    }

    /// <summary>Attainment with two decimals ("99.12 %"): one decimal would round 99.95 % up to an objective of 100 %.</summary>
    public static string Attainment(double? share, string language) =>
        share is { } s ? (s * 100).ToString("0.00", TextCatalog.Culture(language)) + " %" : NoData(language);

    /// <summary>An objective as written: "99 %", "99.9 %", "99.95 %".</summary>
    public static string Objective(double share, string language) =>
        (share * 100).ToString("0.0##", TextCatalog.Culture(language)) + " %";

    /// <summary>Budget left with one decimal, as the burn findings say it ("9.8 %"); below zero when overspent ("−20.0 %").</summary>
    public static string Budget(double? share, string language) =>
        share is { } s ? (s < 0 ? "−" : "") + Math.Abs(s * 100).ToString("0.0", TextCatalog.Culture(language)) + " %" : NoData(language);

    public static string BurnRate(double? rate, string language) =>
        rate is { } r ? r.ToString("0.0", TextCatalog.Culture(language)) + "×" : NoData(language);

    public static string BurnWindow(TimeSpan window, string language) =>
        window.TotalHours < 48
            ? TextCatalog.Format(language, "slo.burn.hours", window.TotalHours.ToString("0", CultureInfo.InvariantCulture))
            : TextCatalog.Format(language, "slo.burn.days", window.TotalDays.ToString("0", CultureInfo.InvariantCulture));

    public static string Requests(long? total, string language) =>
        total is { } t ? t.ToString("#,##0", TextCatalog.Culture(language)) : NoData(language);

    /// <summary>A threshold as written in the definition: "2 s", "1.5 s", "500 ms".</summary>
    public static string Threshold(TimeSpan threshold) =>
        threshold < TimeSpan.FromSeconds(1)
            ? threshold.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms"
            : threshold.TotalSeconds.ToString("0.##", CultureInfo.InvariantCulture) + " s";

    public static string NoData(string language) => TextCatalog.Get(language, "common.noData");
}
