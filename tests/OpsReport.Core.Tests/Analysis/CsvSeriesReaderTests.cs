using OpsReport.Core.Analysis;

namespace OpsReport.Core.Tests.Analysis;

public sealed class CsvSeriesReaderTests
{
    private static CsvSeries Parse(string text) => CsvSeriesReader.Parse(new StringReader(text), "export.csv");

    [Fact]
    public void Parse_FiveMinuteExportWithHeaderAndGap_PlacesRowsOnTheGrid()
    {
        var csv = Parse("\"Timestamp\",\"IncomingBytes\"\n2026-11-10T00:00:00Z,1\n2026-11-10T00:05:00Z,2.5\n2026-11-10T00:10:00Z,\n2026-11-10T00:20:00Z,4e3\n");

        Assert.Equal("IncomingBytes", csv.ValueHeader);
        Assert.Equal(TimeSpan.FromMinutes(5), csv.Series.Step);
        Assert.Equal(new DateTimeOffset(2026, 11, 10, 0, 0, 0, TimeSpan.Zero), csv.Series.Start);
        Assert.Equal(5, csv.Series.Count);
        Assert.Equal(2.5, csv.Series.Values[1]);
        Assert.True(double.IsNaN(csv.Series.Values[2]));
        Assert.True(double.IsNaN(csv.Series.Values[3]));
        Assert.Equal(4000, csv.Series.Values[4]);
        Assert.Null(csv.Warning());
    }

    [Fact]
    public void Parse_OffsetsAndNoOffset_AreUtcWhenNoneIsGiven()
    {
        var csv = Parse("2026-11-10 09:00:00+09:00,1\n2026-11-10T01:00:00,2\n2026-11-10T02:00Z,3\n");

        Assert.Equal(new DateTimeOffset(2026, 11, 10, 0, 0, 0, TimeSpan.Zero), csv.Series.Start);
        Assert.Equal(TimeSpan.FromHours(1), csv.Series.Step);
        Assert.Equal([1, 2, 3], csv.Series.Values);
        Assert.Equal("value", csv.ValueHeader);
    }

    [Fact]
    public void Parse_DstRepeatedHour_MergesTheRepeatedRowsByTheirMean()
    {
        // A local-time export across the end of US daylight saving: 01:00–01:30 local appears twice, once per offset,
        // and a tool that dropped the offsets wrote both as the same wall-clock times.
        var csv = Parse("timestamp,value\n2026-11-01T00:30:00,10\n2026-11-01T01:00:00,20\n2026-11-01T01:30:00,30\n2026-11-01T01:00:00,40\n2026-11-01T01:30:00,50\n2026-11-01T02:00:00,60\n");

        Assert.Equal(TimeSpan.FromMinutes(30), csv.Series.Step);
        Assert.Equal([10, 30, 40, 60], csv.Series.Values);
        Assert.Equal(2, csv.Duplicates);
        Assert.Equal(1, csv.Reordered);
        Assert.Contains("2 row(s) with a repeated timestamp merged into the mean", csv.Warning());
    }

    [Fact]
    public void Parse_OutOfOrderRows_AreSortedAndCounted()
    {
        var csv = Parse("t,v\n2026-11-10T02:00:00Z,3\n2026-11-10T00:00:00Z,1\n2026-11-10T01:00:00Z,2\n2026-11-10T04:00:00Z,5\n2026-11-10T03:00:00Z,4\n");

        Assert.Equal(new DateTimeOffset(2026, 11, 10, 0, 0, 0, TimeSpan.Zero), csv.Series.Start);
        Assert.Equal([1, 2, 3, 4, 5], csv.Series.Values);
        Assert.Equal(2, csv.Reordered);
        Assert.Equal(0, csv.Duplicates);
        Assert.StartsWith("warning: export.csv: 2 row(s) out of time order sorted", csv.Warning());
    }

    [Fact]
    public void Parse_UnreadableRows_AreSkippedAndTheFirstIsNamed()
    {
        var csv = Parse("t,v\n2026-11-10T00:00:00Z,1\n2026-11-10T01:00:00Z,1.234,5\n2026-11-10T02:00:00Z,abc\n10/11/2026 03:00,2\n2026-11-10T04:00:00Z\n2026-11-10T05:00:00Z,6\n");

        Assert.Equal(3, csv.Skipped);
        Assert.Equal(TimeSpan.FromHours(1), csv.Series.Step);
        Assert.Equal(1.234, csv.Series.Values[1]);
        Assert.True(double.IsNaN(csv.Series.Values[2]));
        Assert.Equal(6, csv.Series.Values[5]);
        Assert.StartsWith("export.csv:4: 'abc' is not a number", csv.FirstSkipped);
        Assert.StartsWith("warning: export.csv: 3 unreadable row(s) skipped (first: export.csv:4: 'abc' is not a number", csv.Warning());
    }

    [Theory]
    [InlineData("t,v\n2026-11-10T00:00:00Z,abc\n", "export.csv:2: 'abc' is not a number")]
    [InlineData("t,v\n10/11/2026 01:00,2\n", "export.csv:2: '10/11/2026 01:00' is not an ISO 8601 timestamp")]
    [InlineData("t,v\n", "export.csv:1: no usable row")]
    [InlineData("t,v\n2026-11-10T00:00:00Z,\"1\n", "export.csv:2: a quoted field is not closed")]
    public void Parse_NoUsableRow_NamesFileLineAndWhatWasExpected(string text, string message)
    {
        var e = Assert.Throws<FormatException>(() => Parse(text));

        Assert.StartsWith(message, e.Message);
    }

    [Fact]
    public void Read_MissingFile_SaysSo()
    {
        var e = Assert.Throws<FileNotFoundException>(() => CsvSeriesReader.Read("/nonexistent/export.csv"));

        Assert.Contains("/nonexistent/export.csv: no such file", e.Message);
    }
}
