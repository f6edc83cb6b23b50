using System.Net;
using OpsReport.Web.Tests.Support;

namespace OpsReport.Web.Tests;

/// <summary><c>/reports/{name}.pdf</c>: any period previewed in the browser, rendered from the store.</summary>
[Collection(DemoAppCollection.Name)]
public sealed class ReportPreviewTests(DemoAppFactory app)
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task WeeklyPdf_Period_IsAPdfShownInline()
    {
        var response = await _client.GetAsync("/reports/weekly.pdf?env=prod&period=2026-W47");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("inline", response.Content.Headers.ContentDisposition!.ToString());
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("%PDF-"u8.ToArray(), bytes[..5]);
    }

    [Theory]
    [InlineData("/reports/weekly.pdf?period=2026-W99")]
    [InlineData("/reports/weekly.pdf?env=nope")]
    [InlineData("/reports/monthly.pdf")]
    [InlineData("/reports/weekly.pdf?lang=fr")]
    public async Task WeeklyPdf_BadParameters_Return400WithAMessage(string url)
    {
        var response = await _client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"detail\"", await response.Content.ReadAsStringAsync());
    }
}
