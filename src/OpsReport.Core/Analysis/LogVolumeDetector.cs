using OpsReport.Core.Configuration;
using OpsReport.Core.Domain;

namespace OpsReport.Core.Analysis;

/// <summary>
/// Log volume far above its usual level for the hour of the week, sustained for hours, worth real money; and, when the
/// level mix shows mostly DEBUG/TRACE lines that were not there before, "DEBUG logging left on".
/// </summary>
public sealed class LogVolumeDetector(AnalysisOptions options, AnalysisCalendar calendar)
{
    public const double BytesPerGb = 1024.0 * 1024 * 1024;

    // Without byte counts (Datadog event counts) a log group must add this many events a day to matter.
    private const double MinExcessEventsPerDay = 10_000;

    /// <param name="minExcessPerDay">Overrides the minimum excess per day (bytes or events); 0 for a series of unknown units.</param>
    public IReadOnlyList<LogVolumeEpisode> FindEpisodes(LogVolumeInput input, DateTimeOffset now, double? minExcessPerDay = null)
    {
        var series = input.Volume;
        var stepsPerHour = Math.Max(1, TimeSpan.FromHours(1).Ticks / series.Step.Ticks);
        var perStep = series.Step.TotalDays;
        var minExcess = minExcessPerDay ?? (input.IsBytes ? options.LogVolumeMinExcessGbPerDay * BytesPerGb : MinExcessEventsPerDay);
        var thresholds = new ExcessThresholds(
            options.LogVolumeRatio,
            options.LogVolumeMinZ,
            (int)Math.Max(1, options.LogVolumeMinHours * stepsPerHour),
            (int)Math.Max(1, options.ResolveAfterHours * stepsPerHour),
            // A nearly silent log group counts as producing half the minimum excess, so only a real amount is "high".
            minExcess * perStep / 2);
        var baseline = new SeasonalBaseline(series, calendar);
        var reportFrom = now - TimeSpan.FromDays(options.ReportResolvedDays);

        var result = new List<LogVolumeEpisode>();
        foreach (var episode in ExcessEpisodeDetector.Detect(baseline, thresholds))
        {
            var end = episode.EndIndex is { } e ? series.TimeAt(e) : (DateTimeOffset?)null;
            if (end is { } ended && ended < reportFrom)
                continue;
            var lastEnd = series.TimeAt((episode.EndIndex ?? (episode.LastIndex + 1)));
            var recentStart = Max(series.TimeAt(episode.StartIndex), lastEnd - TimeSpan.FromHours(24));
            double actual = 0, expected = 0, peak = 0;
            var n = 0;
            foreach (var (i, usual) in episode.Expected)
            {
                var v = series.Values[i];
                if (usual > 0)
                    peak = Math.Max(peak, v / usual);
                var t = series.TimeAt(i);
                if (t < recentStart || t >= lastEnd)
                    continue;
                actual += v;
                expected += usual;
                n++;
            }
            if (n == 0 || expected <= 0)
                continue;
            var excessPerDay = (actual - expected) / (n * perStep);
            if (excessPerDay < minExcess || excessPerDay <= 0)
                continue;
            result.Add(new LogVolumeEpisode(input, series.TimeAt(episode.StartIndex), end, new TimeWindow(recentStart, lastEnd),
                actual / expected, peak, excessPerDay, expected / (n * perStep), (int)(episode.HighCount / stepsPerHour)));
        }
        return result;
    }

    /// <summary>The level mix in a window from level-split event series, or null when there are none (or no events).</summary>
    public static LogLevelMix? MixFromSeries(IReadOnlyDictionary<string, RegularSeries> byLevel, TimeWindow window)
    {
        if (byLevel.Count == 0)
            return null;
        var counts = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        foreach (var (level, series) in byLevel)
        {
            double sum = 0;
            for (var i = 0; i < series.Count; i++)
            {
                var t = series.TimeAt(i);
                if (window.Contains(t) && double.IsFinite(series.Values[i]))
                    sum += series.Values[i];
            }
            counts[level.ToUpperInvariant()] = sum;
        }
        var mix = new LogLevelMix(counts, []);
        return mix.Total > 0 ? mix : null;
    }

    /// <summary>The window before an episode its level mix is compared with: the week before it started.</summary>
    public static TimeWindow BeforeWindow(LogVolumeEpisode episode) => new(episode.Start - TimeSpan.FromDays(7), episode.Start);

    /// <summary>
    /// The finding for an episode: DEBUG logging when the mix during it is mostly DEBUG/TRACE and was not before, plain
    /// log volume otherwise. Cost is the excess priced at the region's ingestion price (only when volume is in bytes).
    /// </summary>
    public Finding ToFinding(string environment, bool isProduction, LogVolumeEpisode episode, LogLevelMix? during, LogLevelMix? before,
        string? levelSource, string region, double pricePerGb, DateTimeOffset now)
    {
        var input = episode.Input;
        var numbers = new Dictionary<string, double>
        {
            [Facts.Ratio] = Round(episode.Ratio, 2),
            [Facts.PeakRatio] = Round(episode.PeakRatio, 2),
            [Facts.ExcessPerDay] = Math.Round(episode.ExcessPerDay),
            [Facts.UsualPerDay] = Math.Round(episode.UsualPerDay),
            [Facts.HighHours] = episode.HighHours,
        };
        var labels = new Dictionary<string, string>
        {
            [Facts.LabelLogGroup] = input.Subject,
            [Facts.LabelUnit] = input.IsBytes ? "bytes" : "events",
        };
        double usdPerMonth = 0;
        if (input.IsBytes)
        {
            var gbPerDay = episode.ExcessPerDay / BytesPerGb;
            numbers[Facts.ExcessGbPerDay] = Round(gbPerDay, 3);
            numbers[Facts.PricePerGb] = pricePerGb;
            numbers[Facts.UsdPerDay] = Round(gbPerDay * pricePerGb, 2);
            usdPerMonth = gbPerDay * pricePerGb * 30;
            numbers[Facts.UsdPerMonth] = Round(usdPerMonth, 0);
            labels[Facts.LabelRegion] = region;
        }

        var debug = during is not null && during.VerboseShare >= options.DebugShareThreshold
            && (before is null || !double.IsFinite(before.VerboseShare) || during.VerboseShare - before.VerboseShare >= 0.2);
        if (during is not null && double.IsFinite(during.VerboseShare))
            numbers[Facts.DebugShare] = Round(during.VerboseShare, 3);
        if (before is not null && double.IsFinite(before.VerboseShare))
            numbers[Facts.DebugShareBefore] = Round(before.VerboseShare, 4);
        if (levelSource is not null)
            labels[Facts.LabelLevelSource] = levelSource;
        if (during is not null)
        {
            for (var k = 0; k < Math.Min(3, during.TopPatterns.Count); k++)
            {
                labels[Facts.LabelPattern + (k + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)] = during.TopPatterns[k].Pattern;
                numbers[Facts.LabelPattern + (k + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)] = during.TopPatterns[k].Events;
            }
        }

        var kind = debug ? FindingKind.DebugLogging : FindingKind.LogVolume;
        var severity = SeverityOf(usdPerMonth, debug && !isProduction);
        return new Finding(environment, kind, input.Subject, episode.Start, episode.End, severity,
            episode.End is null ? FindingState.Open : FindingState.Resolved, "", "", numbers,
            FindingUrls.Overview(environment, episode.Start, now, "log_volume"), now)
        {
            Labels = labels,
        };
    }

    // DEBUG left on outside production is almost always a leftover nobody watches: it needs less money to matter.
    private static Severity SeverityOf(double usdPerMonth, bool leftoverOutsideProduction) =>
        usdPerMonth >= 300 ? Severity.Critical
        : usdPerMonth >= (leftoverOutsideProduction ? 10 : 30) ? Severity.Warning
        : Severity.Info;

    private static double Round(double value, int digits) => double.IsFinite(value) ? Math.Round(value, digits) : 0;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
