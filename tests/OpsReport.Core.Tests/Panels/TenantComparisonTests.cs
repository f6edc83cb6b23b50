using OpsReport.Core.Domain;
using OpsReport.Core.Panels;

namespace OpsReport.Core.Tests.Panels;

/// <summary>The one definition of "a tenant against the other tenants on the path", on values chosen by hand.</summary>
public sealed class TenantComparisonTests
{
    private static readonly TenantValue[] OnPath =
    [
        new("slow", 900, 1000),
        new("b", 100, 1000),
        new("c", 120, 1000),
        new("thin", 5000, 10), // too few requests to be anyone's baseline or to be ranked
    ];

    [Fact]
    public void Compare_SlowTenant_IsComparedWithTheOthersWithoutItself()
    {
        var compared = TenantComparison.Compare(OnPath);

        // Lower median of {100, 120} is 100: the slow tenant never lifts its own baseline.
        Assert.Equal(100, compared["slow"].OthersP95);
        Assert.Equal(9.0, compared["slow"].Ratio!.Value, 9);
        // For b the others are {900, 120}: lower median 120.
        Assert.Equal(120, compared["b"].OthersP95);
        Assert.Equal(100.0 / 120, compared["b"].Ratio!.Value, 9);
    }

    [Fact]
    public void Compare_TenantUnderMinimumRequests_HasABaselineButNoRatioAndIsNoOnesBaseline()
    {
        var compared = TenantComparison.Compare(OnPath);

        Assert.Equal(120, compared["thin"].OthersP95);
        Assert.Null(compared["thin"].Ratio);
        Assert.DoesNotContain("thin", TenantComparison.Rankable(OnPath).Select(t => t.Tenant));
    }

    [Fact]
    public void Compare_LowerOwnMinimum_RanksAThinTenantAgainstTheSameBaseline()
    {
        var compared = TenantComparison.Compare(OnPath, minOwnRequests: 5);

        Assert.Equal(5000.0 / 120, compared["thin"].Ratio!.Value, 9);
        Assert.Equal(100, compared["slow"].OthersP95);
    }

    [Fact]
    public void OthersLine_EachStep_IsTheLowerMedianOfTheOtherBaselineTenants()
    {
        var t0 = new DateTimeOffset(2026, 11, 19, 0, 0, 0, TimeSpan.Zero);
        var t1 = t0.AddHours(1);
        IReadOnlyList<Point> P(double a, double b) => [new Point(t0, a), new Point(t1, b)];
        var series = new[] { ("slow", P(900, 950)), ("b", P(100, 300)), ("c", P(120, 110)), ("thin", P(5000, 5000)) };
        var baseline = new HashSet<string>(["slow", "b", "c"], StringComparer.Ordinal);

        var line = TenantComparison.OthersLine(series, "slow", baseline);

        Assert.Equal([new Point(t0, 100), new Point(t1, 110)], line);
    }

    [Fact]
    public void OthersLines_ManyTenantsWithHoles_EqualsEachTenantsOwnMedianOfTheOthers()
    {
        // Independent reference: at each hour, sort the other baseline tenants' values and take the lower median.
        var t0 = new DateTimeOffset(2026, 11, 19, 0, 0, 0, TimeSpan.Zero);
        var random = new Random(7);
        var series = Enumerable.Range(0, 9).Select(i => (Tenant: "t" + i, Points: (IReadOnlyList<Point>)Enumerable.Range(0, 48)
            .Where(h => random.NextDouble() > 0.2)
            .Select(h => new Point(t0.AddHours(h), Math.Round(random.NextDouble() * 10) * 50)).ToList())).ToList();
        var baseline = new HashSet<string>(series.Select(s => s.Tenant).Where(t => t != "t8"), StringComparer.Ordinal);

        var lines = TenantComparison.OthersLines(series, series.Select(s => s.Tenant), baseline);

        foreach (var (tenant, _) in series)
        {
            var expected = new List<Point>();
            for (var h = 0; h < 48; h++)
            {
                var at = t0.AddHours(h);
                var others = series.Where(s => s.Tenant != tenant && baseline.Contains(s.Tenant))
                    .SelectMany(s => s.Points).Where(p => p.Timestamp == at).Select(p => p.Value).ToList();
                others.Sort();
                if (others.Count > 0)
                    expected.Add(new Point(at, others[(others.Count - 1) / 2]));
            }
            Assert.Equal(expected, lines[tenant]);
        }
    }
}
