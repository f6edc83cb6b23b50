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
        var (baseline, thresholds, minExcess) = Prepare(input, minExcessPerDay);
        var episodes = ExcessEpisodeDetector.Detect(baseline, thresholds);
        var usual = UsualOf(baseline, thresholds, episodes);
        var reportFrom = now - TimeSpan.FromDays(options.ReportResolvedDays);

        var result = new List<LogVolumeEpisode>();
        foreach (var episode in episodes)
        {
            var end = episode.EndIndex is { } e ? series.TimeAt(e) : (DateTimeOffset?)null;
            if (end is { } ended && ended < reportFrom)
                continue;
            var lastEnd = series.TimeAt((episode.EndIndex ?? (episode.LastIndex + 1)));
            var recent = new TimeWindow(Max(series.TimeAt(episode.StartIndex), lastEnd - TimeSpan.FromHours(24)), lastEnd);
            double peak = 0;
            foreach (var (i, expected) in episode.Expected)
            {
                if (expected > 0)
                    peak = Math.Max(peak, series.Values[i] / expected);
            }
            // The ratio and the per-day numbers are the shared "usual" summed over the recent hours, as /logs sums it.
            if (usual.Over(recent) is not { } sums)
                continue;
            var excessPerDay = (sums.Actual - sums.Usual) / (sums.Steps * perStep);
            if (excessPerDay < minExcess || excessPerDay <= 0)
                continue;
            result.Add(new LogVolumeEpisode(input, series.TimeAt(episode.StartIndex), end, recent,
                sums.Ratio, peak, excessPerDay, sums.Usual / (sums.Steps * perStep), (int)(episode.HighCount / stepsPerHour)));
        }
        return result;
    }

    /// <summary>
    /// The usual volume of every step of <paramref name="input"/> as the findings judge it: the one definition the
    /// finding's "N× its usual volume" and the logs page share (<see cref="LogVolumeUsual"/>).
    /// </summary>
    public LogVolumeUsual Usual(LogVolumeInput input, double? minExcessPerDay = null)
    {
        var (baseline, thresholds, _) = Prepare(input, minExcessPerDay);
        return UsualOf(baseline, thresholds, ExcessEpisodeDetector.Detect(baseline, thresholds));
    }

    private (SeasonalBaseline Baseline, ExcessThresholds Thresholds, double MinExcess) Prepare(LogVolumeInput input, double? minExcessPerDay)
    {
        var series = input.Volume;
        var stepsPerHour = Math.Max(1, TimeSpan.FromHours(1).Ticks / series.Step.Ticks);
        var minExcess = minExcessPerDay ?? (input.IsBytes ? options.LogVolumeMinExcessGbPerDay * BytesPerGb : MinExcessEventsPerDay);
        var thresholds = new ExcessThresholds(
            options.LogVolumeRatio,
            options.LogVolumeMinZ,
            (int)Math.Max(1, options.LogVolumeMinHours * stepsPerHour),
            (int)Math.Max(1, options.ResolveAfterHours * stepsPerHour),
            // A nearly silent log group counts as producing half the minimum excess, so only a real amount is "high".
            minExcess * series.Step.TotalDays / 2);
        return (new SeasonalBaseline(series, calendar), thresholds, minExcess);
    }

    // Inside an episode, the baseline frozen at its start (a long incident never becomes its own "usual"); elsewhere the
    // seasonal expectation, floored as the episode detector floors it.
    private static LogVolumeUsual UsualOf(SeasonalBaseline baseline, ExcessThresholds thresholds, IReadOnlyList<ExcessEpisode> episodes)
    {
        var usual = new double[baseline.Series.Count];
        for (var i = 0; i < usual.Length; i++)
        {
            var e = baseline.Expect(i);
            usual[i] = e.IsKnown ? Math.Max(e.Value, thresholds.MinExpected) : double.NaN;
        }
        foreach (var episode in episodes)
        {
            foreach (var (i, expected) in episode.Expected)
                usual[i] = expected;
        }
        return new LogVolumeUsual(baseline.Series, usual);
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
