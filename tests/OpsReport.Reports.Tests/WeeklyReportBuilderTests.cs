using OpsReport.Core.Panels;
using OpsReport.Reports.Tests.Support;

namespace OpsReport.Reports.Tests;

public sealed class WeeklyReportBuilderTests
{
    [Fact]
    public async Task BuildAsync_NoPeriod_ReportsThePreviousCompleteWeekAgainstTheWeekBefore()
    {
        await using var host = await ReportTestHost.CreateAsync();

        var document = await host.Get<WeeklyReportBuilder>().BuildAsync(new ReportRequest("weekly"));

        Assert.Equal("2026-W47", document.Period.Name);
        Assert.Equal("2026-W46", document.PreviousPeriodName);
        Assert.Equal(WeeklyDataset.Week47, document.Window);
        Assert.Equal("prod", document.Environment.Name);
        Assert.True(document.Environment.IsProduction);
        Assert.Equal("Asia/Tokyo", document.ZoneId);
        Assert.Equal(TimeSpan.FromHours(9), document.GeneratedAt.Offset);
        Assert.False(document.IsPartial);
        Assert.Equal(
            [PanelKind.Latency, PanelKind.SlowTenants, PanelKind.Memory, PanelKind.LogVolume, PanelKind.Cost],
            document.Panels.Select(p => p.Kind));
        Assert.Equal(["latency", "tenant", "memory", "logs", "cost"], document.Headlines.Select(h => h.Key));
    }

    [Fact]
    public async Task BuildAsync_Headlines_AreTheNumbersOfThePanelTables()
    {
        await using var host = await ReportTestHost.CreateAsync();

        var document = await host.Get<WeeklyReportBuilder>().BuildAsync(new ReportRequest("weekly"));

        var latency = document.Headlines.Single(h => h.Key == "latency");
        var busiest = document.Panels.Single(p => p.Kind == PanelKind.Latency).Table.Rows[0];
        Assert.Equal(WeeklyDataset.ReportsPath, busiest[0].Text);
        Assert.Equal(265, latency.RawValue);
        Assert.Equal(busiest[1].Text, latency.Value);
        Assert.Equal(CellTone.Worse, latency.Tone);

        var tenant = document.Headlines.Single(h => h.Key == "tenant");
        Assert.Contains(WeeklyDataset.SakuraName, tenant.Detail);
        Assert.Equal(2650.0 / 780, tenant.RawValue!.Value, 3); // against the median p95 of the other tenants on the path

        Assert.Equal("/aws/lambda/export-worker", document.Headlines.Single(h => h.Key == "logs").Detail!.Split(' ')[0]);
        var cost = document.Headlines.Single(h => h.Key == "cost");
        Assert.Equal((41.5 + 152 + 80 + 3.4) * 7, cost.RawValue!.Value, 6);
    }

    [Fact]
    public async Task BuildAsync_PeriodWithoutPreviousData_ShowsNoDataNeverZero()
    {
        await using var host = await ReportTestHost.CreateAsync();

        var document = await host.Get<WeeklyReportBuilder>().BuildAsync(new ReportRequest("weekly"));

        var health = document.Panels.Single(p => p.Kind == PanelKind.Latency).Table.Rows.Single(r => r[0].Text == WeeklyDataset.HealthPath);
        Assert.Equal("no data", health[2].Text);
        Assert.Null(health[2].Value);
        var s3 = document.Panels.Single(p => p.Kind == PanelKind.Cost).Table.Rows.Single(r => r[0].Text == "AmazonS3");
        Assert.Equal("no data", s3[2].Text);
    }

    [Fact]
    public async Task BuildAsync_Tenant_KeepsOnlyThatTenantsRows()
    {
        await using var host = await ReportTestHost.CreateAsync();

        var document = await host.Get<WeeklyReportBuilder>().BuildAsync(new ReportRequest("weekly", Tenant: WeeklyDataset.SakuraId));

        Assert.Equal(new ReportTenant(WeeklyDataset.SakuraId, WeeklyDataset.SakuraName), document.Tenant);
        var rows = document.Panels.Single(p => p.Kind == PanelKind.SlowTenants).Table.Rows;
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Equal(WeeklyDataset.SakuraName, r[0].Text));
    }

    [Fact]
    public async Task BuildAsync_TenantWithoutData_HasNoRowsAndSaysWhy()
    {
        await using var host = await ReportTestHost.CreateAsync();

        var document = await host.Get<WeeklyReportBuilder>().BuildAsync(new ReportRequest("weekly", Tenant: "nobody"));

        var panel = document.Panels.Single(p => p.Kind == PanelKind.SlowTenants);
        Assert.Empty(panel.Table.Rows);
        Assert.Null(panel.Chart);
        Assert.Contains("nobody", Assert.Single(panel.Notes));
    }

    [Fact]
    public async Task BuildAsync_UnknownReport_ThrowsListingTheKnownReports()
    {
        await using var host = await ReportTestHost.CreateAsync(seed: false);

        var e = await Assert.ThrowsAsync<ArgumentException>(() => host.Get<WeeklyReportBuilder>().BuildAsync(new ReportRequest("monthly")));

        Assert.Contains("'monthly'", e.Message);
        Assert.Contains("weekly", e.Message);
        Assert.Contains("standup", e.Message);
    }

    [Fact]
    public async Task BuildAsync_UnknownEnvironment_ThrowsListingTheKnownEnvironments()
    {
        await using var host = await ReportTestHost.CreateAsync(seed: false);

        var e = await Assert.ThrowsAsync<ArgumentException>(() => host.Get<WeeklyReportBuilder>().BuildAsync(new ReportRequest("weekly", Environment: "qa")));

        Assert.Equal("--env 'qa' is not a configured environment; known environments: prod, staging.", e.Message);
    }

    [Fact]
    public async Task BuildAsync_BadPeriod_ThrowsWithAnExample()
    {
        await using var host = await ReportTestHost.CreateAsync(seed: false);

        var e = await Assert.ThrowsAsync<ArgumentException>(() => host.Get<WeeklyReportBuilder>().BuildAsync(new ReportRequest("weekly", Period: "2026-W60")));

        Assert.StartsWith("--period '2026-W60' is not an ISO week (e.g. 2026-W47)", e.Message);
    }

    [Fact]
    public async Task BuildAsync_UnsupportedLanguage_Throws()
    {
        await using var host = await ReportTestHost.CreateAsync(seed: false);

        var e = await Assert.ThrowsAsync<ArgumentException>(() => host.Get<WeeklyReportBuilder>().BuildAsync(new ReportRequest("weekly", Language: "fr")));

        Assert.Contains("expected en or ja", e.Message);
    }

    [Fact]
    public async Task BuildAsync_CurrentWeek_IsMarkedPartial()
    {
        await using var host = await ReportTestHost.CreateAsync(seed: false);

        var document = await host.Get<WeeklyReportBuilder>().BuildAsync(new ReportRequest("weekly", Period: "2026-W48"));

        Assert.True(document.IsPartial);
        Assert.All(document.Headlines, h => Assert.Equal("no data", h.Value));
    }
}
