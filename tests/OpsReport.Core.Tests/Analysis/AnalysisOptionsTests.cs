using OpsReport.Core.Configuration;

namespace OpsReport.Core.Tests.Analysis;

public sealed class AnalysisOptionsTests
{
    private static readonly Dictionary<string, Action<AnalysisOptions>> Mistakes = new()
    {
        ["OpsReport:Analysis:LookbackDays"] = a => a.LookbackDays = 3,
        ["OpsReport:Analysis:HolidayCalendar"] = a => a.HolidayCalendar = "US",
        ["OpsReport:Analysis:ExtraHolidays:1"] = a => a.ExtraHolidays = ["2026-12-30", "30.12.2026"],
        ["OpsReport:Analysis:LogVolumeRatio"] = a => a.LogVolumeRatio = 1,
        ["OpsReport:Analysis:DebugShareThreshold"] = a => a.DebugShareThreshold = 80,
        ["OpsReport:Analysis:MemoryThresholdPercent"] = a => a.MemoryThresholdPercent = 0.9 - 1,
        ["OpsReport:Analysis:LatencyMinHours"] = a => a.LatencyMinHours = 0,
        ["OpsReport:Analysis:MemorySignificantZ"] = a => a.MemorySignificantZ = 0,
        ["OpsReport:Analysis:MemoryWarningDays"] = a => a.MemoryWarningDays = 1,
        ["OpsReport:Analysis:LatencyDetectionDays"] = a => a.LatencyDetectionDays = 100,
        ["OpsReport:Analysis:LatencyMinZ"] = a => a.LatencyMinZ = -1,
        ["OpsReport:Analysis:SlowTenantCriticalRatio"] = a => a.SlowTenantCriticalRatio = 0.5,
        ["OpsReport:Analysis:LatencyPooledMinRequests"] = a => a.LatencyPooledMinRequests = 1,
        ["OpsReport:Analysis:LatencyPooledMinHours"] = a => a.LatencyPooledMinHours = 0,
        ["OpsReport:Analysis:CostCriticalUsdPerMonth"] = a => a.CostCriticalUsdPerMonth = 10,
        ["OpsReport:Analysis:CostCauseMinShare"] = a => a.CostCauseMinShare = 50,
        ["OpsReport:Analysis:StandupErrorRatio"] = a => a.StandupErrorRatio = 1,
        ["OpsReport:Analysis:StandupMinExtraLogBytes"] = a => a.StandupMinExtraLogBytes = -1,
        ["OpsReport:Analysis:DefaultRegion"] = a => a.DefaultRegion = "mars-north-1",
        ["OpsReport:Analysis:LogIngestionUsdPerGb:us-east-1"] = a => a.LogIngestionUsdPerGb["us-east-1"] = -1,
    };

    public static TheoryData<string> Keys => new(Mistakes.Keys);

    [Fact]
    public void Validate_Defaults_HaveNoAnalysisError() =>
        Assert.DoesNotContain(new OpsReportOptionsValidator().Errors(new OpsReportOptions()), e => e.Contains(":Analysis:", StringComparison.Ordinal));

    [Theory]
    [MemberData(nameof(Keys))]
    public void Validate_Mistake_NamesTheKey(string key)
    {
        var options = new OpsReportOptions();
        Mistakes[key](options.Analysis);

        var errors = new OpsReportOptionsValidator().Errors(options).ToList();

        Assert.Contains(errors, e => e.StartsWith(key + ": ", StringComparison.Ordinal));
    }
}
