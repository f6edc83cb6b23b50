using OpsReport.Core.Domain;
using OpsReport.Core.Storage;

namespace OpsReport.Core.Tests.Storage;

public sealed class SeriesFilterTests
{
    private static readonly SeriesKey Overall = new(Metrics.LatencyP95, Resolution.Hour, (Dims.Env, "prod"), (Dims.Path, "/a"));
    private static readonly SeriesKey PerTenant = Overall.With(Dims.Tenant, "t1");

    [Fact]
    public void Matches_ExactValue_RequiresThatValue()
    {
        var filter = new SeriesFilter(Metrics.LatencyP95, Resolution.Hour, (Dims.Path, "/a"));

        Assert.True(filter.Matches(Overall));
        Assert.False(filter.Matches(Overall.With(Dims.Path, "/b")));
    }

    [Fact]
    public void Matches_Any_RequiresTheDimensionToBePresent()
    {
        var filter = new SeriesFilter(Metrics.LatencyP95, Resolution.Hour, (Dims.Tenant, SeriesFilter.Any));

        Assert.True(filter.Matches(PerTenant));
        Assert.False(filter.Matches(Overall));
    }

    [Fact]
    public void Matches_Absent_RequiresTheDimensionToBeMissing()
    {
        var filter = new SeriesFilter(Metrics.LatencyP95, Resolution.Hour, (Dims.Tenant, SeriesFilter.Absent));

        Assert.True(filter.Matches(Overall));
        Assert.False(filter.Matches(PerTenant));
    }

    [Fact]
    public void Matches_UnlistedDimension_IsNotConstrained()
    {
        var filter = new SeriesFilter(Metrics.LatencyP95, Resolution.Hour);

        Assert.True(filter.Matches(Overall));
        Assert.True(filter.Matches(PerTenant));
    }

    [Fact]
    public void Matches_OtherMetricOrResolution_DoesNotMatch()
    {
        var filter = new SeriesFilter(Metrics.LatencyP95, Resolution.Hour);

        Assert.False(filter.Matches(Overall.WithMetric(Metrics.LatencyP99)));
        Assert.False(filter.Matches(Overall.WithResolution(Resolution.Day)));
    }
}
