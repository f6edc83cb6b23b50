using System.Text.Json;
using OpsReport.Collectors.Sources.Datadog;
using OpsReport.Core.Configuration;
using OpsReport.Core.Domain;

namespace OpsReport.Collectors.Tests.Datadog;

/// <summary>Defensive parsing of Datadog's answers (DATADOG.md), resource names to routes, and the Datadog config checks.</summary>
public sealed class DatadogResponsesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 10, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ParseV1_FloatTimestampsNullsAndScopeOnlyTags()
    {
        var ms = T0.ToUnixTimeMilliseconds();
        var json = $$"""
            {"status":"ok","res_type":"time_series","series":[
              {"metric":"m","scope":"env:prod,service:api","pointlist":[[{{ms}}.0,1.5],[{{ms + 3_600_000}}.25,null],[{{ms + 7_200_000}},"2"]],"interval":3600,"unit":[null,null]},
              {"metric":"m","scope":"*","tag_set":["resource_name:get_/a:b"],"pointlist":[]}],"message":""}
            """;

        var series = DatadogResponses.ParseV1(Parse(json));

        Assert.Equal(2, series.Count);
        Assert.Equal("api", series[0].Tags["service"]);
        Assert.Equal([new Point(T0, 1.5), new Point(T0.AddHours(2), 2)], series[0].Points);
        Assert.Equal("get_/a:b", series[1].Tags["resource_name"]);
    }

    [Fact]
    public void ParseTimeseries_ValuesAlignWithTimesAndSeries()
    {
        var ms = T0.ToUnixTimeMilliseconds();
        var json = $$$"""
            {"data":{"type":"timeseries_response","attributes":{
              "series":[{"group_tags":["resource_name:get_/x","tenant:acme"],"query_index":1,"unit":[{"family":"time","name":"second","scale_factor":1.0},null]},
                        {"group_tags":[],"query_index":0,"unit":null}],
              "times":[{{{ms}}},{{{ms + 3_600_000}}}],
              "values":[[0.25,null],[null,7]]}},"errors":"one query failed"}
            """;

        var series = DatadogResponses.ParseTimeseries(Parse(json), out var error);

        Assert.Equal("one query failed", error);
        Assert.Equal((1, "acme"), (series[0].QueryIndex, series[0].Tags["tenant"]));
        Assert.Equal([new Point(T0, 0.25)], series[0].Points);
        Assert.Equal(new DatadogUnit("time", "second"), series[0].Unit);
        Assert.Equal([new Point(T0.AddHours(1), 7)], series[1].Points);
    }

    [Fact]
    public void ParseScalar_GroupColumnsPerTagAndNumberColumnsPerQuery()
    {
        const string json = """
            {"data":{"type":"scalar_response","attributes":{"columns":[
              {"name":"resource_name","type":"group","values":[["get_/x"],["get_/y"]]},
              {"name":"tenant","type":"group","values":[["tenant:acme"],[42]]},
              {"name":"t95","type":"number","values":[812.5,null],"meta":{"unit":[{"family":"time","name":"nanosecond"},null]}},
              {"name":"thits","type":"number","values":[10,3]}]}}}
            """;

        var rows = DatadogResponses.ParseScalar(Parse(json));

        Assert.Equal(2, rows.Count);
        Assert.Equal(("get_/x", "acme"), (rows[0].Tags["resource_name"], rows[0].Tags["tenant"]));
        Assert.Equal(812.5, rows[0].Values["t95"]);
        Assert.Equal("nanosecond", rows[0].Units["t95"].Name);
        Assert.Equal("42", rows[1].Tags["tenant"]);
        Assert.False(rows[1].Values.ContainsKey("t95"));
        Assert.Equal(3, rows[1].Values["thits"]);
    }

    [Fact]
    public void ParseLogAggregate_TimeoutIsPartialAndByValuesMayBeNumbers()
    {
        const string json = """
            {"meta":{"status":"timeout","page":{"after":"cursor-1"}},"data":{"buckets":[
              {"by":{"service":"billing","status":"debug"},"computes":{"c0":[{"time":"2026-11-10T01:00:00.000Z","value":1856},{"time":"2026-11-10T02:00:00.000Z","value":null}]}},
              {"by":{"service":7,"status":"info"},"computes":{"c0":12}}]}}
            """;

        var counts = DatadogResponses.ParseLogAggregate(Parse(json), out var next);

        Assert.False(counts.Complete);
        Assert.Equal("cursor-1", next);
        Assert.Equal([new Point(T0, 1856)], counts.Buckets[0].Counts);
        Assert.Equal("7", counts.Buckets[1].By["service"]);
        Assert.Equal(12, counts.Buckets[1].Total);
    }

    [Fact]
    public void ParseUsageAndCost_MeasurementsAndTotalCharges()
    {
        const string usage = """
            {"data":[{"type":"usage_timeseries","attributes":{"timestamp":"2026-11-10T01:00:00+00:00","product_family":"logs",
              "measurements":[{"usage_type":"ingested_events_bytes","value":123},{"usage_type":"indexed_events_count","value":null}]}}],
             "meta":{"pagination":{"next_record_id":null}}}
            """;
        const string cost = """
            {"data":[{"attributes":{"date":"2026-11-02T00:00:00Z","total_cost":9,"charges":[
              {"product_name":"logs","charge_type":"committed","cost":2},{"product_name":"logs","charge_type":"on_demand","cost":1},
              {"product_name":"logs","charge_type":"total","cost":3},{"product_name":"apm_host","charge_type":"on_demand","cost":6}]}}]}
            """;

        var records = DatadogResponses.ParseHourlyUsage(Parse(usage), out var next);
        var costs = DatadogResponses.ParseEstimatedCost(Parse(cost));

        Assert.Null(next);
        Assert.Equal([new DatadogUsageRecord(T0, "logs", "ingested_events_bytes", 123)], records);
        Assert.Equal(3, costs.Single(c => c.Product == "logs").CumulativeUsd);
        Assert.Equal(6, costs.Single(c => c.Product == "apm_host").CumulativeUsd);
        Assert.Equal(new DateOnly(2026, 11, 2), costs[0].Date);
    }

    [Fact]
    public void ErrorBodies_JsonListsAndHtmlPages_AreReadable()
    {
        Assert.Equal("a; b", DatadogApiClient.Messages(Parse("""{"errors":["a","b"]}""")));
        Assert.Equal("Bad Request: query is invalid", DatadogApiClient.Messages(Parse("""{"errors":[{"title":"Bad Request","detail":"query is invalid"}]}""")));
        Assert.Equal("HTML page: 502 Bad Gateway", DatadogApiClient.Summarize("<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"u8.ToArray()));
        Assert.Equal("empty body", DatadogApiClient.Summarize([]));
    }

    [Fact]
    public void Validator_Mistakes_NameTheKeyButNeverAKeyValue()
    {
        var dd = new DatadogEnvironmentOptions
        {
            Site = "datadog hq",
            BaseUrl = "ftp://proxy",
            ApiKey = " ",
            AppKey = "secret-app-key-value",
            Services = ["api", "api"],
            SpanName = "http request",
            TenantErrorMetric = "errors",
            TenantMetricUnit = "h",
            Memory = [new DatadogMemoryQueryOptions { Name = "hosts", Query = "avg:system.mem.pct_usable{env:$env}", Unit = "ratio", ServiceTag = "host" }],
            RequestBudgetPerHour = -1,
        };

        var errors = DatadogOptionsValidator.Errors(dd, "OpsReport:Environments:1:Datadog").ToList();

        const string K = "OpsReport:Environments:1:Datadog";
        foreach (var key in new[] { "Site", "BaseUrl", "ApiKey", "Services:1", "SpanName", "TenantErrorMetric", "TenantMetricUnit", "Memory:0:Query", "Memory:0:Unit", "RequestBudgetPerHour" })
            Assert.Contains(errors, e => e.StartsWith($"{K}:{key}: ", StringComparison.Ordinal));
        Assert.All(errors, e => Assert.DoesNotContain("secret-app-key-value", e, StringComparison.Ordinal));
        Assert.Empty(DatadogOptionsValidator.Errors(new DatadogEnvironmentOptions { Site = "datadoghq.eu", EnvTag = "staging" }, K));
    }

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
