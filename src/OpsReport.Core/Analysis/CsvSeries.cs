namespace OpsReport.Core.Analysis;

/// <summary>A series read from a CSV export: its name (the file), the value column's header, and the points on their grid.</summary>
public sealed record CsvSeries(string Name, string ValueHeader, RegularSeries Series);
