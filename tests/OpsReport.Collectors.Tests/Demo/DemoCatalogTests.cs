using OpsReport.Collectors.Sources.Demo;

namespace OpsReport.Collectors.Tests.Demo;

public sealed class DemoCatalogTests
{
    [Fact]
    public void TenantsOf_EachRole_SizedAsThePlanSays()
    {
        Assert.Equal(30, DemoCatalog.TenantsOf("prod").Count);
        Assert.Equal(5, DemoCatalog.TenantsOf("staging").Count);
        Assert.Equal(8, DemoCatalog.TenantsOf("demo").Count);
        Assert.Equal(DemoTenantSize.Large, DemoCatalog.TenantsOf("prod").Single(t => t.Id == DemoCatalog.SlowTenantId).Size);
        Assert.All(DemoCatalog.TenantsOf("prod"), t => Assert.Matches("^[a-z0-9-]+$", t.Id));
    }

    [Theory]
    [InlineData("sakura-logistics", "株式会社サクラ物流")]
    [InlineData("midori-bank", "株式会社みどり銀行")]
    [InlineData("yamada-seisakusho", "山田製作所株式会社")]
    [InlineData("hikari-soft", "合同会社ひかりソフト")]
    [InlineData("acme", "Acme Corp")]
    [InlineData("unknown-tenant", "unknown-tenant")]
    public void TenantDisplayName_TenantId_DisplayNameOrTheIdItself(string id, string expected) =>
        Assert.Equal(expected, DemoCatalog.TenantDisplayName(id));

    [Fact]
    public void AccountId_EachEnvironment_StableTwelveDigitsAndDistinct()
    {
        var ids = new[] { "prod", "staging", "demo" }.Select(DemoCatalog.AccountId).ToList();

        Assert.All(ids, id => Assert.Matches("^[1-9][0-9]{11}$", id));
        Assert.Equal(3, ids.Distinct().Count());
        Assert.Equal(ids[0], DemoCatalog.AccountId("prod"));
    }

    [Fact]
    public void Paths_AreRouteTemplatesOfKnownServices()
    {
        Assert.InRange(DemoCatalog.Paths.Count, 12, 16);
        Assert.All(DemoCatalog.Paths, p => Assert.Contains(p.Service, DemoCatalog.Services));
        Assert.All(DemoCatalog.Paths, p => Assert.DoesNotMatch("/[0-9]+(/|$)", p.Template));
        Assert.Contains(DemoCatalog.Paths, p => p.Template == DemoCatalog.SlowPath);
    }

    [Fact]
    public void LogGroupsOf_Staging_IncludesTheBillingSyncLambda()
    {
        Assert.Contains("/aws/lambda/billing-sync-staging", DemoCatalog.LogGroupsOf("staging"));
        Assert.Contains("/ecs/api", DemoCatalog.LogGroupsOf("staging"));
    }
}
