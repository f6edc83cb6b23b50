using OpsReport.Core.Domain;

namespace OpsReport.Core.Tests.Domain;

public sealed class SeriesKeyTests
{
    [Fact]
    public void ToString_DimensionsGivenInAnyOrder_SortsThemIntoOneCanonicalForm()
    {
        var a = new SeriesKey(Metrics.LatencyP95, Resolution.Hour, (Dims.Path, "/api/x"), (Dims.Env, "prod"));
        var b = new SeriesKey(Metrics.LatencyP95, Resolution.Hour, (Dims.Env, "prod"), (Dims.Path, "/api/x"));

        Assert.Equal("latency.p95@1h{env=prod,path=/api/x}", a.ToString());
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void Equals_SameDimensionsDifferentResolution_AreDifferentSeries()
    {
        var hourly = new SeriesKey(Metrics.LatencyP95, Resolution.Hour, (Dims.Env, "prod"));
        var daily = hourly.WithResolution(Resolution.Day);

        Assert.NotEqual(hourly, daily);
        Assert.Equal("latency.p95@1d{env=prod}", daily.ToString());
    }

    [Theory]
    [InlineData("株式会社サンプル")]
    [InlineData("Acme, Inc.")]
    [InlineData("{weird}=group")]
    [InlineData("100%,done}")]
    [InlineData("%2C literally")]
    [InlineData("%7D%25")]
    [InlineData("")]
    public void Parse_ToStringOfValueWithSeparatorsOrJapanese_RoundTrips(string value)
    {
        var key = new SeriesKey(Metrics.Requests, Resolution.Day, (Dims.Env, "prod"), (Dims.Tenant, value), (Dims.Path, "/a,b"));

        var parsed = SeriesKey.Parse(key.ToString());

        Assert.Equal(key, parsed);
        Assert.Equal(value, parsed[Dims.Tenant]);
        Assert.Equal("/a,b", parsed[Dims.Path]);
    }

    [Fact]
    public void Parse_SecondsResolution_RoundTrips()
    {
        var key = new SeriesKey(Metrics.Requests, new Resolution(300), (Dims.Env, "prod"));

        Assert.Equal("requests@300s{env=prod}", key.ToString());
        Assert.Equal(key, SeriesKey.Parse("requests@300s{env=prod}"));
    }

    [Fact]
    public void Parse_NoDimensions_GivesKeyWithoutDimensions()
    {
        var key = SeriesKey.Parse("cost.usd@1d{}");

        Assert.Equal(Metrics.CostDaily, key.Metric);
        Assert.Equal(Resolution.Day, key.Resolution);
        Assert.Empty(key.Dimensions);
    }

    [Theory]
    [InlineData("latency.p95")]
    [InlineData("latency.p95@1h")]
    [InlineData("@1h{env=prod}")]
    [InlineData("latency.p95@1h{env=prod")]
    [InlineData("latency.p95@2x{env=prod}")]
    [InlineData("latency.p95@1h{prod}")]
    public void Parse_MalformedText_ThrowsFormatException(string text)
    {
        Assert.Throws<FormatException>(() => SeriesKey.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a,b")]
    [InlineData("a=b")]
    [InlineData("a{b")]
    public void Constructor_DimensionNameWithSeparator_ThrowsArgumentException(string name)
    {
        Assert.Throws<ArgumentException>(() => new SeriesKey(Metrics.Requests, Resolution.Hour, (name, "x")));
    }

    [Fact]
    public void Indexer_MissingDimension_IsNull()
    {
        var key = new SeriesKey(Metrics.Requests, Resolution.Hour, (Dims.Env, "prod"));

        Assert.Null(key[Dims.Tenant]);
        Assert.Equal("prod", key[Dims.Env]);
    }

    [Fact]
    public void With_ExistingDimension_ReplacesItsValue()
    {
        var key = new SeriesKey(Metrics.Requests, Resolution.Hour, (Dims.Env, "prod"), (Dims.Path, "/a"));

        var changed = key.With(Dims.Env, "staging").WithMetric(Metrics.Errors);

        Assert.Equal("errors@1h{env=staging,path=/a}", changed.ToString());
        Assert.Equal("requests@1h{env=prod,path=/a}", key.ToString());
    }
}
