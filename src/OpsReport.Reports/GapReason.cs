namespace OpsReport.Reports;

/// <summary>Why a stretch of a period has no data.</summary>
public enum GapReason
{
    /// <summary>A collection run for it failed and nothing collected it since.</summary>
    Failed,

    /// <summary>Before the stream's first successful collection.</summary>
    NotCollected,

    /// <summary>After the stream's watermark: not collected yet.</summary>
    NotYet,
}
