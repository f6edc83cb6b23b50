namespace OpsReport.Core.Slos;

/// <summary>
/// How fast the budget burned over the last <see cref="Window"/>: the bad share of requests divided by the error
/// budget (1 = the budget would last exactly the SLO window). Null when the window has no counts.
/// </summary>
public sealed record SloBurnRate(TimeSpan Window, double? Rate, long Total);
