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

    [Theory]
    [InlineData("t,v\n2026-11-10T00:00:00Z,1\n2026-11-10T01:00:00Z,1.234,5\n2026-11-10T02:00:00Z,abc\n", "export.csv:4: 'abc' is not a number")]
    [InlineData("t,v\n2026-11-10T00:00:00Z,1\n10/11/2026 01:00,2\n", "export.csv:3: '10/11/2026 01:00' is not an ISO 8601 timestamp")]
    [InlineData("t,v\n2026-11-10T01:00:00Z,1\n2026-11-10T00:00:00Z,2\n2026-11-10T02:00:00Z,3\n", "export.csv:3: 2026-11-10T00:00:00Z is not after the previous row's")]
    [InlineData("t,v\n2026-11-10T00:00:00Z,1\n2026-11-10T01:00:00Z,2\n2026-11-10T02:00:00Z,3\n2026-11-10T02:30:00Z,3\n", "export.csv:5: 2026-11-10T02:30:00Z is off the grid of one row every 1 h")]
    [InlineData("t,v\n2026-11-10T00:00:00Z,1\n", "export.csv: 1 data row(s); expected at least 3")]
    [InlineData("t,v\n2026-11-10T00:00:00Z\n", "export.csv:2: expected timestamp,value but found one column")]
    [InlineData("t,v\n2026-11-10T00:00:00Z,1,000\n2026-11-10T01:00:00Z,\"1\n", "export.csv:3: a quoted field is not closed")]
    public void Parse_BadRow_NamesFileLineAndWhatWasExpected(string text, string message)
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
