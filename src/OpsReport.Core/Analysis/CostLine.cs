namespace OpsReport.Core.Analysis;

/// <summary>One daily cost line (Cost Explorer: account, AWS service, usage type) on UTC days.</summary>
public sealed record CostLine(string Account, string AwsService, string UsageType, RegularSeries Daily)
{
    public string Name => $"{AwsService} {UsageType}";

    /// <summary>CloudWatch Logs ingestion (<c>*-DataProcessing-Bytes</c>): explained by a log-volume finding of the same account.</summary>
    public bool IsLogIngestion => AwsService.Contains("CloudWatch", StringComparison.OrdinalIgnoreCase)
        && UsageType.EndsWith("DataProcessing-Bytes", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// S3 storage (<c>*-TimedStorage-*</c>): explained by the bucket-size series. Cost Explorer names the service
    /// "Amazon Simple Storage Service"; exports and older tools say "AmazonS3". EFS storage is also TimedStorage, under its own name.
    /// </summary>
    public bool IsS3Storage => (AwsService.Contains("S3", StringComparison.OrdinalIgnoreCase) || AwsService.Contains("Simple Storage Service", StringComparison.OrdinalIgnoreCase))
        && UsageType.Contains("TimedStorage", StringComparison.OrdinalIgnoreCase);
}

/// <summary>How a cost line moved.</summary>
public enum CostMove
{
    /// <summary>A lasting step up.</summary>
    Step,

    /// <summary>A steady climb, day after day.</summary>
    Creep,

    /// <summary>A line that was not on the bill before.</summary>
    New,
}

/// <summary>A cost line that moved the bill, before it is told as a finding (and possibly folded into the signal that explains it).</summary>
public sealed record CostMovement(CostLine Line, CostMove Move, DateTimeOffset Since, double BeforePerDay, double NowPerDay, double MonthlyChange,
    double GrowthPerDayPerDay, double DayOverDay, double WeekOverWeek);
