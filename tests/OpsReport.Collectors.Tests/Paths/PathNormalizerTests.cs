using OpsReport.Collectors.Sources;
using OpsReport.Core.Configuration;

namespace OpsReport.Collectors.Tests.Paths;

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
    [InlineData("/search/?q=invoices", "/search/")]
    public void Normalize_BuiltInRules_GiveRouteTemplates(string path, string expected) =>
        Assert.Equal(expected, new PathNormalizer([]).Normalize(path));

    [Theory]
    [InlineData("get_/api/reports/_id_", "/api/reports/{id}")]
    [InlineData("GET /api/reports/{id}", "/api/reports/{id}")]
    [InlineData("GET /api/reports/123?format=pdf", "/api/reports/{id}")]
    [InlineData("post_/api/exports/3f2b8c1e-9d4a-4b6e-8f21-0c5d7a9e1b34/download", "/api/exports/{id}/download")]
    [InlineData("get_/api/projects/_project_id_/members", "/api/projects/{project_id}/members")]
    [InlineData("GET /api/v2/invoices/?/pdf", "/api/v2/invoices/{id}/pdf")]
    [InlineData("GET /api/v2/invoices/?", "/api/v2/invoices/{id}")]
    [InlineData("GET /api/v2/tenants/?/invoices/?/pdf?download=1", "/api/v2/tenants/{id}/invoices/{id}/pdf")]
    [InlineData("get_/api/v2/invoices/_/pdf", "/api/v2/invoices/{id}/pdf")]
    [InlineData("/login", "/login")]
    [InlineData("billing.sync", "billing.sync")]
    [InlineData("SELECT * FROM invoices WHERE id = ?", "SELECT * FROM invoices WHERE id = ?")]
    public void Normalize_DatadogResourceNames_BecomeTheAwsRouteTemplates(string resource, string path) =>
        Assert.Equal(path, new PathNormalizer([]).Normalize(resource));

    [Fact]
    public void Normalize_SameRouteFromLogsAndFromApm_OneTemplate()
    {
        var normalizer = new PathNormalizer([]);

        Assert.Equal(normalizer.Normalize("/api/v2/invoices/88123/pdf"), normalizer.Normalize("GET /api/v2/invoices/?/pdf"));
    }

    [Fact]
    public void Normalize_ConfiguredRule_RunsFirst()
    {
        var normalizer = new PathNormalizer([new AwsPathRuleOptions { Pattern = "^/download/.+$", Replacement = "/download/{file}" }]);

        Assert.Equal("/download/{file}", normalizer.Normalize("/download/reports/2026/11/weekly.pdf"));
        Assert.Equal("/api/reports/{id}", normalizer.Normalize("/api/reports/7"));
        Assert.Equal("/files/{path}", new PathNormalizer([new AwsPathRuleOptions { Pattern = "^/files/.+$", Replacement = "/files/{path}" }]).Normalize("GET /files/a/b/c.txt"));
    }

    [Fact]
    public void Normalize_ConfiguredRuleOnAQuantizedResource_SeesTheRawPlaceholderBeforeAnyCut()
    {
        var normalizer = new PathNormalizer([new AwsPathRuleOptions { Pattern = @"^/api/v2/invoices/\?/pdf$", Replacement = "/api/v2/invoices/{invoice}/pdf" }]);

        Assert.Equal("/api/v2/invoices/{invoice}/pdf", normalizer.Normalize("GET /api/v2/invoices/?/pdf"));
    }
}
