using OpsReport.Collectors.Sources.Aws;
using OpsReport.Core.Configuration;

namespace OpsReport.Collectors.Tests.Aws;

public sealed class PathNormalizerTests
{
    [Theory]
    [InlineData("/api/reports/123", "/api/reports/{id}")]
    [InlineData("/api/reports/123/export?format=pdf", "/api/reports/{id}/export")]
    [InlineData("/api/tenants/3f2504e0-4f89-41d3-9a0c-0305e82c3301/users/42", "/api/tenants/{id}/users/{id}")]
    [InlineData("/static/app.9f86d081884c7d65.js", "/static/app.9f86d081884c7d65.js")]
    [InlineData("/blobs/9f86d081884c7d659a2feaa0c55ad015", "/blobs/{id}")]
    [InlineData("/files/01HF8X2Z9Y3K4M5N6P7Q8R9S0T", "/files/{id}")]
    [InlineData("/api/health", "/api/health")]
    [InlineData("/api/v2/users", "/api/v2/users")]
    [InlineData("", "/")]
    [InlineData("/api/users/{id}", "/api/users/{id}")]
    public void Normalize_BuiltInRules_GiveRouteTemplates(string path, string expected) =>
        Assert.Equal(expected, new PathNormalizer([]).Normalize(path));

    [Fact]
    public void Normalize_ConfiguredRule_RunsFirst()
    {
        var normalizer = new PathNormalizer([new AwsPathRuleOptions { Pattern = "^/download/.+$", Replacement = "/download/{file}" }]);

        Assert.Equal("/download/{file}", normalizer.Normalize("/download/reports/2026/11/weekly.pdf"));
        Assert.Equal("/api/reports/{id}", normalizer.Normalize("/api/reports/7"));
    }
}
