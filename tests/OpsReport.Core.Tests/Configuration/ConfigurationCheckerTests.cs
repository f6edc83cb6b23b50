using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpsReport.Core.Configuration;

namespace OpsReport.Core.Tests.Configuration;

public sealed class ConfigurationCheckerTests
{
    [Theory]
    [InlineData("OpsReport:Environments:0:IsProduction", "yes", "OpsReport:Environments:0:IsProduction: 'yes' is not a boolean (true or false).")]
    [InlineData("OpsReport:Environments:0:Aws:InsightsConcurrency", "four", "OpsReport:Environments:0:Aws:InsightsConcurrency: 'four' is not a whole number (e.g. 4).")]
    [InlineData("OpsReport:Environments:0:Aws:InsightsQueryTimeout", "15 minutes", "OpsReport:Environments:0:Aws:InsightsQueryTimeout: '15 minutes' is not a duration (hh:mm:ss, e.g. 00:05:00).")]
    [InlineData("OpsReport:Collection:BackfillDays", "35d", "OpsReport:Collection:BackfillDays: '35d' is not a whole number (e.g. 4).")]
    [InlineData("OpsReport:Auth:Mode", "Sso", "OpsReport:Auth:Mode: 'Sso' is not one of None, Proxy, Oidc.")]
    public void FindTypeErrors_WrongValueAnywhere_NamesKeyAndExpectedType(string key, string value, string expected)
    {
        var errors = Check(new() { ["OpsReport:Environments:0:Name"] = "prod", ["OpsReport:Environments:0:Aws:Region"] = "ap-northeast-1", [key] = value });

        Assert.Equal(expected, Assert.Single(errors));
    }

    [Fact]
    public void FindTypeErrors_SingleValueWhereAListBelongs_SaysAListIsExpected()
    {
        var errors = Check(new() { ["OpsReport:Environments"] = "prod", ["OpsReport:Email:To"] = "pm@example.com" });

        Assert.Contains("OpsReport:Environments: 'prod' is a single value; expected a list ([ … ]).", errors);
        Assert.Contains("OpsReport:Email:To: 'pm@example.com' is a single value; expected a list ([ … ]).", errors);
    }

    [Fact]
    public void FindTypeErrors_WellTypedConfiguration_FindsNothing()
    {
        var errors = Check(new()
        {
            ["OpsReport:Environments:0:Name"] = "prod",
            ["OpsReport:Environments:0:IsProduction"] = "true",
            ["OpsReport:Environments:0:Aws:InsightsConcurrency"] = "2",
            ["OpsReport:Environments:0:Aws:InsightsQueryTimeout"] = "00:10:00",
            ["OpsReport:Environments:0:Aws:Tenants:t-001"] = "株式会社サンプル",
            ["OpsReport:Collection:Interval"] = "00:05:00",
            ["OpsReport:Auth:Mode"] = "proxy",
            ["OpsReport:Auth:Proxy:TrustedProxies:0"] = "10.0.0.0/8",
        });

        Assert.Empty(errors);
    }

    [Fact]
    public void AddOpsReportCore_TypoInsideAnEnvironment_StopsInsteadOfFallingBackToDemo()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OpsReport:Environments:0:Name"] = "prod",
            ["OpsReport:Environments:0:IsProduction"] = "yes",
        }).Build();
        using var provider = new ServiceCollection().AddOpsReportCore(configuration).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<OpsReportOptions>>().Value);

        Assert.Contains("OpsReport:Environments:0:IsProduction: 'yes' is not a boolean (true or false).", error.Failures);
    }

    private static IReadOnlyList<string> Check(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        return ConfigurationChecker.FindTypeErrors(configuration.GetSection(OpsReportOptions.SectionName), typeof(OpsReportOptions));
    }
}
