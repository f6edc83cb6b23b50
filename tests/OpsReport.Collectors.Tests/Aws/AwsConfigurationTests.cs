using Amazon.Runtime;
using Microsoft.Extensions.Configuration;
using OpsReport.Collectors.Sources.Aws;
using OpsReport.Collectors.Tests.Aws.Support;
using OpsReport.Core.Configuration;

namespace OpsReport.Collectors.Tests.Aws;

public sealed class AwsConfigurationTests
{
    [Fact]
    public void Validator_EveryMistake_NamedByItsKey()
    {
        var options = new OpsReportOptions
        {
            Environments =
            [
                new EnvironmentOptions { Name = "prod", Aws = new AwsEnvironmentOptions { Region = "ap-northeast-1" } },
                new EnvironmentOptions
                {
                    Name = "staging",
                    Aws = new AwsEnvironmentOptions
                    {
                        Region = "tokyo",
                        RoleArn = "arn:aws:iam::12345:user/x",
                        Namespaces = ["AWS/DynamoDB"],
                        LogGroups = ["/ecs/api", "bad name", "/ecs/api"],
                        PathField = "",
                        DurationUnit = "us",
                        PathRules = [new AwsPathRuleOptions { Pattern = "([", Replacement = "x" }],
                        InsightsConcurrency = 0,
                        InsightsQueryTimeout = TimeSpan.FromHours(2),
                    },
                },
            ],
        };

        var errors = new OpsReportOptionsValidator().Errors(options).ToList();

        const string key = "OpsReport:Environments:1:Aws";
        Assert.Equal(
            [
                $"{key}:RoleArn", $"{key}:Region", $"{key}:Namespaces:0", $"{key}:LogGroups:1", $"{key}:LogGroups:2", $"{key}:PathField",
                $"{key}:DurationUnit", $"{key}:PathRules:0:Pattern", $"{key}:InsightsConcurrency", $"{key}:InsightsQueryTimeout",
            ],
            errors.Select(e => e[..e.IndexOf(": ", StringComparison.Ordinal)]));
        Assert.Contains("'tokyo' is not an AWS region; expected e.g. ap-northeast-1", errors[1]);
    }

    [Fact]
    public void ReadmeConfigurationExample_BindsAndValidatesWithoutErrors()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        var section = readme[readme.IndexOf("## Connect AWS", StringComparison.Ordinal)..];
        var start = section.IndexOf("```jsonc", StringComparison.Ordinal) + "```jsonc".Length;
        var json = section[start..section.IndexOf("```", start, StringComparison.Ordinal)];
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json))).Build();
        var options = configuration.GetSection(OpsReportOptions.SectionName).Get<OpsReportOptions>()!;

        Assert.Empty(new OpsReportOptionsValidator(configuration).Errors(options));
        var aws = options.Environments.Single().Aws!;
        Assert.Equal(("prod-readonly", "ap-northeast-1", TimeSpan.FromMinutes(15)), (aws.Profile, aws.Region, aws.InsightsQueryTimeout));
        Assert.Equal("株式会社サンプル", aws.Tenants["t-001"]);
        Assert.Equal("/download/{file}", aws.PathRules.Single().Replacement);
    }

    [Fact]
    public void Validator_SupportedNamespaces_AreExactlyTheCatalogs()
    {
        Assert.Equal(AwsOptionsValidator.SupportedNamespaces.Order(StringComparer.Ordinal), CloudWatchMetricCatalog.Namespaces.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ConnectionFactory_NamedProfile_SignsWithTheProfilesKeysAndRegion()
    {
        var directory = Directory.CreateTempSubdirectory("opsreport-aws-profile");
        try
        {
            var file = Path.Combine(directory.FullName, "credentials");
            await File.WriteAllTextAsync(file, "[readonly]\naws_access_key_id = AKIDPROFILE000000000\naws_secret_access_key = profile-secret\nregion = eu-central-1\n");
            await using var server = await FakeAwsServer.StartAsync(_ => FakeResponse.Json(new { logGroups = Array.Empty<object>() }));
            var options = Options(new AwsEnvironmentOptions { Profile = "readonly" });
            var variables = new Dictionary<string, string> { ["AWS_ENDPOINT_URL_CLOUDWATCH_LOGS"] = server.Endpoint.ToString() };
            var factory = new AwsConnectionFactory(options, variables.GetValueOrDefault, file);

            var connection = factory.For("prod");
            await new CloudWatchLogsClient(new AwsApiClient(connection, AwsTestHost.FastRetries)).DescribeLogGroupsAsync(null, new AwsUsageMeter(), CancellationToken.None);

            Assert.Equal("eu-central-1", connection.Region);
            Assert.Equal("profile 'readonly'", connection.CredentialsDescription);
            Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDPROFILE000000000/", server.Requests.Single().Headers["Authorization"]);
            Assert.Contains("/eu-central-1/logs/aws4_request", server.Requests.Single().Headers["Authorization"]);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task ConnectionFactory_UnknownProfile_SaysWhichEnvironmentAndProfile()
    {
        var file = Path.Combine(Path.GetTempPath(), "opsreport-no-such-credentials-" + Guid.NewGuid().ToString("N"));
        var factory = new AwsConnectionFactory(Options(new AwsEnvironmentOptions { Profile = "nope", Region = "ap-northeast-1" }), _ => null, file);

        var e = await Assert.ThrowsAsync<AwsConfigurationException>(() => factory.For("prod").GetCredentialsAsync(CancellationToken.None));

        Assert.StartsWith("prod: AWS profile 'nope' was not found", e.Message);
    }

    [Fact]
    public void ConnectionFactory_NoRegionAnywhere_NamesTheKeyToSet()
    {
        var file = Path.Combine(Path.GetTempPath(), "opsreport-no-such-credentials-" + Guid.NewGuid().ToString("N"));
        var factory = new AwsConnectionFactory(Options(new AwsEnvironmentOptions()), _ => null, file);

        var e = Assert.Throws<AwsConfigurationException>(() => factory.For("prod"));

        Assert.Equal("prod: no AWS region; set OpsReport:Environments:0:Aws:Region (e.g. ap-northeast-1), AWS_REGION, or the profile's region.", e.Message);
    }

    [Fact]
    public void ConnectionFactory_RegionFromAwsRegionVariable_AndRoleDescribed()
    {
        var factory = new AwsConnectionFactory(Options(new AwsEnvironmentOptions { RoleArn = "arn:aws:iam::123456789012:role/OpsReportReadOnly" }),
            name => name == "AWS_REGION" ? "ap-northeast-3" : null, profilesLocation: null);

        var connection = factory.For("prod");

        Assert.Equal("ap-northeast-3", connection.Region);
        Assert.Equal("the default credential chain, then role arn:aws:iam::123456789012:role/OpsReportReadOnly", connection.CredentialsDescription);
    }

    [Fact]
    public async Task Sources_EnvironmentWithoutAws_OfferNoStreams()
    {
        await using var host = await AwsTestHost.CreateAsync(new Uri("http://127.0.0.1:9/"), "ap-northeast-1", new BasicAWSCredentials("a", "b"));

        Assert.Empty(host.CloudWatch.GetStreams("staging"));
        Assert.Empty(host.Logs.GetStreams("staging"));
        Assert.Empty(host.Cost.GetStreams("staging"));
        Assert.Equal(["metrics", "daily"], host.CloudWatch.GetStreams("prod").Select(s => s.Name));
        Assert.Equal(["inventory"], host.Logs.GetStreams("prod").Select(s => s.Name));
        Assert.Equal(["daily"], host.Cost.GetStreams("prod").Select(s => s.Name));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OpsReport.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("OpsReport.sln not found above " + AppContext.BaseDirectory);
    }

    private static OpsReportOptions Options(AwsEnvironmentOptions aws) => new()
    {
        Environments = [new EnvironmentOptions { Name = "prod", Aws = aws }],
    };
}
