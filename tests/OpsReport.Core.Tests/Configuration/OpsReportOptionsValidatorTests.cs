using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpsReport.Core.Configuration;

namespace OpsReport.Core.Tests.Configuration;

public sealed class OpsReportOptionsValidatorTests
{
    /// <summary>One mistake per rule, by the full configuration key the error must name.</summary>
    private static readonly Dictionary<string, Action<OpsReportOptions>> Mistakes = new()
    {
        ["OpsReport:DataDir"] = o => o.DataDir = " ",
        ["OpsReport:TimeZone"] = o => o.TimeZone = "Asia/Tokio",
        ["OpsReport:Language"] = o => o.Language = "de",
        ["OpsReport:BaseUrl"] = o => o.BaseUrl = "ftp://opsreport.example.com",
        ["OpsReport:Product"] = o => o.Product = "",
        ["OpsReport:Environments:0:Name"] = o => o.Environments = [new EnvironmentOptions { Name = "" }],
        ["OpsReport:Environments:1:Name"] = o => o.Environments = [new EnvironmentOptions { Name = "prod" }, new EnvironmentOptions { Name = "Prod_EU" }],
        ["OpsReport:Environments:2:Name"] = o => o.Environments = [new EnvironmentOptions { Name = "prod" }, new EnvironmentOptions { Name = "staging" }, new EnvironmentOptions { Name = "prod" }],
        ["OpsReport:Demo:Environments"] = o => o.Demo.Environments = [],
        ["OpsReport:Demo:Environments:1"] = o => o.Demo.Environments = ["prod", "Staging!"],
        ["OpsReport:Collection:Interval"] = o => o.Collection.Interval = TimeSpan.FromSeconds(30),
        ["OpsReport:Collection:BackfillDays"] = o => o.Collection.BackfillDays = 0,
        ["OpsReport:Email:Delivery"] = o => o.Email.Delivery = "SendGrid",
        ["OpsReport:Email:Smtp:Host"] = o => o.Email.Delivery = "Smtp",
        ["OpsReport:Email:Smtp:Port"] = o => o.Email.Smtp.Port = 70_000,
        ["OpsReport:Email:From"] = o => o.Email.From = "opsreport at example dot com",
        ["OpsReport:Email:To:1"] = o => o.Email.To = ["team@example.com", "not-an-address"],
        ["OpsReport:Email:MaxAttachmentBytes"] = o => o.Email.MaxAttachmentBytes = 0,
        ["OpsReport:Analysis:Slo:AtRiskBudgetLeft"] = o => o.Analysis.Slo.AtRiskBudgetLeft = 1.5,
        ["OpsReport:Analysis:Slo:FastBurnRate"] = o => o.Analysis.Slo.FastBurnRate = double.NaN,
        ["OpsReport:Analysis:Slo:SlowBurnRate"] = o => o.Analysis.Slo.SlowBurnRate = 10,
        ["OpsReport:Analysis:Slo:FastBurnShortHours"] = o => o.Analysis.Slo.FastBurnShortHours = 0,
        ["OpsReport:Analysis:Slo:SlowBurnLongHours"] = o => o.Analysis.Slo.SlowBurnLongHours = 3,
        ["OpsReport:Analysis:Slo:BurnMinRequests"] = o => o.Analysis.Slo.BurnMinRequests = 0,
        ["OpsReport:Analysis:Slo:BurnMergeHours"] = o => o.Analysis.Slo.BurnMergeHours = 0,
    };

    public static TheoryData<string> MistakeKeys => new(Mistakes.Keys);

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();

    [Fact]
    public void Validate_DefaultOptions_Succeeds()
    {
        var result = new OpsReportOptionsValidator().Validate(null, new OpsReportOptions());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [MemberData(nameof(MistakeKeys))]
    public void Errors_OneMistake_GivesOneErrorNamingItsFullKey(string key)
    {
        var options = new OpsReportOptions();
        Mistakes[key](options);

        var error = Assert.Single(new OpsReportOptionsValidator().Errors(options));

        Assert.StartsWith(key + ": ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_DuplicateEnvironmentName_NamesTheLaterEntryInFull()
    {
        var options = new OpsReportOptions { Environments = [new() { Name = "prod" }, new() { Name = "staging" }, new() { Name = "prod" }] };

        var error = Assert.Single(new OpsReportOptionsValidator().Errors(options));

        Assert.Equal("OpsReport:Environments:2:Name: 'prod' is used by another environment; names must be unique.", error);
    }

    [Fact]
    public void Errors_SmtpWithHost_IsValid()
    {
        var options = new OpsReportOptions();
        options.Email.Delivery = "Smtp";
        options.Email.Smtp.Host = "smtp.example.com";

        Assert.Empty(new OpsReportOptionsValidator().Errors(options));
    }

    [Fact]
    public void Errors_DemoOffWithRealEnvironments_DoesNotCheckDemoEnvironments()
    {
        var options = new OpsReportOptions { Environments = [new() { Name = "prod", Aws = new() { Region = "ap-northeast-1" } }] };
        options.Demo.Environments = ["Not Valid"];

        Assert.Empty(new OpsReportOptionsValidator().Errors(options));
    }

    [Fact]
    public void Errors_SeveralMistakes_AreAllReportedAtOnce()
    {
        var options = new OpsReportOptions { TimeZone = "Mars/Olympus", Language = "fr" };
        options.Email.Smtp.Port = 0;

        var errors = new OpsReportOptionsValidator().Errors(options).ToList();

        Assert.Equal(["OpsReport:TimeZone", "OpsReport:Language", "OpsReport:Email:Smtp:Port"], errors.Select(e => e[..e.IndexOf(": ", StringComparison.Ordinal)]));
    }

    [Fact]
    public void Errors_InvalidTimeZone_QuotesTheValueGiven()
    {
        var error = Assert.Single(new OpsReportOptionsValidator().Errors(new OpsReportOptions { TimeZone = "Asia/Tokio" }));

        Assert.Contains("'Asia/Tokio'", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("OpsReport:TimeZon", "Asia/Tokyo", "OpsReport:TimeZon: unknown key 'TimeZon'")]
    [InlineData("OpsReport:Environments:0:Nmae", "prod", "OpsReport:Environments:0:Nmae: unknown key 'Nmae'")]
    [InlineData("OpsReport:Email:Smtp:Hostname", "smtp.example.com", "OpsReport:Email:Smtp:Hostname: unknown key 'Hostname'")]
    [InlineData("OpsReport:Environments:0:Aws:Regoin", "ap-northeast-1", "OpsReport:Environments:0:Aws:Regoin: unknown key 'Regoin'")]
    [InlineData("OpsReport:Email:To:first", "team@example.com", "OpsReport:Email:To:first: a list is expected here")]
    public void Errors_UnknownKeyInConfiguration_IsReportedWithItsPath(string key, string value, string expectedStart)
    {
        var configuration = Config(("OpsReport:Environments:0:Name", "prod"), (key, value));
        var options = new OpsReportOptions();
        configuration.GetSection(OpsReportOptions.SectionName).Bind(options);

        var errors = new OpsReportOptionsValidator(configuration).Errors(options).ToList();

        Assert.Contains(errors, e => e.StartsWith(expectedStart, StringComparison.Ordinal));
    }

    [Fact]
    public void Errors_UnknownKey_ListsTheKeysThatWouldHaveBound()
    {
        var configuration = Config(("OpsReport:TimeZon", "Asia/Tokyo"));

        var error = Assert.Single(new OpsReportOptionsValidator(configuration).Errors(new OpsReportOptions()));

        Assert.Contains("TimeZone", error[error.IndexOf("expected", StringComparison.Ordinal)..], StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_EveryKnownKeyInConfiguration_GivesNoError()
    {
        var configuration = Config(
            ("OpsReport:DataDir", "/var/lib/opsreport"),
            ("OpsReport:TimeZone", "Europe/Berlin"),
            ("OpsReport:Product", "Shop"),
            ("OpsReport:Language", "ja"),
            ("OpsReport:BaseUrl", "https://opsreport.example.com"),
            ("OpsReport:DashboardsDir", "dashboards"),
            ("OpsReport:Environments:0:Name", "prod"),
            ("OpsReport:Environments:0:DisplayName", "本番"),
            ("OpsReport:Environments:0:IsProduction", "true"),
            ("OpsReport:Environments:0:Aws:Profile", "prod"),
            ("OpsReport:Environments:0:Aws:RoleArn", "arn:aws:iam::123456789012:role/opsreport"),
            ("OpsReport:Environments:0:Aws:Region", "ap-northeast-1"),
            ("OpsReport:Environments:1:Name", "staging"),
            ("OpsReport:Environments:1:Datadog:Site", "datadoghq.eu"),
            ("OpsReport:Environments:1:Datadog:EnvTag", "staging"),
            ("OpsReport:Demo:Enabled", "false"),
            ("OpsReport:Demo:Seed", "7"),
            ("OpsReport:Demo:Environments:0", "demo"),
            ("OpsReport:Collection:Enabled", "true"),
            ("OpsReport:Collection:Interval", "00:10:00"),
            ("OpsReport:Collection:BackfillDays", "14"),
            ("OpsReport:Email:Delivery", "Smtp"),
            ("OpsReport:Email:PickupDirectory", "outbox"),
            ("OpsReport:Email:From", "OpsReport <opsreport@example.com>"),
            ("OpsReport:Email:To:0", "team@example.com"),
            ("OpsReport:Email:MaxAttachmentBytes", "1000000"),
            ("OpsReport:Email:Smtp:Host", "smtp.example.com"),
            ("OpsReport:Email:Smtp:Port", "2525"),
            ("OpsReport:Email:Smtp:StartTls", "false"),
            ("OpsReport:Email:Smtp:UserName", "opsreport"),
            ("OpsReport:Email:Smtp:Password", "secret"),
            ("OpsReport:Analysis:Slo:FastBurnRate", "10"),
            ("OpsReport:Analysis:Slo:SlowBurnLongHours", "48"),
            ("Logging:LogLevel:Default", "Information"));
        var options = new OpsReportOptions();
        configuration.GetSection(OpsReportOptions.SectionName).Bind(options);

        var errors = new OpsReportOptionsValidator(configuration).Errors(options).ToList();

        Assert.Empty(errors);
    }

    [Fact]
    public void AddOpsReportCore_InvalidConfiguration_FailsOptionsWithTheKey()
    {
        var configuration = Config(("OpsReport:TimeZone", "Nowhere/Atlantis"), ("OpsReport:Langauge", "en"));
        using var provider = new ServiceCollection().AddOpsReportCore(configuration).BuildServiceProvider();

        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<OpsReportOptions>>().Value);

        Assert.Contains(e.Failures, f => f.StartsWith("OpsReport:TimeZone: 'Nowhere/Atlantis'", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.StartsWith("OpsReport:Langauge: unknown key", StringComparison.Ordinal));
    }
}
