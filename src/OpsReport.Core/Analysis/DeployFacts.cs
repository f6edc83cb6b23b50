namespace OpsReport.Core.Analysis;

/// <summary>
/// Keys a finding carries when a deploy of its service came just before its onset (numbers and labels, beside
/// <see cref="Facts"/>). Stored with the finding: add, don't rename.
/// </summary>
public static class DeployFacts
{
    public const string At = "deployAtUnix";
    public const string MinutesBefore = "deployMinutesBefore";
    public const string LabelService = "deployService";
    public const string LabelVersion = "deployVersion";
    public const string LabelSource = "deploySource";

    public static readonly IReadOnlyList<string> NumberKeys = [At, MinutesBefore];

    public static readonly IReadOnlyList<string> LabelKeys = [LabelService, LabelVersion, LabelSource];
}
