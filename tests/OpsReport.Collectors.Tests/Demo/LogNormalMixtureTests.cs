using OpsReport.Collectors.Sources.Demo;

namespace OpsReport.Collectors.Tests.Demo;

public sealed class LogNormalMixtureTests
{
    private const double Z95 = 1.6448536269514722;

    [Fact]
    public void Quantile_OneComponent_IsTheAnalyticPercentile()
    {
        var mix = new LogNormalMixture();
        mix.Add(120, Math.Log(200), 0.5);

        Assert.Equal(200 * Math.Exp(0.5 * Z95), mix.Quantile(0.95, Z95), 6);
        Assert.Equal(200, mix.Quantile(0.5, 0), 6);
    }

    [Fact]
    public void Quantile_IdenticalComponents_SameAsOne()
    {
        var mix = new LogNormalMixture();
        for (var i = 0; i < 100; i++)
            mix.Add(i + 1, Math.Log(80), 0.4);

        Assert.Equal(80 * Math.Exp(0.4 * Z95), mix.Quantile(0.95, Z95), 6);
    }

    [Fact]
    public void Quantile_OneFastManyRequestsOneSlowFewRequests_WeightedByCountNotAveraged()
    {
        var mix = new LogNormalMixture();
        mix.Add(9900, Math.Log(100), 0.3);
        mix.Add(100, Math.Log(2000), 0.3);

        var p95 = mix.Quantile(0.95, Z95);
        var meanOfP95s = (100 * Math.Exp(0.3 * Z95) + 2000 * Math.Exp(0.3 * Z95)) / 2;

        // 1% of requests are slow: the pooled p95 stays near the fast tenant's, far below the mean of the two p95s.
        Assert.InRange(p95, 100 * Math.Exp(0.3 * Z95), 1.2 * 100 * Math.Exp(0.3 * Z95));
        Assert.True(p95 < meanOfP95s / 5);
    }

    [Fact]
    public void Quantile_ZeroWeights_AreIgnored()
    {
        var mix = new LogNormalMixture();
        mix.Add(0, Math.Log(5000), 0.3);
        mix.Add(10, Math.Log(50), 0.3);

        Assert.Equal(1, mix.Count);
        Assert.Equal(50, mix.Quantile(0.5, 0), 6);
    }

    [Fact]
    public void Hash_SameText_SameValueInEveryProcess()
    {
        // Pinned values (computed independently from FNV-1a + SplitMix64): a hash that changed between processes,
        // like string.GetHashCode, would move every demo point on each restart.
        Assert.Equal(0x67C1384A284D00AAUL, DemoRandom.Hash("demo"));
        Assert.Equal(0.44062978635006245, DemoRandom.Uniform(DemoRandom.Stream(20261122, "x"), 493000, 3));
    }
}
