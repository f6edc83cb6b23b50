using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpsReport.Core.Configuration;

namespace OpsReport.Core.Tests.Configuration;

public sealed class OptionsBindingTests
{
    [Fact]
    public void AddOpsReportCore_ConfiguredLists_ReplaceTheDefaultItemsInsteadOfAppending()
    {
        var options = Bind(new()
        {
            ["OpsReport:Email:To:0"] = "pm@example.com",
            ["OpsReport:Email:To:1"] = "cs@example.com",
            ["OpsReport:Demo:Environments:0"] = "prod",
        });

        Assert.Equal(["pm@example.com", "cs@example.com"], options.Email.To);
        Assert.Equal(["prod"], options.Demo.Environments);
    }

    [Fact]
    public void AddOpsReportCore_ListsNotConfigured_KeepTheirDefaults()
    {
        var options = Bind(new() { ["OpsReport:Product"] = "Acme Cloud" });

        Assert.Equal(["team@localhost"], options.Email.To);
        Assert.Equal(["prod", "staging", "demo"], options.Demo.Environments);
        Assert.Equal("Acme Cloud", options.Product);
    }

    private static OpsReportOptions Bind(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        using var provider = new ServiceCollection().AddOpsReportCore(configuration).BuildServiceProvider();
        return provider.GetRequiredService<IOptions<OpsReportOptions>>().Value;
    }
}
