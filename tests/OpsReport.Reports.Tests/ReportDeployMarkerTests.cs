using OpsReport.Core.Dashboards;
using OpsReport.Core.Domain;
using OpsReport.Core.Storage;
using OpsReport.Reports.Pdf;
using OpsReport.Reports.Tests.Support;

namespace OpsReport.Reports.Tests;

/// <summary>Deploys in the weekly PDF: the chart of a service deployed in the week marks it, and the deploy is named under it.</summary>
public sealed class ReportDeployMarkerTests
{
    [Fact]
    public async Task RenderToFileAsync_ServiceDeployedInTheWeek_ChartMarksItAndTheReportNamesVersionAndTime()
    {
        await using var host = await ReportTestHost.CreateAsync();
        var deploys = host.Get<IDeployStore>();
        await deploys.InitializeAsync();
        var calendar = WeeklyDataset.Calendar;
        var worker = calendar.FromLocal(new DateTime(2026, 11, 18, 11, 0, 0));
        var auth = calendar.FromLocal(new DateTime(2026, 11, 19, 15, 30, 0));
        await deploys.UpsertAsync(
        [
            new Deploy(WeeklyDataset.Environment, "worker", "2026.11.18", worker, Deploy.SourceApi),
            new Deploy(WeeklyDataset.Environment, "auth", "auth-7", auth, Deploy.SourceEcs),
            // A service with no chart in the report, and a deploy of the week before: neither is shown.
            new Deploy(WeeklyDataset.Environment, "billing", "b-99", worker, Deploy.SourceApi),
            new Deploy(WeeklyDataset.Environment, "worker", "2026.11.11", calendar.FromLocal(new DateTime(2026, 11, 11, 11, 0, 0)), Deploy.SourceApi),
        ]);

        var document = await host.Get<WeeklyReportBuilder>().BuildAsync(new ReportRequest("weekly"));
        var memory = Assert.Single(document.Sections, s => s.Kind == SectionKind.Memory).Chart!;
        var latency = Assert.Single(document.Sections, s => s.Kind == SectionKind.Latency).Chart!;
        var memoryMarker = Assert.Single(memory.Annotations, a => a.IsDeploy);
        Assert.Equal(worker, memoryMarker.From);
        Assert.Contains("2026.11.18", memoryMarker.Label, StringComparison.Ordinal);
        // The login path belongs to auth: the latency chart marks auth's deploy, not the worker's.
        var latencyMarker = Assert.Single(latency.Annotations, a => a.IsDeploy);
        Assert.Equal(auth, latencyMarker.From);

        var path = host.TempFile("weekly-deploys.pdf");
        await File.WriteAllBytesAsync(path, host.Get<PdfReportRenderer>().Render(document));
        var text = string.Join(" ", Poppler.Text(path).Split((char[])[' ', '\n', '\r', '\f'], StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("worker 2026.11.18 at 2026-11-18 11:00", text, StringComparison.Ordinal);
        Assert.Contains("auth auth-7 at 2026-11-19 15:30", text, StringComparison.Ordinal);
        Assert.DoesNotContain("b-99", text, StringComparison.Ordinal);
        Assert.DoesNotContain("2026.11.11", text, StringComparison.Ordinal);
    }
}
