using OpsReport.Collectors.Sources.Aws;

namespace OpsReport.Collectors.Tests.Aws;

public sealed class AwsEndpointResolverTests
{
    [Fact]
    public void Resolve_NoOverride_GivesRegionalEndpointAndGlobalCostExplorer()
    {
        var resolver = new AwsEndpointResolver(_ => null);

        Assert.Equal((new Uri("https://monitoring.ap-northeast-1.amazonaws.com/"), false), resolver.Resolve(AwsService.CloudWatch, "ap-northeast-1"));
        Assert.Equal(new Uri("https://logs.eu-west-1.amazonaws.com/"), resolver.Resolve(AwsService.Logs, "eu-west-1").Endpoint);
        Assert.Equal(new Uri("https://ce.us-east-1.amazonaws.com/"), resolver.Resolve(AwsService.CostExplorer, "ap-northeast-1").Endpoint);
        Assert.Equal(new Uri("https://email.ap-northeast-1.amazonaws.com/"), resolver.Resolve(AwsService.SesV2, "ap-northeast-1").Endpoint);
    }

    [Fact]
    public void Resolve_ServiceSpecificVariable_WinsOverGlobal()
    {
        var variables = new Dictionary<string, string>
        {
            ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:5000",
            ["AWS_ENDPOINT_URL_CLOUDWATCH_LOGS"] = "http://127.0.0.1:6000/",
            ["AWS_ENDPOINT_URL_COST_EXPLORER"] = "http://127.0.0.1:7000",
            ["AWS_ENDPOINT_URL_SESV2"] = "http://127.0.0.1:8000",
        };
        var resolver = new AwsEndpointResolver(variables.GetValueOrDefault);

        Assert.Equal((new Uri("http://127.0.0.1:5000/"), true), resolver.Resolve(AwsService.CloudWatch, "ap-northeast-1"));
        Assert.Equal(new Uri("http://127.0.0.1:6000/"), resolver.Resolve(AwsService.Logs, "ap-northeast-1").Endpoint);
        Assert.Equal(new Uri("http://127.0.0.1:7000/"), resolver.Resolve(AwsService.CostExplorer, "ap-northeast-1").Endpoint);
        Assert.Equal(new Uri("http://127.0.0.1:8000/"), resolver.Resolve(AwsService.SesV2, "ap-northeast-1").Endpoint);
    }

    [Fact]
    public void Resolve_IgnoreConfiguredEndpointUrls_UsesPublicEndpoint()
    {
        var variables = new Dictionary<string, string> { ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:5000", ["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = "true" };

        Assert.Equal((new Uri("https://monitoring.us-west-2.amazonaws.com/"), false), new AwsEndpointResolver(variables.GetValueOrDefault).Resolve(AwsService.CloudWatch, "us-west-2"));
    }

    [Fact]
    public void Resolve_MalformedOverride_NamesTheVariable()
    {
        var e = Assert.Throws<AwsConfigurationException>(() => new AwsEndpointResolver(n => n == "AWS_ENDPOINT_URL_CLOUDWATCH" ? "localhost:5000" : null).Resolve(AwsService.CloudWatch, "us-east-1"));

        Assert.Contains("AWS_ENDPOINT_URL_CLOUDWATCH='localhost:5000'", e.Message);
    }
}
