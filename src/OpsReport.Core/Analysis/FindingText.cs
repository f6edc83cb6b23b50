using System.Globalization;
using OpsReport.Core.Domain;
using OpsReport.Core.Text;
using OpsReport.Core.Time;

namespace OpsReport.Core.Analysis;

/// <summary>
/// The one-sentence summary and the short evidence line of a finding in the reader's language (the <c>finding.*</c> keys
/// of the catalog), rendered from its numbers and labels: numbers in the reader's culture, times in the configured zone.
/// Rendering again in another language gives the same facts.
/// </summary>
public sealed partial class FindingText
{
    private readonly string _language;
    private readonly CultureInfo _culture;
    private readonly ZoneCalendar _zone;

    public FindingText(string language, ZoneCalendar zone, CultureInfo? culture = null)
    {
        _language = TextCatalog.Normalize(language);
        _culture = culture ?? TextCatalog.Culture(_language);
        _zone = zone;
    }

    public string Language => _language;

    public Finding Render(Finding f) => f with { Summary = Summary(f), Evidence = Evidence(f) };

    public string Summary(Finding f) => f.Kind switch
    {
        FindingKind.DebugLogging => DebugSummary(f),
        FindingKind.LogVolume => VolumeSummary(f),
        FindingKind.MemoryTrend => MemorySummary(f),
        FindingKind.LatencyRegression => LatencySummary(f),
        FindingKind.SlowTenant => SlowTenantSummary(f),
        FindingKind.CostMover => CostSummary(f),
        FindingKind.Anomaly => AnomalySummary(f),
        FindingKind.SloBurn => SloSummary(f),
        _ => CoverageSummary(f),
    };

    public string Evidence(Finding f) => WithDeploy(f, f.Kind switch
    {
        FindingKind.DebugLogging or FindingKind.LogVolume => VolumeEvidence(f),
        FindingKind.MemoryTrend => MemoryEvidence(f),
        FindingKind.LatencyRegression or FindingKind.SlowTenant => LatencyEvidence(f),
        FindingKind.CostMover => CostEvidence(f),
        FindingKind.Anomaly => AnomalyEvidence(f),
        FindingKind.SloBurn => SloEvidence(f),
        _ => T("coverage.evidence"),
    });

    /// <summary>A local time as people read it: <c>Tue 10 Nov 14:00</c> / <c>11月10日(火) 14:00</c>.</summary>
    public string Time(DateTimeOffset t) => _zone.ToLocal(t).ToString(TextCatalog.Get(_language, "format.dateTime"), _culture);

    public string Date(DateTimeOffset t) => _zone.ToLocal(t).ToString(TextCatalog.Get(_language, "format.date"), _culture);

    // ---- log volume and DEBUG

    private string DebugSummary(Finding f)
    {
        var lg = L(f, Facts.LabelLogGroup, f.Subject);
        var ratio = Times(N(f, Facts.Ratio));
        var share = Pct(N(f, Facts.DebugShare));
        if (f.State == FindingState.Resolved && f.End is { } end)
            return T("debug.resolved", lg, f.Environment, Time(f.Start), Time(end), ratio, share);
        return T("debug.open", lg, f.Environment, Time(f.Start), ratio, share, CostPart(f));
    }

    private string VolumeSummary(Finding f)
    {
        var lg = L(f, Facts.LabelLogGroup, f.Subject);
        var ratio = Times(N(f, Facts.Ratio));
        var more = Has(f, Facts.ExcessGbPerDay)
            ? T("volume.moreGb", Gb(N(f, Facts.ExcessGbPerDay)))
            : T("volume.moreEvents", Num(N(f, Facts.ExcessPerDay), 0));
        if (f.State == FindingState.Resolved && f.End is { } end)
            return T("volume.resolved", lg, f.Environment, ratio, Time(f.Start), Time(end), more);
        return T("volume.open", lg, f.Environment, ratio, Time(f.Start), more, CostPart(f));
    }

    private string CostPart(Finding f) =>
        Has(f, Facts.UsdPerDay) ? T("costPart", Usd(N(f, Facts.UsdPerDay)), Usd(N(f, Facts.UsdPerMonth))) : "";

    private string VolumeEvidence(Finding f)
    {
        var parts = new List<string>();
        if (Has(f, Facts.ExcessGbPerDay))
        {
            var usual = Gb(N(f, Facts.UsualPerDay) / LogVolumeDetector.BytesPerGb);
            parts.Add(T("volume.excessGb", Gb(N(f, Facts.ExcessGbPerDay)), usual, Usd(N(f, Facts.PricePerGb)), L(f, Facts.LabelRegion, "")));
        }
        else
        {
            parts.Add(T("volume.excessEvents", Num(N(f, Facts.ExcessPerDay), 0), Num(N(f, Facts.UsualPerDay), 0)));
        }
        parts.Add(T("volume.peak", Times(N(f, Facts.PeakRatio)), Num(N(f, Facts.HighHours), 0)));
        if (Has(f, Facts.DebugShare))
        {
            var source = L(f, Facts.LabelLevelSource, T("volume.levelSource"));
            var before = Has(f, Facts.DebugShareBefore) ? Pct(N(f, Facts.DebugShareBefore)) : "?";
            parts.Add(T("volume.debugShare", Pct(N(f, Facts.DebugShare)), before, source));
        }
        var patterns = Enumerable.Range(1, 3)
            .Where(k => f.Labels.ContainsKey(Facts.LabelPattern + Inv(k)))
            .Select(k => $"\"{f.Labels[Facts.LabelPattern + Inv(k)]}\" ({Num(N(f, Facts.LabelPattern + Inv(k)), 0)})")
            .ToList();
        if (patterns.Count > 0)
            parts.Add(T("volume.topMessages", string.Join(T("listSeparator"), patterns)));
        if (Has(f, Facts.LinkedCostNow))
        {
            parts.Add(T("volume.onTheBill", L(f, Facts.LabelCostLine, ""), L(f, Facts.LabelAccount, ""),
                Usd(N(f, Facts.LinkedCostBefore)), Usd(N(f, Facts.LinkedCostNow))));
        }
        return Sentence(parts);
    }

    // ---- memory

    private string MemorySummary(Finding f)
    {
        var svc = L(f, Facts.LabelService, f.Subject);
        var slope = Num(N(f, Facts.SlopePerDay), 1);
        var threshold = Percent(N(f, Facts.ThresholdPercent));
        var days = N(f, Facts.DaysToLimit);
        var since = T(L(f, Facts.LabelBaseline, "onset") == "window" ? "memory.sinceAtLeast" : "memory.since", Time(f.Start));
        if (days <= 0)
            return T("memory.pastLimit", svc, f.Environment, slope, since, Percent(N(f, Facts.CurrentPercent)), threshold);
        var limit = Date(DateTimeOffset.FromUnixTimeSeconds((long)N(f, Facts.LimitAt)));
        return T("memory.reaches", svc, f.Environment, slope, since, threshold, Num(days, 1), limit);
    }

    private string MemoryEvidence(Finding f) =>
        T("memory.evidence", Percent(N(f, Facts.CurrentPercent)), Num(N(f, Facts.LongestRunHours), 0), Percent(N(f, Facts.PeakPercent)),
            Num(N(f, Facts.Restarts), 0), Num(N(f, Facts.MannKendallZ), 1));

    // ---- latency

    private string LatencySummary(Finding f)
    {
        var path = L(f, Facts.LabelPath, f.Subject);
        var tenant = f.Labels.TryGetValue(Facts.LabelTenant, out var t) ? t : null;
        var ratio = Times(N(f, Facts.Ratio));
        var numbers = Has(f, Facts.P95Now)
            ? T("latency.numbers", Ms(N(f, Facts.P95Now)), Has(f, Facts.P95Before) ? Ms(N(f, Facts.P95Before)) : "")
            : "";
        var who = tenant is null ? "" : T("latency.forTenant", tenant);
        if (f.State == FindingState.Resolved && f.End is { } end)
            return T("latency.resolved", path, who, f.Environment, ratio, Time(f.Start), Time(end), numbers);
        return T("latency.open", path, who, f.Environment, ratio, Time(f.Start), numbers);
    }

    private string SlowTenantSummary(Finding f)
    {
        var name = L(f, Facts.LabelTenantName, f.Subject);
        var path = L(f, Facts.LabelPath, "");
        var now = Ms(N(f, Facts.P95Now));
        var others = Ms(N(f, Facts.P95Others));
        // The numbers say their window (the day the detector judged), so they never pass for a page's week or hours.
        var day = L(f, Facts.LabelBaseline, "") == "day" && Has(f, Facts.DayStart) ? Date(DateTimeOffset.FromUnixTimeSeconds((long)N(f, Facts.DayStart))) : null;
        var p95 = day is null ? "p95" : T("p95Of", day);
        if (f.State == FindingState.Resolved && f.End is { } end)
            return T("slowTenant.resolved", name, path, f.Environment, Time(f.Start), Time(end), now, others, p95);
        return T("slowTenant.open", name, path, f.Environment, Time(f.Start), now, others, Times(N(f, Facts.OthersRatio)), Times(N(f, Facts.Ratio)), p95);
    }

    private string LatencyEvidence(Finding f)
    {
        var parts = new List<string>();
        if (Has(f, Facts.P95Now))
        {
            var now = Ms(N(f, Facts.P95Now));
            var before = Ms(N(f, Facts.P95Before));
            if (L(f, Facts.LabelBaseline, "") == "day" && Has(f, Facts.DayStart))
                parts.Add(T("latency.day", Date(DateTimeOffset.FromUnixTimeSeconds((long)N(f, Facts.DayStart))), now, before));
            else if (L(f, Facts.LabelBaseline, "") == "pooled")
                parts.Add(T("latency.pooled", now, before));
            else
                parts.Add(T("latency.hourly", now, before));
        }
        if (Has(f, Facts.OthersChange))
            parts.Add(T("latency.othersChange", Times(N(f, Facts.OthersChange))));
        if (Has(f, Facts.TenantsRegressed) && N(f, Facts.Tenants) > 0)
            parts.Add(T("latency.tenantsSlower", Num(N(f, Facts.TenantsRegressed), 0), Num(N(f, Facts.Tenants), 0)));
        if (Has(f, Facts.Requests))
            parts.Add(T("latency.requests", Num(N(f, Facts.Requests), 0)));
        if (Has(f, Facts.ErrorRatio))
            parts.Add(T("latency.errorRate", Times(N(f, Facts.ErrorRatio))));
        if (f.Labels.TryGetValue(Facts.LabelPaths, out var paths))
            parts.Add(T("latency.slowPaths", paths));
        return Sentence(parts);
    }

    // ---- cost

    private string CostSummary(Finding f)
    {
        var line = L(f, Facts.LabelCostLine, f.Subject);
        var account = L(f, Facts.LabelAccount, "");
        var before = Usd(N(f, Facts.UsdPerDayBefore));
        var now = Usd(N(f, Facts.UsdPerDayNow));
        var monthly = Usd(N(f, Facts.UsdPerMonthChange));
        if (f.Labels.TryGetValue(Facts.LabelBucket, out var bucket))
            return T("cost.bucket", bucket, f.Environment, Num(N(f, Facts.BucketGbPerDay), 0), Date(f.Start), Size(N(f, Facts.BucketGb)), before, now, monthly);
        if (f.Labels.TryGetValue(Facts.LabelLogGroup, out var group))
        {
            return T("cost.logGroup", group, f.Environment, Date(f.Start), Num(N(f, Facts.LogGroupGbPerDayBefore), 2),
                Num(N(f, Facts.LogGroupGbPerDayNow), 2), line, before, now, monthly);
        }
        var key = L(f, Facts.LabelDetail, "") switch
        {
            nameof(CostMove.New) => "cost.new",
            nameof(CostMove.Creep) => "cost.creep",
            _ => "cost.step",
        };
        return T(key, line, f.Environment, account, Date(f.Start), before, now, monthly);
    }

    private string CostEvidence(Finding f)
    {
        var parts = new List<string>();
        if (Has(f, Facts.DayOverDay))
            parts.Add(T("cost.dayOverDay", SignedUsd(N(f, Facts.DayOverDay))));
        if (Has(f, Facts.WeekOverWeek))
            parts.Add(T("cost.weekOverWeek", SignedUsd(N(f, Facts.WeekOverWeek))));
        if (Has(f, Facts.ShareOfChange))
            parts.Add(T("cost.shareOfChange", Pct(N(f, Facts.ShareOfChange)), f.Environment));
        if (f.Labels.ContainsKey(Facts.LabelBucket))
            parts.Add(T("cost.byBucket", L(f, Facts.LabelCostLine, "")));
        if (f.Labels.ContainsKey(Facts.LabelLogGroup))
            parts.Add(T("cost.byLogGroup", L(f, Facts.LabelCostLine, "")));
        parts.Add(T("cost.source"));
        return Sentence(parts);
    }

    // ---- coverage

    private string CoverageSummary(Finding f)
    {
        var detail = L(f, Facts.LabelDetail, "");
        var count = Num(N(f, Facts.Count), 0);
        return L(f, Facts.LabelCoverage, "") switch
        {
            "source" => T("coverage.source", f.Subject["source:".Length..], f.Environment, Time(f.Start), detail),
            "memory-services" => T("coverage.memoryServices", count, f.Environment, detail),
            "latency-paths" => T("coverage.latencyPaths", count, f.Environment, Time(f.Start), detail),
            "latency-tenants" => T("coverage.latencyTenants", count, f.Environment, Time(f.Start), detail),
            "log-retention" => T("coverage.logRetention", count, f.Environment, detail),
            "slo" => SloCoverageSummary(f, detail),
            _ => f.Subject,
        };
    }

    // Catalog keys slo.coverage.<reason> (SloCoverage): the SLO by its title in the reader's language, what it counts, why no data.
    private string SloCoverageSummary(Finding f, string reason)
    {
        var title = _language == TextCatalog.Japanese && f.Labels.TryGetValue(Facts.LabelSloTitleJa, out var ja) ? ja : L(f, Facts.LabelSloTitle, L(f, Facts.LabelSlo, ""));
        var scope = L(f, Facts.LabelSloScope, "");
        if (scope == "*" || scope.EndsWith(" *", StringComparison.Ordinal))
            scope = scope[..^1] + TextCatalog.Get(_language, "slo.coverage.allPaths");
        var threshold = f.Labels.TryGetValue(Facts.LabelSloThresholdMs, out var ms) ? Ms(double.Parse(ms, CultureInfo.InvariantCulture)) : "";
        return TextCatalog.Format(_language, "slo.coverage." + reason, title, f.Environment, scope, threshold);
    }

    // ---- deploys

    /// <summary>The deploy just before the onset, when <see cref="DeployAttribution"/> found one: "did we deploy?" answered.</summary>
    private string WithDeploy(Finding f, string evidence)
    {
        if (!Has(f, DeployFacts.At))
            return evidence;
        var at = Time(DateTimeOffset.FromUnixTimeSeconds((long)N(f, DeployFacts.At)));
        var what = $"{L(f, DeployFacts.LabelService, "")} {L(f, DeployFacts.LabelVersion, "")}";
        var minutes = N(f, DeployFacts.MinutesBefore);
        var when = minutes >= 0 ? T("deploy.minutesBefore", Num(minutes, 0)) : T("deploy.withinHour");
        return evidence + " " + T("deploy.line", at, what, when, L(f, DeployFacts.LabelSource, ""));
    }

    // ---- formatting

    private string T(string key, params object?[] args) => TextCatalog.Format(_language, "finding." + key, args);

    private string Num(double value, int digits) => value.ToString("N" + Inv(digits), _culture);

    private string Gb(double gb) => Num(gb, gb >= 10 ? 1 : 2);

    // The one latency formatter of pages and finding texts: milliseconds under a second, seconds above.
    private string Ms(double ms) => OpsReport.Core.Charts.ValueFormat.Format(ms, "ms", _culture);

    private string Times(double ratio) => T("times", Num(ratio, ratio >= 10 ? 0 : 1));

    private string Pct(double share) => double.IsFinite(share) ? share.ToString(share < 0.1 && share > 0 ? "P1" : "P0", _culture) : "?";

    private string Percent(double points) => (points / 100).ToString("P0", _culture);

    // Cents matter for a few dollars a day, not for a monthly figure of tens of dollars.
    private string Usd(double usd) => "$" + usd.ToString(Math.Abs(usd) >= 10 ? "N0" : "N2", _culture);

    private string SignedUsd(double usd) => (usd >= 0 ? "+" : "−") + Usd(Math.Abs(usd));

    private string Size(double gb) => gb >= 1024 ? Num(gb / 1024, 1) + " TB" : Num(gb, 0) + " GB";

    private string Sentence(List<string> parts) => T("sentence", Capitalize(string.Join(T("partSeparator"), parts)));

    // A sentence in Latin script starts with a capital ("p95" stays lower case); one in Japanese script has no case, and an
    // identifier that starts it (an environment, a log group) keeps its own spelling.
    private static string Capitalize(string text) =>
        text.Length == 0 || !char.IsAsciiLetterLower(text[0]) || text.StartsWith("p95", StringComparison.Ordinal) || text.Any(c => c >= '\u3000')
            ? text
            : char.ToUpperInvariant(text[0]) + text[1..];

    private static string Inv(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static double N(Finding f, string key) => f.Numbers.TryGetValue(key, out var v) ? v : double.NaN;

    private static bool Has(Finding f, string key) => f.Numbers.ContainsKey(key);

    private static string L(Finding f, string key, string fallback) => f.Labels.TryGetValue(key, out var v) ? v : fallback;
}
