using OpsReport.Core.Dashboards;
using OpsReport.Core.Domain;
using OpsReport.Core.Storage;
using OpsReport.Core.Time;
using OpsReport.Reports.Email;
using OpsReport.Reports.Outbox;
using OpsReport.Reports.Tests.Support;
using Xunit.Abstractions;

namespace OpsReport.Reports.Tests;

/// <summary>Never a silently wrong report: missing data is named on the cover and in the subject; no data at all is never sent.</summary>
public sealed class ReportDataGapTests(ITestOutputHelper output)
{
    private static readonly ReportRequest Weekly = new("weekly", Period: WeeklyDataset.Period);
    private static readonly StreamId Latency = new("cloudwatch", WeeklyDataset.Environment, "latency");
    private static readonly StreamId Cost = new("cost-explorer", WeeklyDataset.Environment, "cost");

    [Fact]
    public async Task BuildAsync_FailedCollectionRun_CoverEmailAndSubjectNameTheSourceAndTheHours()
    {
        await using var host = await ReportTestHost.CreateAsync();
        var gap = WeeklyDataset.HourlyGap; // Wednesday 2026-11-18 10:00–16:00 in Tokyo
        await RunAsync(host.Store, Latency, new TimeWindow(WeeklyDataset.Week46.Start, gap.Start), RunStatus.Succeeded);
        await RunAsync(host.Store, Latency, gap, RunStatus.Failed, "ThrottlingException: Rate exceeded");
        await RunAsync(host.Store, Latency, new TimeWindow(gap.End, WeeklyDataset.Now), RunStatus.Succeeded, watermark: true);

        var document = await host.Get<WeeklyReportBuilder>().BuildAsync(Weekly);
        var pdf = host.TempFile("incomplete.pdf");
        await File.WriteAllBytesAsync(pdf, host.Get<OpsReport.Reports.Pdf.PdfReportRenderer>().Render(document));
        TestArtifacts.Keep(pdf, "weekly-incomplete.pdf");

        var warning = Assert.Single(document.DataWarnings);
        Assert.Equal("cloudwatch/latency: no data 2026-11-18 10:00 – 16:00 (collection failed: ThrottlingException: Rate exceeded)", warning);
        Assert.True(document.IsIncomplete);
        Assert.True(document.HasData);
        Assert.Equal("[OpsReport] Acme Cloud prod — week of 2026-11-16 (incomplete data)", ReportEmailComposer.Subject(document));
        var cover = Poppler.Pages(pdf)[0];
        Assert.Contains("Incomplete data: cloudwatch/latency: no data 2026-11-18 10:00 – 16:00", cover);
        var coverage = document.Sections.Single(s => s.Kind == SectionKind.Coverage).Table!;
        var row = Assert.Single(coverage.Rows);
        Assert.Equal("cloudwatch/latency", row[0].Text);
        Assert.Equal(1, row[3].Value); // one failed run
        Assert.StartsWith("6 h", row[4].Text);

        // An incomplete report is still sent, marked as such in the subject and the body.
        var sent = await host.Get<ReportSender>().SendAsync(Weekly);
        Assert.Equal(SendStatus.Sent, sent.Status);
        var eml = EmlFile.Parse(sent.Location!);
        Assert.EndsWith("(incomplete data)", eml.Subject);
        Assert.Contains(warning, eml.Plain);
        Assert.Contains("Incomplete data", eml.Html);
    }

    [Fact]
    public async Task BuildAsync_FailedRunCollectedAgainLater_IsComplete()
    {
        await using var host = await ReportTestHost.CreateAsync();
        var gap = WeeklyDataset.HourlyGap;
        await RunAsync(host.Store, Latency, new TimeWindow(WeeklyDataset.Week46.Start, WeeklyDataset.Now), RunStatus.Succeeded, watermark: true, startedAt: gap.End);
        await RunAsync(host.Store, Latency, gap, RunStatus.Failed, "timeout", startedAt: gap.Start);

        var document = await host.Get<WeeklyReportBuilder>().BuildAsync(Weekly);

        Assert.Empty(document.DataWarnings);
        Assert.Equal("[OpsReport] Acme Cloud prod — week of 2026-11-16", ReportEmailComposer.Subject(document));
    }

    [Fact]
    public async Task BuildAsync_StreamCollectedOnlyUntilThursday_SaysTheRestIsNotCollectedYet()
    {
        await using var host = await ReportTestHost.CreateAsync();
        var thursday = WeeklyDataset.Calendar.FromLocal(new DateTime(2026, 11, 19, 0, 0, 0));
        await RunAsync(host.Store, Cost, new TimeWindow(WeeklyDataset.Week46.Start, thursday), RunStatus.Succeeded, watermark: true);

        var document = await host.Get<WeeklyReportBuilder>().BuildAsync(Weekly);
        output.WriteLine(string.Join("\n", document.DataWarnings));

        Assert.Equal(
            "cost-explorer/cost: no data 2026-11-19 00:00 – 2026-11-23 00:00 (not collected yet; collected until 2026-11-19 00:00)",
            Assert.Single(document.DataWarnings));
        Assert.EndsWith("(incomplete data)", ReportEmailComposer.Subject(document));
    }

    [Fact]
    public async Task SendAsync_NoDataAtAll_SendsNothingAndRecordsTheFailureForALaterTry()
    {
        await using var host = await ReportTestHost.CreateAsync(seed: false);

        var result = await host.Get<ReportSender>().SendAsync(Weekly);
        output.WriteLine(result.Message);

        Assert.Equal(SendStatus.NoData, result.Status);
        Assert.Contains("no data for prod 2026-W47", result.Message);
        Assert.False(Directory.Exists(host.Outbox) && Directory.EnumerateFiles(host.Outbox).Any());
        var record = (await host.Store.GetDeliveryAsync(result.Key))!;
        Assert.Equal(DeliveryStatus.Failed, record.Status);
        Assert.Contains("no data", record.LastError);
        Assert.Equal(WeeklyDataset.Now + DeliveryRetry.FirstDelay, record.NextAttemptAt);
        var line = Assert.Single(await OutboxHealth.CheckAsync(host.Store, host.Get<ZoneCalendar>()));
        Assert.Equal(OutboxHealthLevel.Warning, line.Level);

        // Data that arrives before the retry makes the retry send the report.
        await WeeklyDataset.SeedAsync(host.Store);
        host.Clock.Advance(DeliveryRetry.FirstDelay);
        var retried = Assert.Single(await host.Get<ReportSender>().RetryDueAsync());
        Assert.Equal(SendStatus.Sent, retried.Status);
    }

    [Fact]
    public async Task BuildAsync_NoDataAtAll_TheCoverSaysSo()
    {
        await using var host = await ReportTestHost.CreateAsync(seed: false);
        var path = host.TempFile("empty.pdf");

        var result = await host.Get<ReportRenderer>().RenderToFileAsync(Weekly, path);

        Assert.False(result.PageCount < 2);
        Assert.Contains("No data was collected for this period", Poppler.Pages(path)[0]);
    }

    private static async Task RunAsync(IMetricStore store, StreamId stream, TimeWindow window, RunStatus status, string? error = null, bool watermark = false,
        DateTimeOffset? startedAt = null)
    {
        var started = startedAt ?? window.End;
        var id = await store.StartRunAsync(stream, window, started);
        await store.FinishRunAsync(id, status, 10, ApiUsage.None, error, started.AddMinutes(1));
        if (watermark)
            await store.CommitAsync([], new WatermarkUpdate(stream, window.End));
    }
}
