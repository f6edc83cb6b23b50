using OpsReport.Core.Domain;

namespace OpsReport.Core.Panels;

/// <summary>
/// Cost of one environment for a period against the one before (UTC billing dates, as Cost Explorer bills): every cost
/// line, the same money grouped by service, usage type and account, the movers, and 30 days of daily cost by service.
/// </summary>
public sealed record CostOverview(
    ComparisonPeriods Periods,
    TimeWindow CurrentDates,
    TimeWindow PreviousDates,
    double? Total,
    double? TotalPrevious,
    IReadOnlyList<CostLine> Lines,
    IReadOnlyList<CostGroup> ByService,
    IReadOnlyList<CostGroup> ByUsageType,
    IReadOnlyList<CostGroup> ByAccount,
    TimeWindow TrendDates,
    IReadOnlyList<CostTrend> DailyByService);

/// <summary>One cost line (account, service, usage type): cost in both periods, the difference and its share of the total change.</summary>
public sealed record CostLine(string Account, string AwsService, string UsageType, double? Current, double? Previous, double? Delta, double? ShareOfChange);

/// <summary>Cost grouped by one dimension.</summary>
public sealed record CostGroup(string Name, double? Current, double? Previous, double? Delta);

/// <summary>Daily cost of one service (UTC billing days).</summary>
public sealed record CostTrend(string AwsService, IReadOnlyList<Point> Daily);
