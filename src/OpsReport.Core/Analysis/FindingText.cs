using System.Globalization;
using OpsReport.Core.Domain;
using OpsReport.Core.Time;

namespace OpsReport.Core.Analysis;

/// <summary>
/// The one-sentence summary and the short evidence line of a finding, in English or Japanese, rendered from its numbers
/// and labels: numbers in the reader's culture, times in the configured zone. Rendering again in another language gives
/// the same facts.
/// </summary>
public sealed partial class FindingText
{
    private readonly bool _ja;
    private readonly CultureInfo _culture;
    private readonly ZoneCalendar _zone;

    public FindingText(string language, ZoneCalendar zone, CultureInfo? culture = null)
    {
        _ja = language == "ja";
        _culture = culture ?? CultureInfo.GetCultureInfo(_ja ? "ja-JP" : "en-US");
        _zone = zone;
    }

    public string Language => _ja ? "ja" : "en";

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
        _ => CoverageSummary(f),
    };

    public string Evidence(Finding f) => WithDeploy(f, f.Kind switch
    {
        FindingKind.DebugLogging or FindingKind.LogVolume => VolumeEvidence(f),
        FindingKind.MemoryTrend => MemoryEvidence(f),
        FindingKind.LatencyRegression or FindingKind.SlowTenant => LatencyEvidence(f),
        FindingKind.CostMover => CostEvidence(f),
        FindingKind.Anomaly => AnomalyEvidence(f),
        _ => _ja ? "見えていないものは 0 ではなく「データなし」として扱います。" : "What OpsReport cannot see is listed here, never shown as zero.",
    });

    /// <summary>A local time as people read it: <c>Tue 10 Nov 14:00</c> / <c>11月10日(火) 14:00</c>.</summary>
    public string Time(DateTimeOffset t) =>
        _zone.ToLocal(t).ToString(_ja ? "M月d日(ddd) HH:mm" : "ddd d MMM HH:mm", _culture);

    public string Date(DateTimeOffset t) =>
        _zone.ToLocal(t).ToString(_ja ? "M月d日(ddd)" : "ddd d MMM", _culture);

    // ---- log volume and DEBUG

    private string DebugSummary(Finding f)
    {
        var lg = L(f, Facts.LabelLogGroup, f.Subject);
        var ratio = Times(N(f, Facts.Ratio));
        var share = Pct(N(f, Facts.DebugShare));
        var cost = CostPart(f);
        if (f.State == FindingState.Resolved && f.End is { } end)
        {
            return _ja
                ? $"{lg}（{f.Environment}）で {Time(f.Start)} から {Time(end)} まで DEBUG ログが出力されていました: 通常の {ratio} のログ量、DEBUG 行が {share}。"
                : $"DEBUG logging was on in {lg} ({f.Environment}) from {Time(f.Start)} to {Time(end)}: {ratio} its usual volume, {share} DEBUG lines.";
        }
        return _ja
            ? $"{lg}（{f.Environment}）で {Time(f.Start)} から DEBUG ログが出力されたままです: 通常の {ratio} のログ量、DEBUG 行が {share}{cost}。"
            : $"DEBUG logging has been on in {lg} ({f.Environment}) since {Time(f.Start)}: {ratio} its usual volume, {share} DEBUG lines{cost}.";
    }

    private string VolumeSummary(Finding f)
    {
        var lg = L(f, Facts.LabelLogGroup, f.Subject);
        var ratio = Times(N(f, Facts.Ratio));
        var more = Has(f, Facts.ExcessGbPerDay)
            ? (_ja ? $"1 日あたり {Gb(N(f, Facts.ExcessGbPerDay))} GB 増" : $"{Gb(N(f, Facts.ExcessGbPerDay))} GB/day more")
            : (_ja ? $"1 日あたり {Num(N(f, Facts.ExcessPerDay), 0)} 件増" : $"{Num(N(f, Facts.ExcessPerDay), 0)} more events a day");
        if (f.State == FindingState.Resolved && f.End is { } end)
        {
            return _ja
                ? $"{lg}（{f.Environment}）のログ量が {Time(f.Start)} から {Time(end)} まで通常の {ratio} でした（{more}）。"
                : $"Log volume of {lg} ({f.Environment}) was {ratio} its usual level from {Time(f.Start)} to {Time(end)} ({more}).";
        }
        return _ja
            ? $"{lg}（{f.Environment}）のログ量が {Time(f.Start)} から通常の {ratio} です: {more}{CostPart(f)}。"
            : $"Log volume of {lg} ({f.Environment}) has been {ratio} its usual level since {Time(f.Start)}: {more}{CostPart(f)}.";
    }

    private string CostPart(Finding f)
    {
        if (!Has(f, Facts.UsdPerDay))
            return "";
        return _ja
            ? $"、1 日あたり約 {Usd(N(f, Facts.UsdPerDay))}（月 {Usd(N(f, Facts.UsdPerMonth))}）"
            : $", about {Usd(N(f, Facts.UsdPerDay))}/day ({Usd(N(f, Facts.UsdPerMonth))}/month)";
    }

    private string VolumeEvidence(Finding f)
    {
        var parts = new List<string>();
        if (Has(f, Facts.ExcessGbPerDay))
        {
            var usual = Gb(N(f, Facts.UsualPerDay) / LogVolumeDetector.BytesPerGb);
            var excess = Gb(N(f, Facts.ExcessGbPerDay));
            var price = Usd(N(f, Facts.PricePerGb));
            var region = L(f, Facts.LabelRegion, "");
            parts.Add(_ja
                ? $"この時間帯の通常 {usual} GB/日に対して {excess} GB/日の増加（{region} の取り込み料金 {price}/GB）"
                : $"{excess} GB/day above the usual {usual} GB/day for these hours of the week (ingestion {price}/GB in {region})");
        }
        else
        {
            parts.Add(_ja
                ? $"この時間帯の通常 {Num(N(f, Facts.UsualPerDay), 0)} 件/日に対して {Num(N(f, Facts.ExcessPerDay), 0)} 件/日の増加"
                : $"{Num(N(f, Facts.ExcessPerDay), 0)} events/day above the usual {Num(N(f, Facts.UsualPerDay), 0)} for these hours of the week");
        }
        parts.Add(_ja
            ? $"ピーク時は通常の {Times(N(f, Facts.PeakRatio))}、{Num(N(f, Facts.HighHours), 0)} 時間"
            : $"peak {Times(N(f, Facts.PeakRatio))}, {Num(N(f, Facts.HighHours), 0)} hours above baseline");
        if (Has(f, Facts.DebugShare))
        {
            var source = L(f, Facts.LabelLevelSource, _ja ? "レベル別の系列" : "level-split series");
            var before = Has(f, Facts.DebugShareBefore) ? Pct(N(f, Facts.DebugShareBefore)) : "?";
            parts.Add(_ja
                ? $"DEBUG の割合 {before} → {Pct(N(f, Facts.DebugShare))}（{source}）"
                : $"DEBUG share {Pct(N(f, Facts.DebugShare))} now vs {before} the week before ({source})");
        }
        var patterns = Enumerable.Range(1, 3)
            .Where(k => f.Labels.ContainsKey(Facts.LabelPattern + Inv(k)))
            .Select(k => $"\"{f.Labels[Facts.LabelPattern + Inv(k)]}\" ({Num(N(f, Facts.LabelPattern + Inv(k)), 0)})")
            .ToList();
        if (patterns.Count > 0)
            parts.Add((_ja ? "多いメッセージ: " : "top messages: ") + string.Join(", ", patterns));
        if (Has(f, Facts.LinkedCostNow))
        {
            var line = L(f, Facts.LabelCostLine, "");
            var account = L(f, Facts.LabelAccount, "");
            parts.Add(_ja
                ? $"請求: アカウント {account} の {line} が {Usd(N(f, Facts.LinkedCostBefore))}/日 → {Usd(N(f, Facts.LinkedCostNow))}/日"
                : $"on the bill: {line} in account {account} went from {Usd(N(f, Facts.LinkedCostBefore))}/day to {Usd(N(f, Facts.LinkedCostNow))}/day");
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
        var since = L(f, Facts.LabelBaseline, "onset") == "window"
            ? (_ja ? $"{Time(f.Start)} 以前から" : $"since at least {Time(f.Start)}")
            : (_ja ? $"{Time(f.Start)} から" : $"since {Time(f.Start)}");
        if (days <= 0)
        {
            return _ja
                ? $"{svc}（{f.Environment}）のメモリ使用率が{since}再起動の合間に 1 日 {slope} ポイントずつ増え、すでに {Percent(N(f, Facts.CurrentPercent))} で {threshold} を超えています。"
                : $"Memory of {svc} ({f.Environment}) grows {slope} points a day between restarts {since} and is already at {Percent(N(f, Facts.CurrentPercent))}, past {threshold}.";
        }
        var limit = Date(DateTimeOffset.FromUnixTimeSeconds((long)N(f, Facts.LimitAt)));
        return _ja
            ? $"{svc}（{f.Environment}）のメモリ使用率が{since}再起動の合間に 1 日 {slope} ポイントずつ増えています。再起動しなければ約 {Num(days, 1)} 日後（{limit}）に {threshold} に達します。"
            : $"Memory of {svc} ({f.Environment}) grows {slope} points a day between restarts {since}; without a restart it would reach {threshold} in about {Num(days, 1)} days ({limit}).";
    }

    private string MemoryEvidence(Finding f)
    {
        var current = Percent(N(f, Facts.CurrentPercent));
        var peak = Percent(N(f, Facts.PeakPercent));
        var longest = Num(N(f, Facts.LongestRunHours), 0);
        var restarts = Num(N(f, Facts.Restarts), 0);
        var z = Num(N(f, Facts.MannKendallZ), 1);
        return _ja
            ? $"現在 {current}、再起動なしの最長 {longest} 時間で最高 {peak}。この間の再起動 {restarts} 回が増加を隠しています（再起動の合間の増加として測定、有意性 z = {z}）。"
            : $"Now {current}; highest {peak} after {longest} h without a restart; {restarts} restarts in this time hide the growth (measured between restarts, same hour of day and restart drops; trend score z = {z}).";
    }

    // ---- latency

    private string LatencySummary(Finding f)
    {
        var path = L(f, Facts.LabelPath, f.Subject);
        var tenant = f.Labels.TryGetValue(Facts.LabelTenant, out var t) ? t : null;
        var ratio = Times(N(f, Facts.Ratio));
        var ms = Has(f, Facts.P95Now) ? $"{Num(N(f, Facts.P95Now), 0)} ms" : "";
        var before = Has(f, Facts.P95Before) ? $"{Num(N(f, Facts.P95Before), 0)} ms" : "";
        var numbers = ms.Length == 0 ? "" : _ja ? $": {ms}（変更前 {before}）" : $": {ms} vs {before}";
        var who = tenant is null ? "" : _ja ? $"（{tenant}）" : $" for {tenant}";
        if (f.State == FindingState.Resolved && f.End is { } end)
        {
            return _ja
                ? $"{path}{who} の p95 レイテンシ（{f.Environment}）は {Time(f.Start)} から {Time(end)} まで通常の {ratio} でした{numbers}。"
                : $"p95 latency of {path}{who} ({f.Environment}) was {ratio} its usual level from {Time(f.Start)} to {Time(end)}{numbers}.";
        }
        return _ja
            ? $"{path}{who} の p95 レイテンシ（{f.Environment}）が {Time(f.Start)} から以前の同じ時間帯の {ratio} です{numbers}。"
            : $"p95 latency of {path}{who} ({f.Environment}) has been {ratio} the same hours of earlier weeks since {Time(f.Start)}{numbers}.";
    }

    private string SlowTenantSummary(Finding f)
    {
        var name = L(f, Facts.LabelTenantName, f.Subject);
        var path = L(f, Facts.LabelPath, "");
        var now = Num(N(f, Facts.P95Now), 0);
        var others = Num(N(f, Facts.P95Others), 0);
        var othersRatio = Times(N(f, Facts.OthersRatio));
        var ratio = Times(N(f, Facts.Ratio));
        // The numbers say their window (the day the detector judged), so they never pass for a page's week or hours.
        var day = L(f, Facts.LabelBaseline, "") == "day" && Has(f, Facts.DayStart) ? Date(DateTimeOffset.FromUnixTimeSeconds((long)N(f, Facts.DayStart))) : null;
        var p95 = day is null ? "p95" : _ja ? $"{day} の p95" : $"p95 of {day}";
        if (f.State == FindingState.Resolved && f.End is { } end)
        {
            return _ja
                ? $"{name} は {Time(f.Start)} から {Time(end)} まで {path} で遅くなっていました（{f.Environment}）: {p95} {now} ms、他のテナントは {others} ms。"
                : $"{name} was slow on {path} ({f.Environment}) from {Time(f.Start)} to {Time(end)}: {p95} {now} ms vs {others} ms for the other tenants.";
        }
        return _ja
            ? $"{name} が {Time(f.Start)} から {path} で遅くなっています（{f.Environment}）: {p95} {now} ms、他のテナントは {others} ms（{othersRatio}）、変更前の自身の {ratio}。"
            : $"{name} has been slow on {path} ({f.Environment}) since {Time(f.Start)}: {p95} {now} ms vs {others} ms for the other tenants ({othersRatio}), {ratio} its own p95 before.";
    }

    private string LatencyEvidence(Finding f)
    {
        var parts = new List<string>();
        if (Has(f, Facts.P95Now))
        {
            var now = Num(N(f, Facts.P95Now), 0);
            var before = Num(N(f, Facts.P95Before), 0);
            if (L(f, Facts.LabelBaseline, "") == "day" && Has(f, Facts.DayStart))
            {
                var day = Date(DateTimeOffset.FromUnixTimeSeconds((long)N(f, Facts.DayStart)));
                parts.Add(_ja
                    ? $"{day} の日次 p95 {now} ms、変更前の同じ曜日 {before} ms"
                    : $"p95 of {day} (day rollup) {now} ms vs {before} ms on the same weekday before the change");
            }
            else if (L(f, Facts.LabelBaseline, "") == "pooled")
            {
                parts.Add(_ja
                    ? $"リクエストが少ないため時間帯をまとめて判定: 変更後にリクエストのあった時間帯の p95 中央値 {now} ms、変更前の 1 週間 {before} ms"
                    : $"few requests an hour, so hours are pooled: median p95 of the hours with requests since the change {now} ms vs {before} ms in the week before");
            }
            else
            {
                parts.Add(_ja
                    ? $"変更後の時間別 p95 の中央値 {now} ms、1 週間前の同じ時間帯 {before} ms"
                    : $"median hourly p95 since the change {now} ms vs {before} ms in the same hours a week before");
            }
        }
        if (Has(f, Facts.OthersChange))
        {
            parts.Add(_ja
                ? $"他のテナントの p95 の変化 {Times(N(f, Facts.OthersChange))}"
                : $"the other tenants' p95 changed {Times(N(f, Facts.OthersChange))}");
        }
        if (Has(f, Facts.TenantsRegressed) && N(f, Facts.Tenants) > 0)
        {
            parts.Add(_ja
                ? $"{Num(N(f, Facts.Tenants), 0)} テナント中 {Num(N(f, Facts.TenantsRegressed), 0)} テナントが悪化"
                : $"{Num(N(f, Facts.TenantsRegressed), 0)} of {Num(N(f, Facts.Tenants), 0)} tenants slower");
        }
        if (Has(f, Facts.Requests))
        {
            parts.Add(_ja
                ? $"変更後のリクエスト {Num(N(f, Facts.Requests), 0)} 件"
                : $"{Num(N(f, Facts.Requests), 0)} requests since the change");
        }
        if (Has(f, Facts.ErrorRatio))
            parts.Add(_ja ? $"エラー率は前週の {Times(N(f, Facts.ErrorRatio))}" : $"error rate {Times(N(f, Facts.ErrorRatio))} the week before");
        if (f.Labels.TryGetValue(Facts.LabelPaths, out var paths))
            parts.Add(_ja ? $"遅いパス: {paths}" : $"slow paths: {paths}");
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
        {
            var gbPerDay = Num(N(f, Facts.BucketGbPerDay), 0);
            var size = Size(N(f, Facts.BucketGb));
            return _ja
                ? $"S3 バケット {bucket}（{f.Environment}）が {Date(f.Start)} から 1 日 {gbPerDay} GB ずつ増えています: 現在 {size}、S3 ストレージ費用は {before}/日 → {now}/日、毎月約 {monthly} ずつ増加。"
                : $"S3 bucket {bucket} ({f.Environment}) has grown {gbPerDay} GB a day since {Date(f.Start)}: {size} now; S3 storage cost {before}/day → {now}/day, adding about {monthly}/month every month.";
        }
        if (f.Labels.TryGetValue(Facts.LabelLogGroup, out var group))
        {
            var gbBefore = Num(N(f, Facts.LogGroupGbPerDayBefore), 2);
            var gbNow = Num(N(f, Facts.LogGroupGbPerDayNow), 2);
            return _ja
                ? $"ロググループ {group}（{f.Environment}）の取り込みが {Date(f.Start)} から 1 日 {gbBefore} GB → {gbNow} GB に増え、{line} の費用が {before}/日 → {now}/日（月約 {monthly} 増）。"
                : $"Log group {group} ({f.Environment}) has ingested more since {Date(f.Start)}: {gbBefore} GB → {gbNow} GB a day; {line} went from {before}/day to {now}/day (about {monthly}/month more).";
        }
        return L(f, Facts.LabelDetail, "") switch
        {
            nameof(CostMove.New) => _ja
                ? $"{Date(f.Start)} から新しい費用項目 {line}（{f.Environment}、アカウント {account}）: {now}/日（月約 {monthly}）。"
                : $"New cost line {line} ({f.Environment}, account {account}) since {Date(f.Start)}: {now}/day (about {monthly}/month).",
            nameof(CostMove.Creep) => _ja
                ? $"{line}（{f.Environment}、アカウント {account}）が {Date(f.Start)} から増え続けています: {before}/日 → {now}/日、毎月約 {monthly} ずつ増加。"
                : $"{line} ({f.Environment}, account {account}) has been climbing since {Date(f.Start)}: {before}/day → {now}/day, adding about {monthly}/month every month.",
            _ => _ja
                ? $"{line}（{f.Environment}、アカウント {account}）が {Date(f.Start)} に {before}/日 から {now}/日 に上がりました（月約 {monthly} 増）。"
                : $"{line} ({f.Environment}, account {account}) rose from {before}/day to {now}/day on {Date(f.Start)} (about {monthly}/month more).",
        };
    }

    private string CostEvidence(Finding f)
    {
        var parts = new List<string>();
        if (Has(f, Facts.DayOverDay))
            parts.Add(_ja ? $"前日比 {SignedUsd(N(f, Facts.DayOverDay))}" : $"day over day {SignedUsd(N(f, Facts.DayOverDay))}");
        if (Has(f, Facts.WeekOverWeek))
            parts.Add(_ja ? $"前週同曜日比 {SignedUsd(N(f, Facts.WeekOverWeek))}" : $"week over week {SignedUsd(N(f, Facts.WeekOverWeek))}");
        if (Has(f, Facts.ShareOfChange))
            parts.Add(_ja ? $"{f.Environment} の週間増加分の {Pct(N(f, Facts.ShareOfChange))}" : $"{Pct(N(f, Facts.ShareOfChange))} of this week's cost increase in {f.Environment}");
        if (f.Labels.ContainsKey(Facts.LabelBucket))
            parts.Add(_ja ? $"費用項目 {L(f, Facts.LabelCostLine, "")}、日次の S3 バケットサイズによる" : $"cost line {L(f, Facts.LabelCostLine, "")}, explained by the daily bucket size");
        if (f.Labels.ContainsKey(Facts.LabelLogGroup))
            parts.Add(_ja ? $"費用項目 {L(f, Facts.LabelCostLine, "")}、ロググループごとの日次取り込み量による" : $"cost line {L(f, Facts.LabelCostLine, "")}, explained by the daily ingestion of each log group");
        parts.Add(_ja ? "Cost Explorer の日次費用（UTC 日）" : "daily cost from Cost Explorer (UTC days)");
        return Sentence(parts);
    }

    // ---- coverage

    private string CoverageSummary(Finding f)
    {
        var detail = L(f, Facts.LabelDetail, "");
        var count = Num(N(f, Facts.Count), 0);
        return L(f, Facts.LabelCoverage, "") switch
        {
            "source" => _ja
                ? $"{f.Environment} の {f.Subject["source:".Length..]} の最後の収集が {Time(f.Start)} に失敗しました: {detail}"
                : $"The last {f.Subject["source:".Length..]} collection for {f.Environment} failed at {Time(f.Start)}: {detail}",
            "memory-services" => _ja
                ? $"{f.Environment} の {count} サービスにメモリのデータがありません: {detail}。"
                : $"{count} service(s) in {f.Environment} have no memory data: {detail}.",
            "latency-paths" => _ja
                ? $"{f.Environment} の {count} パスに {Time(f.Start)} 以降レイテンシのデータがありません: {detail}。"
                : $"{count} path(s) in {f.Environment} have had no latency data since {Time(f.Start)}: {detail}.",
            "latency-tenants" => _ja
                ? $"{f.Environment} の {count} テナントに {Time(f.Start)} 以降レイテンシのデータがありません: {detail}。"
                : $"{count} tenant(s) in {f.Environment} have had no latency data since {Time(f.Start)}: {detail}.",
            "log-retention" => _ja
                ? $"{f.Environment} の {count} ロググループに保持期間が設定されておらず、ログが削除されません: {detail}。"
                : $"{count} log group(s) in {f.Environment} never expire their logs (no retention set): {detail}.",
            _ => f.Subject,
        };
    }

    // ---- deploys

    /// <summary>The deploy just before the onset, when <see cref="DeployAttribution"/> found one: "did we deploy?" answered.</summary>
    private string WithDeploy(Finding f, string evidence)
    {
        if (!Has(f, DeployFacts.At))
            return evidence;
        var at = Time(DateTimeOffset.FromUnixTimeSeconds((long)N(f, DeployFacts.At)));
        var what = $"{L(f, DeployFacts.LabelService, "")} {L(f, DeployFacts.LabelVersion, "")}";
        var source = L(f, DeployFacts.LabelSource, "");
        var minutes = N(f, DeployFacts.MinutesBefore);
        var when = minutes >= 0
            ? (_ja ? $"変化の {Num(minutes, 0)} 分前" : $"{Num(minutes, 0)} min before the change began")
            : (_ja ? "変化が始まった時間帯" : "within the hour the change began");
        return evidence + (_ja
            ? $" {at} に {what} がデプロイされました（{when}、{source}）。"
            : $" Deploy of {what} at {at}, {when} ({source}).");
    }

    // ---- formatting

    private string Num(double value, int digits) => value.ToString("N" + Inv(digits), _culture);

    private string Gb(double gb) => Num(gb, gb >= 10 ? 1 : 2);

    private string Times(double ratio) =>
        _ja ? $"{Num(ratio, ratio >= 10 ? 0 : 1)} 倍" : $"{Num(ratio, ratio >= 10 ? 0 : 1)}×";

    private string Pct(double share) => double.IsFinite(share) ? share.ToString(share < 0.1 && share > 0 ? "P1" : "P0", _culture) : "?";

    private string Percent(double points) => (points / 100).ToString("P0", _culture);

    // Cents matter for a few dollars a day, not for a monthly figure of tens of dollars.
    private string Usd(double usd) => "$" + usd.ToString(Math.Abs(usd) >= 10 ? "N0" : "N2", _culture);

    private string SignedUsd(double usd) => (usd >= 0 ? "+" : "−") + Usd(Math.Abs(usd));

    private string Size(double gb) => gb >= 1024 ? Num(gb / 1024, 1) + " TB" : Num(gb, 0) + " GB";

    private string Sentence(List<string> parts) => _ja ? string.Join("、", parts) + "。" : Capitalize(string.Join("; ", parts)) + ".";

    // "p95" and "ms" stay lower case at the start of a sentence.
    private static string Capitalize(string text) =>
        text.Length == 0 || text.StartsWith("p95", StringComparison.Ordinal) ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static string Inv(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static double N(Finding f, string key) => f.Numbers.TryGetValue(key, out var v) ? v : double.NaN;

    private static bool Has(Finding f, string key) => f.Numbers.ContainsKey(key);

    private static string L(Finding f, string key, string fallback) => f.Labels.TryGetValue(key, out var v) ? v : fallback;
}
