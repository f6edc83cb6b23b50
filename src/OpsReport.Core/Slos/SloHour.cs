namespace OpsReport.Core.Slos;

/// <summary>Good and total requests of one hour (UTC start). An hour without counts has no entry: missing is never zero.</summary>
public readonly record struct SloHour(DateTimeOffset Hour, long Good, long Total);
