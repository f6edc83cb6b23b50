using OpsReport.Core.Charts;
using OpsReport.Core.Configuration;
using OpsReport.Core.Dashboards;
using OpsReport.Core.Domain;
using OpsReport.Core.Panels;
using OpsReport.Core.Tests.Support;
using OpsReport.Core.Time;
using static OpsReport.Core.Tests.Panels.SeededStore;

namespace OpsReport.Core.Tests.Panels;

public sealed class PanelQueriesTests(SeededStore seeded) : IClassFixture<SeededStore>
{
    /// <summary>The weekly report's question: ISO week 47 against week 46, charted hourly over week 47.</summary>
    private static PanelRequest Week47(int top = 10, string env = Env) =>
        new(env, OverviewRanges.Weeks(W47, Tokyo), W47, Resolution.Hour, top);

    /// <summary>The stand-up at noon on Wednesday 2026-11-18 in Tokyo: yesterday against the same weekday a week earlier.</summary>
    private static PanelRequest Yesterday()
    {
        var now = Utc.At("2026-11-18T03:00Z");
        return new PanelRequest(Env, OverviewRange.Day.Periods(now, Tokyo), OverviewRange.Day.ChartWindow(now), Resolution.Hour);
    }

    private static IReadOnlyList<PanelCell> Row(PanelData panel, string first) =>
        Assert.Single(panel.Table.Rows, r => r[0].Text == first);

    [Fact]
    public async Task LatencyAsync_Week_ShowsTheWeekRollupNotTheMeanOfHourlyValues()
    {
        var panel = await seeded.Queries.LatencyAsync(Week47());

        var orders = Row(panel, Orders);
        Assert.Equal(new PanelCell("180 ms", 180), orders[1]);
        Assert.Equal(new PanelCell("150 ms", 150), orders[2]);
        Assert.Equal(["Path", "p95 2026-W47", "p95 2026-W46", "Change", "p99", "Requests", "Traffic change"], panel.Table.Columns);
    }

    [Fact]
    public async Task LatencyAsync_Week_ComparesWithPreviousWeekAndShowsP99AndTraffic()
    {
        var panel = await seeded.Queries.LatencyAsync(Week47());

        var orders = Row(panel, Orders);
        Assert.Equal(("+20 %", CellTone.Worse), (orders[3].Text, orders[3].Tone));
        Assert.Equal("400 ms", orders[4].Text);
        Assert.Equal(new PanelCell("10k", 168 * 60), orders[5]);
        Assert.Equal(("+20 %", CellTone.Neutral), (orders[6].Text, orders[6].Tone));
        Assert.Equal("2026-W47 vs 2026-W46", panel.Subtitle);
    }

    [Fact]
    public async Task LatencyAsync_PreviousPeriodMissing_ShowsNoDataNotZero()
    {
        var panel = await seeded.Queries.LatencyAsync(Week47());

        var search = Row(panel, Search);
        Assert.Equal(new PanelCell("90.0 ms", 90), search[1]);
        Assert.Equal(("no data", null, CellTone.Missing), (search[2].Text, search[2].Value, search[2].Tone));
        Assert.Equal(CellTone.Missing, search[3].Tone);
    }

    [Fact]
    public async Task LatencyAsync_Rows_AreBusiestPathsFirstLimitedToTopAndOnlyThisEnvironment()
    {
        var all = await seeded.Queries.LatencyAsync(Week47());
        var top1 = await seeded.Queries.LatencyAsync(Week47(top: 1));

        Assert.Equal([Orders, Search], all.Table.Rows.Select(r => r[0].Text));
        Assert.Equal([Orders], top1.Table.Rows.Select(r => r[0].Text));
        Assert.DoesNotContain(all.Table.Rows.SelectMany(r => r), c => c.Value == 9999);
    }

    [Fact]
    public async Task LatencyAsync_Chart_DrawsHourlyP95WithTheWeekBeforeOverlaid()
    {
        var chart = (await seeded.Queries.LatencyAsync(Week47())).Chart!;

        Assert.Equal([Orders, Orders + " (week before)", Search, Search + " (week before)"], chart.Series.Select(s => s.Name));
        var current = chart.Series[0];
        var before = chart.Series[1];
        Assert.Equal(168, current.Points.Count);
        Assert.All(current.Points, p => Assert.Equal(100, p.Value));
        Assert.All(before.Points, p => Assert.True(W46.Contains(p.Original)));
        Assert.All(before.Points, p => Assert.Equal(100, p.Value));
    }

    [Fact]
    public async Task LatencyAsync_Yesterday_UsesTheDayRollupsOfBothDays()
    {
        var panel = await seeded.Queries.LatencyAsync(Yesterday());

        var orders = Row(panel, Orders);
        Assert.Equal(new PanelCell("167 ms", 167), orders[1]);
        Assert.Equal(new PanelCell("160 ms", 160), orders[2]);
        Assert.Equal("p95 Yesterday (Tue 11/17)", panel.Table.Columns[1]);
        Assert.Equal("p95 Tue 11/10", panel.Table.Columns[2]);
    }

    [Fact]
    public async Task LatencyAsync_EnvironmentWithoutData_HasNoRowsAndSaysSo()
    {
        var panel = await seeded.Queries.LatencyAsync(Week47(env: "qa"));

        Assert.Empty(panel.Table.Rows);
        Assert.Equal(["No latency data for this environment in the period."], panel.Notes);
        Assert.False(panel.Chart!.HasData);
    }

    [Fact]
    public async Task SlowTenantsAsync_Week_RanksByRatioToTheOtherTenantsMedianP95()
    {
        var panel = await seeded.Queries.SlowTenantsAsync(Week47());

        // Others' median is the lower median of the other tenants with enough requests (Globex on orders has 49).
        Assert.Equal(
        [
            ("Acme, Inc.", Search, 3.125),        // 225 / lower median of {108, 72}
            ("株式会社サンプル", Orders, 2.0),     // 540 / 270
            ("株式会社サンプル", Search, 1.5),     // 108 / lower median of {225, 72}
            ("Globex", Search, 0.666667),         // 72 / lower median of {108, 225}
            ("Acme, Inc.", Orders, 0.5),          // 270 / 540
        ], panel.Table.Rows.Select(r => (r[0].Text, r[1].Text, Math.Round(r[4].Value!.Value, 6))));
    }

    [Fact]
    public async Task SlowTenantsAsync_TenantUnderMinimumRequests_IsNotRankedEvenIfSlowest()
    {
        var panel = await seeded.Queries.SlowTenantsAsync(Week47());

        Assert.DoesNotContain(panel.Table.Rows, r => r[0].Text == "Globex" && r[1].Text == Orders);
        Assert.Contains(panel.Table.Rows, r => r[0].Text == "Acme, Inc." && r[1].Text == Search && r[7].Value == PanelQueries.MinRequestsForRanking);
    }

    [Fact]
    public async Task SlowTenantsAsync_Row_ShowsBothP95sRatioToneAndPreviousWeek()
    {
        var panel = await seeded.Queries.SlowTenantsAsync(Week47());

        var worst = panel.Table.Rows.Single(r => r[0].Text == "株式会社サンプル" && r[1].Text == Orders);
        Assert.Equal(["株式会社サンプル", Orders, "540 ms", "270 ms", "2.0×", "300 ms", "+80 %", "4.0k"], worst.Select(c => c.Text));
        Assert.Equal(CellTone.Worse, worst[4].Tone);
        Assert.Equal(CellTone.Neutral, panel.Table.Rows[2][4].Tone);
        Assert.Equal(CellTone.Missing, panel.Table.Rows[0][6].Tone); // Acme on search has no week-46 rollup
        Assert.DoesNotContain("all_p95", panel.Table.Keys!); // the comparison is with the other tenants only
    }

    [Fact]
    public async Task SlowTenantsAsync_Chart_ComparesTheWorstTenantWithTheOtherTenantsNotThePathTotal()
    {
        var chart = (await seeded.Queries.SlowTenantsAsync(Week47())).Chart!;

        Assert.Equal("p95 of Acme, Inc. on /api/search vs the other tenants", chart.Title);
        Assert.Equal(["Acme, Inc.", "Other tenants p95"], chart.Series.Select(s => s.Name));
        Assert.Equal([TenantComparison.SubjectColour, TenantComparison.ComparisonColour], chart.Series.Select(s => s.ColorIndex));
        Assert.All(chart.Series[0].Points, p => Assert.Equal(150, p.Value));
        // The other tenants' hourly p95 is 150 ms; the path's all-tenant series (50 ms) is not the comparison.
        Assert.All(chart.Series[1].Points.Where(p => p.Value is not null), p => Assert.Equal(150, p.Value));
        Assert.Contains(chart.Series[1].Points, p => p.Value is not null);
    }

    [Fact]
    public async Task SlowTenantsAsync_Top_LimitsRows()
    {
        var panel = await seeded.Queries.SlowTenantsAsync(Week47(top: 2));

        Assert.Equal(2, panel.Table.Rows.Count);
    }

    [Fact]
    public async Task MemoryAsync_Week_ShowsLatestPeakAndPeakAWeekEarlier()
    {
        var panel = await seeded.Queries.MemoryAsync(Week47());

        Assert.Equal(["api", "worker"], panel.Table.Rows.Select(r => r[0].Text));
        var api = panel.Table.Rows[0];
        // A change of a percentage is said in points: 68 % → 85 % is +17 points, not "+25 %".
        Assert.Equal(["api", "60.0 %", "85.0 %", "68.0 %", "+17.0 points"], api.Select(c => c.Text));
        Assert.Equal(CellTone.Worse, api[4].Tone);
        Assert.Contains("latest = 11-", panel.Subtitle);
    }

    [Fact]
    public async Task MemoryAsync_ServiceWithoutEarlierData_ShowsNoDataForTheWeekBefore()
    {
        var panel = await seeded.Queries.MemoryAsync(Week47());

        var worker = Row(panel, "worker");
        Assert.Equal(new PanelCell("30.0 %", 30), worker[1]);
        Assert.Equal(PanelCell.Missing, worker[3]);
        Assert.Equal(PanelCell.Missing, worker[4]);
        Assert.Null(panel.Chart!.Series.Single(s => s.Name == "worker").Points[^1].Value);
    }

    [Fact]
    public async Task LogVolumeAsync_Week_SumsBytesOverThePeriodWithoutLevelSplitSeries()
    {
        var panel = await seeded.Queries.LogVolumeAsync(Week47());

        var orders = Row(panel, OrdersLogs);
        Assert.Equal(new PanelCell("167 MB", 167_000_000), orders[1]);
        Assert.Equal(new PanelCell("84.0 MB", 84_000_000), orders[2]);
        Assert.Equal(("+99 %", CellTone.Worse), (orders[3].Text, orders[3].Tone));
        Assert.Equal(168_000 * 200, Row(panel, SearchLogs)[1].Value);
    }

    [Fact]
    public async Task LogVolumeAsync_Week_ComputesDebugShareOfEvents()
    {
        var panel = await seeded.Queries.LogVolumeAsync(Week47());

        var orders = Row(panel, OrdersLogs)[4];
        var search = Row(panel, SearchLogs)[4];
        Assert.Equal(("60.0 %", CellTone.Worse), (orders.Text, orders.Tone));
        Assert.Equal(60, orders.Value!.Value, 9);
        Assert.Equal(("5.0 %", CellTone.Neutral), (search.Text, search.Tone));
    }

    [Fact]
    public async Task LogVolumeAsync_Rows_FastestGrowingGroupFirst()
    {
        var panel = await seeded.Queries.LogVolumeAsync(Week47());

        Assert.Equal([OrdersLogs, SearchLogs], panel.Table.Rows.Select(r => r[0].Text));
        Assert.Equal(["Log group", "Ingested 2026-W47", "Ingested 2026-W46", "Change", "DEBUG share"], panel.Table.Columns);
    }

    [Fact]
    public async Task LogVolumeAsync_Chart_DrawsTheMissingHourAsAGap()
    {
        var chart = (await seeded.Queries.LogVolumeAsync(Week47())).Chart!;

        var orders = chart.Series.Single(s => s.Name == OrdersLogs);
        Assert.Null(orders.Points.Single(p => p.X == W47.Start.AddHours(5)).Value);
        Assert.Equal(2, orders.Segments.Count);
    }

    [Fact]
    public async Task CostAsync_Week_SumsTheUtcBillingDatesOfTheWeekAcrossAccounts()
    {
        var panel = await seeded.Queries.CostAsync(Week47());

        // W47 is Mon 11-16 … Sun 11-22 in Tokyo: billing dates 16…22 cost 16+…+22 = 133 in account A and 7 × $1 in account B.
        var ec2 = Row(panel, "Amazon EC2");
        Assert.Equal(new PanelCell("$140.00", 140), ec2[1]);
        Assert.Equal(new PanelCell("$91.00", 91), ec2[2]);
        Assert.Equal(("+$49.00", 49.0, CellTone.Worse), (ec2[3].Text, ec2[3].Value, ec2[3].Tone));
        Assert.Equal(("+54 %", CellTone.Worse), (ec2[4].Text, ec2[4].Tone));
        var lambda = Row(panel, "AWS Lambda");
        Assert.Equal(["AWS Lambda", "$3.50", "$3.50"], lambda.Take(3).Select(c => c.Text));
        Assert.Equal(CellTone.Neutral, lambda[3].Tone);
    }

    [Fact]
    public async Task CostAsync_Yesterday_IsYesterdaysUtcBillingDateAgainstAWeekEarlier()
    {
        var panel = await seeded.Queries.CostAsync(Yesterday());

        // Yesterday is Tue 2026-11-17 in Tokyo; its bill is the UTC date 2026-11-17: $17 + $1. A week earlier: $10 + $1.
        var ec2 = Row(panel, "Amazon EC2");
        Assert.Equal(new PanelCell("$18.00", 18), ec2[1]);
        Assert.Equal(new PanelCell("$11.00", 11), ec2[2]);
        Assert.Empty(panel.Notes);
    }

    [Fact]
    public async Task CostAsync_Chart_DrawsEachBillingDateOnTheLocalDayOfTheSameDate()
    {
        var chart = (await seeded.Queries.CostAsync(Week47())).Chart!;

        var ec2 = chart.Series.Single(s => s.Name == "Amazon EC2");
        Assert.All(ec2.Points, p => Assert.Equal(TimeSpan.Zero, Tokyo.ToLocal(p.X).TimeOfDay));
        // Billing date 2026-11-17 (UTC) is drawn on Tokyo's 17 Nov, the day the table counts it in.
        Assert.Equal(18, ec2.Points.Single(p => p.X == Tokyo.Day(new DateOnly(2026, 11, 17)).Start).Value);
        Assert.Equal("Daily cost by AWS service, last 30 days", chart.Title);
        Assert.Equal("USD", chart.Unit);
    }

    [Fact]
    public async Task CostAsync_Week_SubtitleNamesTheChartsOwnThirtyDays()
    {
        var panel = await seeded.Queries.CostAsync(Week47());

        // The table compares the two weeks; the chart plots 30 days, and the subtitle says both.
        Assert.StartsWith("2026-W47 vs 2026-W46 · ", panel.Subtitle);
        Assert.EndsWith(" · chart: the last 30 days", panel.Subtitle);
    }

    [Fact]
    public async Task LatencyAsync_ChartOverThirtyDays_SubtitleNamesTheChartsSpan()
    {
        // The overview's 30d range: the table compares ISO weeks, the chart plots the last 30 days.
        var thirtyDays = new TimeWindow(W47.End.AddDays(-30), W47.End);
        var request = new PanelRequest(Env, OverviewRanges.Weeks(W47, Tokyo), thirtyDays, Resolution.Day);

        var latency = await seeded.Queries.LatencyAsync(request);
        var tenants = await seeded.Queries.SlowTenantsAsync(request);
        var logs = await seeded.Queries.LogVolumeAsync(request with { Language = "ja" });

        Assert.Equal("2026-W47 vs 2026-W46 · chart: the last 30 days", latency.Subtitle);
        Assert.EndsWith(" · chart: the last 30 days", tenants.Subtitle);
        Assert.EndsWith(" · グラフは直近 30 日", logs.Subtitle);
    }

    [Fact]
    public async Task ComposeAsync_StandupDefinition_GivesItsPanelsInOrderWithTheirTitles()
    {
        var definition = DashboardLoader.LoadFile(Path.Combine(RepositoryRoot.Find(), "dashboards", "standup.yaml"));
        var generatedAt = Utc.At("2026-11-23T01:00Z");
        var composer = new DashboardComposer(seeded.Queries, new FixedTimeProvider(generatedAt), Tokyo);
        var prod = new EnvironmentInfo(Env, "Production", IsProduction: true, IsDemo: false);

        var data = await composer.ComposeAsync(definition, prod, OverviewRanges.Weeks(W47, Tokyo), W47, Resolution.Hour);

        Assert.Equal(definition.Panels.Select(p => (p.Kind, p.Title)), data.Panels.Select(p => (p.Kind, (string?)p.Title)));
        Assert.Equal(generatedAt, data.GeneratedAt);
        Assert.Equal("Asia/Tokyo", data.ZoneId);
        Assert.True(data.Panels.Single(p => p.Kind == PanelKind.Latency).Table.Rows.Count <= 8);
        Assert.All(data.Panels, p => Assert.True(p.Chart?.HasData ?? false, $"{p.Kind} has no chart data"));
    }

    [Fact]
    public async Task LatencyAsync_Chart_AxisIsLabelledInMilliseconds()
    {
        var chart = (await seeded.Queries.LatencyAsync(Week47())).Chart!;

        Assert.All(chart.Y.Ticks, t => Assert.EndsWith(" ms", t.Label, StringComparison.Ordinal));
        Assert.Equal("ms", chart.Unit);
    }

    [Fact]
    public async Task LogVolumeAsync_Chart_AxisIsLabelledInBytes()
    {
        var chart = (await seeded.Queries.LogVolumeAsync(Week47())).Chart!;

        Assert.All(chart.Y.Ticks, t => Assert.Equal(ValueFormat.Format(t.Value, "bytes"), t.Label));
        Assert.Contains(chart.Y.Ticks, t => t.Label.EndsWith(" MB", StringComparison.Ordinal));
    }
}
