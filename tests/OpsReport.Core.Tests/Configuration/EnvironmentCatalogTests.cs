using OpsReport.Core.Configuration;

namespace OpsReport.Core.Tests.Configuration;

public sealed class EnvironmentCatalogTests
{
    [Fact]
    public void All_NoEnvironmentConfigured_IsTheDemoEnvironmentsWithProdAsDefault()
    {
        var catalog = new EnvironmentCatalog(new OpsReportOptions());

        Assert.Equal(["prod", "staging", "demo"], catalog.All.Select(e => e.Name));
        Assert.All(catalog.All, e => Assert.True(e.IsDemo));
        Assert.Equal("prod", catalog.Default.Name);
        Assert.True(catalog.Default.IsProduction);
        Assert.False(catalog.Find("staging")!.IsProduction);
    }

    [Fact]
    public void All_EnvironmentWithRealSource_TurnsTheDemoOff()
    {
        var options = new OpsReportOptions { Environments = [new() { Name = "live", DisplayName = "Live (JP)", IsProduction = true, Aws = new() }, new() { Name = "staging", Aws = new() }] };

        var catalog = new EnvironmentCatalog(options);

        Assert.False(EnvironmentCatalog.IsDemoEnabled(options));
        Assert.Equal(["live", "staging"], catalog.All.Select(e => e.Name));
        Assert.Equal(new EnvironmentInfo("live", "Live (JP)", IsProduction: true, IsDemo: false), catalog.Default);
        Assert.Equal("staging", catalog.Find("staging")!.DisplayName);
    }

    [Fact]
    public void All_DemoForcedOnBesideRealEnvironment_AddsOnlyDemoEnvironmentsNotAlreadyConfigured()
    {
        var options = new OpsReportOptions { Environments = [new() { Name = "production", Datadog = new() }] };
        options.Demo.Enabled = true;
        options.Demo.Environments = ["production", "demo"];

        var catalog = new EnvironmentCatalog(options);

        Assert.Equal([("production", false), ("demo", true)], catalog.All.Select(e => (e.Name, e.IsDemo)));
        Assert.True(catalog.Find("production")!.IsProduction);
    }

    [Fact]
    public void Find_OtherCaseOrUnknown_MatchesIgnoringCaseOrGivesNull()
    {
        var catalog = new EnvironmentCatalog(new OpsReportOptions());

        Assert.Equal("staging", catalog.Find("STAGING")!.Name);
        Assert.Null(catalog.Find("qa"));
        Assert.Null(catalog.Find(null));
    }

    [Fact]
    public void Default_NoProductionEnvironment_IsTheFirst()
    {
        var catalog = new EnvironmentCatalog(new OpsReportOptions { Environments = [new() { Name = "qa", Aws = new() }, new() { Name = "staging", Aws = new() }] });

        Assert.Equal("qa", catalog.Default.Name);
    }
}
