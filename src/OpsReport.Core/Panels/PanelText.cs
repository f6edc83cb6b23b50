namespace OpsReport.Core.Panels;

/// <summary>The words of the stand-up panels (titles, column headers, chart labels, notes) in English and Japanese.</summary>
public sealed record PanelText
{
    public static readonly PanelText English = new();

    public static readonly PanelText Japanese = new()
    {
        Language = "ja",
        Versus = " と ",
        VersusEnd = " の比較",
        LatencyTitle = "パス別のレイテンシ",
        LatencyChart = "p95 レイテンシ（上位パス）",
        Path = "パス",
        Change = "変化",
        Requests = "リクエスト数",
        TrafficChange = "トラフィックの変化",
        NoLatency = "この期間のレイテンシのデータがありません。",
        SlowTenantsTitle = "遅いテナント",
        SlowTenantsSubtitle = "各テナントの p95 を同じパスの他テナントの p95 中央値と比較",
        SlowTenantChart = "{0} の {1} の p95（他テナントとの比較）",
        OtherTenantsP95 = "他テナント p95",
        Tenant = "テナント",
        TenantP95 = "テナント p95",
        OthersMedian = "他テナント（p95 中央値）",
        TimesOthers = "× 他テナント",
        AllTenantsP95 = "全テナント p95",
        AllTenants = "全テナント",
        NoTenants = "十分なリクエストのあるテナントのレイテンシのデータがありません。",
        MemoryTitle = "サービス別のメモリ",
        MemorySubtitle = "1 時間ごとの使用率。ピークを 1 週間前の同じ時間帯と比較",
        MemoryChart = "サービス別のメモリ使用率",
        Service = "サービス",
        Latest = "最新",
        LatestAtFormat = "最新値は {0} 時点",
        PointsFormat = "{0} pt",
        Peak = "ピーク",
        PeakWeekEarlier = "1 週間前のピーク",
        NoMemory = "この環境のメモリのデータがありません。",
        LogsTitle = "ロググループ別のログ量",
        LogsChart = "ロググループ別のログ量",
        LogGroup = "ロググループ",
        Ingested = "取り込み量",
        DebugShare = "DEBUG の割合",
        NoLogs = "この環境のログ量のデータがありません。",
        CostTitle = "サービス別の日次コスト",
        CostSubtitle = "USD。請求日（UTC の日付）を同じ日付の現地日として集計",
        CostChart = "AWS サービス別の日次コスト（直近 30 日）",
        AwsService = "AWS サービス",
        Cost = "コスト",
        Difference = "差額",
        NoCost = "この環境のコストのデータがありません。",
        WeekBefore = "（前週）",
        NoData = "データなし",
    };

    public string Language { get; init; } = "en";
    public string Versus { get; init; } = " vs ";
    public string VersusEnd { get; init; } = "";
    public string LatencyTitle { get; init; } = "Latency by path";
    public string LatencyChart { get; init; } = "p95 latency, top paths";
    public string Path { get; init; } = "Path";
    public string Change { get; init; } = "Change";
    public string Requests { get; init; } = "Requests";
    public string TrafficChange { get; init; } = "Traffic change";
    public string NoLatency { get; init; } = "No latency data for this environment in the period.";
    public string SlowTenantsTitle { get; init; } = "Slowest tenants";
    public string SlowTenantsSubtitle { get; init; } = "each tenant's p95 against the median p95 of the other tenants on the same path";
    public string SlowTenantChart { get; init; } = "p95 of {0} on {1} vs the other tenants";
    public string OtherTenantsP95 { get; init; } = "Other tenants p95";
    public string Tenant { get; init; } = "Tenant";
    public string TenantP95 { get; init; } = "Tenant p95";
    public string OthersMedian { get; init; } = "Other tenants (median p95)";
    public string TimesOthers { get; init; } = "× others";
    public string AllTenantsP95 { get; init; } = "All tenants p95";
    public string AllTenants { get; init; } = "All tenants";
    public string NoTenants { get; init; } = "No tenant latency data with enough requests in the period.";
    public string MemoryTitle { get; init; } = "Memory per service";
    public string MemorySubtitle { get; init; } = "Hourly utilization; peak compared with the same window a week earlier";
    public string MemoryChart { get; init; } = "Memory utilization per service";
    public string Service { get; init; } = "Service";
    public string Latest { get; init; } = "Latest";
    public string LatestAtFormat { get; init; } = "latest = {0}";
    public string PointsFormat { get; init; } = "{0} points";
    public string Peak { get; init; } = "Peak";
    public string PeakWeekEarlier { get; init; } = "Peak a week earlier";
    public string NoMemory { get; init; } = "No memory data for this environment.";
    public string LogsTitle { get; init; } = "Log volume per log group";
    public string LogsChart { get; init; } = "Log volume per log group";
    public string LogGroup { get; init; } = "Log group";
    public string Ingested { get; init; } = "Ingested";
    public string DebugShare { get; init; } = "DEBUG share";
    public string NoLogs { get; init; } = "No log-volume data for this environment.";
    public string CostTitle { get; init; } = "Daily cost by service";
    public string CostSubtitle { get; init; } = "USD; billing dates (UTC dates) counted as the local days of the same date";
    public string CostChart { get; init; } = "Daily cost by AWS service, last 30 days";
    public string AwsService { get; init; } = "AWS service";
    public string Cost { get; init; } = "Cost";
    public string Difference { get; init; } = "Difference";
    public string NoCost { get; init; } = "No cost data for this environment.";
    public string WeekBefore { get; init; } = " (week before)";
    public string NoData { get; init; } = "no data";

    /// <summary>Japanese for <c>ja</c>, English otherwise.</summary>
    public static PanelText For(string? language) => language == "ja" ? Japanese : English;

    /// <summary>The panel with its missing cells worded in this language (cells are built as "no data").</summary>
    public PanelData Localize(PanelData panel)
    {
        if (Language == "en")
            return panel;
        var rows = panel.Table.Rows
            .Select(row => (IReadOnlyList<PanelCell>)row.Select(c => c.Tone == CellTone.Missing ? c with { Text = NoData } : c).ToList())
            .ToList();
        return panel with { Table = panel.Table with { Rows = rows } };
    }
}
