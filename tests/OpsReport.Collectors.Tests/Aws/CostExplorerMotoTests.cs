using System.Globalization;
using OpsReport.Collectors.Runner;
using OpsReport.Collectors.Sources.Aws;
using OpsReport.Collectors.Tests.Aws.Support;
using OpsReport.Core.Domain;
using OpsReport.Core.Storage;

namespace OpsReport.Collectors.Tests.Aws;

[Collection(MotoCollection.Name)]
public sealed class CostExplorerMotoTests(MotoServer moto)
{
    private static readonly DateTimeOffset From = new(2026, 11, 15, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset To = From.AddDays(3);

    [Fact]
    public async Task Collect_PresetResultsOverTwoPages_DailyCostPerAccountServiceAndUsageType_RefetchingOnlyEstimatedDays()
    {
        await moto.PresetCostResultsAsync(
            // GroupBy LINKED_ACCOUNT, page 1 and (NextPageToken) page 2.
            Result([Day("2026-11-15", false, Group(12.5m, "111111111111")), Day("2026-11-16", false, Group(13m, "111111111111"))], next: "accounts-2"),
            Result([Day("2026-11-17", true, Group(14m, "111111111111"), Group(1m, "222222222222"))]),
            // Account 111111111111 by SERVICE × USAGE_TYPE, two pages.
            Result([Day("2026-11-15", false, Group("10.0000000000", "AmazonCloudWatch", "APN1-DataProcessing-Bytes"), Group("2.5", "AmazonS3", "APN1-TimedStorage-ByteHrs"))], next: "services-2"),
            Result([Day("2026-11-16", false, Group("10.5", "AmazonCloudWatch", "APN1-DataProcessing-Bytes")), Day("2026-11-17", true, Group("11.25", "AmazonCloudWatch", "APN1-DataProcessing-Bytes"))]),
            // Account 222222222222.
            Result([Day("2026-11-17", true, Group("1", "AWSLambda", "APN1-Request"))]));
        await using var proxy = await CountingProxy.StartAsync(moto.Endpoint);
        await using var host = await AwsTestHost.CreateAsync(proxy.Endpoint, "ap-northeast-1", moto.Admin);
        // A machine whose culture writes 10,5 must still read "10.5" as ten and a half.
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        CollectionSummary summary;
        try
        {
            summary = await host.CollectAsync(host.Cost, From, To);
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }

        Assert.Empty(summary.Failures);
        Assert.Equal(5, proxy.Count("GetCostAndUsage"));
        Assert.Equal(5, summary.ApiCalls);
        Assert.Equal(0.05m, summary.EstimatedUsd);
        Assert.Equal([new Point(From, 10), new Point(From.AddDays(1), 10.5), new Point(From.AddDays(2), 11.25)],
            await Points(host, "111111111111", "AmazonCloudWatch", "APN1-DataProcessing-Bytes"));
        Assert.Equal([new Point(From, 2.5)], await Points(host, "111111111111", "AmazonS3", "APN1-TimedStorage-ByteHrs"));
        Assert.Equal([new Point(From.AddDays(2), 1)], await Points(host, "222222222222", "AWSLambda", "APN1-Request"));
        Assert.Equal("2026-11-17", await host.Store.GetSettingAsync(CostExplorerSource.EstimatedFromSetting("prod")));

        // The 17th was an estimate: only it is asked for again, now final and revised.
        await moto.PresetCostResultsAsync(
            Result([Day("2026-11-17", false, Group(14.75m, "111111111111"))]),
            Result([Day("2026-11-17", false, Group("11.75", "AmazonCloudWatch", "APN1-DataProcessing-Bytes"))]));
        var again = await host.CollectAsync(host.Cost, From, To);

        Assert.Empty(again.Failures);
        Assert.Equal(7, proxy.Count("GetCostAndUsage"));
        Assert.Equal([new Point(From, 10), new Point(From.AddDays(1), 10.5), new Point(From.AddDays(2), 11.75)],
            await Points(host, "111111111111", "AmazonCloudWatch", "APN1-DataProcessing-Bytes"));
        Assert.Equal("2026-11-18", await host.Store.GetSettingAsync(CostExplorerSource.EstimatedFromSetting("prod")));

        // Every day is final now: nothing is asked.
        var third = await host.CollectAsync(host.Cost, From, To);
        Assert.Equal(0, third.ApiCalls);
        Assert.Equal(7, proxy.Count("GetCostAndUsage"));
    }

    private static async Task<IReadOnlyList<Point>> Points(AwsTestHost host, string account, string service, string usageType)
    {
        var filter = new SeriesFilter(Metrics.CostDaily, Resolution.Day, (Dims.Env, "prod"), (Dims.Account, account), (Dims.AwsService, service), (Dims.UsageType, usageType));
        return Assert.Single(await host.Store.QueryAsync(filter, new TimeWindow(From, To))).Points;
    }

    private static object Result(object[] days, string? next = null) => next is null
        ? new { ResultsByTime = days, GroupDefinitions = Array.Empty<object>() }
        : new { ResultsByTime = days, GroupDefinitions = Array.Empty<object>(), NextPageToken = next };

    private static object Day(string start, bool estimated, params object[] groups) => new
    {
        TimePeriod = new { Start = start, End = DateOnly.Parse(start, CultureInfo.InvariantCulture).AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) },
        Total = new { },
        Groups = groups,
        Estimated = estimated,
    };

    private static object Group(decimal amount, params string[] keys) => Group(amount.ToString(CultureInfo.InvariantCulture), keys);

    private static object Group(string amount, params string[] keys) => new { Keys = keys, Metrics = new { UnblendedCost = new { Amount = amount, Unit = "USD" } } };
}
