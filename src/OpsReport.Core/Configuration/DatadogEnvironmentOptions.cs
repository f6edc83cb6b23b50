namespace OpsReport.Core.Configuration;

/// <summary>How OpsReport reads an environment from Datadog: site and keys, which services, and the metrics behind each signal.</summary>
/// <remarks>
/// Keys are best left out of files: <c>DD_API_KEY</c> / <c>DD_APP_KEY</c> (or <c>OpsReport__Environments__0__Datadog__ApiKey</c>
/// from a secret store) fill them. They are sent as headers only and never printed.
/// </remarks>
public sealed class DatadogEnvironmentOptions
{
    /// <summary>The Datadog site, e.g. <c>datadoghq.eu</c> or <c>us5.datadoghq.com</c>; default: <c>DD_SITE</c>, then <c>datadoghq.com</c>.</summary>
    public string? Site { get; set; }

    /// <summary>A full API base URL that replaces <c>https://api.{Site}</c> (a proxy, or a test server).</summary>
    public string? BaseUrl { get; set; }

    /// <summary>API key; default: <c>DD_API_KEY</c>.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Application key (needs timeseries_query, logs_read_data, usage_read; billing_read for cost); default: <c>DD_APP_KEY</c>.</summary>
    public string? AppKey { get; set; }

    /// <summary>The value of the <c>env</c> tag of this environment's data; default: the environment's name.</summary>
    public string? EnvTag { get; set; }

    /// <summary>Services (the <c>service</c> tag) to read; empty: every service with data under the env tag.</summary>
    public List<string> Services { get; set; } = [];

    /// <summary>APM span name behind the trace metrics <c>trace.&lt;span&gt;</c>, e.g. <c>http.request</c>, <c>aspnet_core.request</c>.</summary>
    public string SpanName { get; set; } = "http.request";

    /// <summary>Tag naming the endpoint on trace metrics (and on the tenant metric).</summary>
    public string ResourceTag { get; set; } = "resource_name";

    /// <summary>
    /// Distribution metric of request latency by resource and tenant (e.g. a span-based metric on <c>@duration</c>), optionally
    /// with its own scope: <c>opsreport.request.duration</c> or <c>opsreport.request.duration{env:$env,service:api}</c>.
    /// Empty: no per-tenant latency.
    /// </summary>
    public string? TenantMetric { get; set; }

    /// <summary>Tag holding the tenant id on <see cref="TenantMetric"/>.</summary>
    public string TenantTag { get; set; } = "tenant";

    /// <summary>Unit of <see cref="TenantMetric"/> when Datadog does not say: <c>ns</c> (span <c>@duration</c>), <c>us</c>, <c>ms</c> or <c>s</c>.</summary>
    public string TenantMetricUnit { get; set; } = "ns";

    /// <summary>Optional count metric of failed requests by resource and tenant (same scope rules as <see cref="TenantMetric"/>).</summary>
    public string? TenantErrorMetric { get; set; }

    /// <summary>Tenant id → display name, published to the tenant directory (e.g. "sakura": "株式会社サクラ物流").</summary>
    public Dictionary<string, string> Tenants { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Extra path rules applied to resource names before the built-in ones, as for the AWS sources.</summary>
    public List<AwsPathRuleOptions> PathRules { get; set; } = [];

    /// <summary>Memory queries; empty: container memory usage against its limit, by service.</summary>
    public List<DatadogMemoryQueryOptions> Memory { get; set; } = [];

    /// <summary>
    /// Scope of the log volume metrics (<c>datadog.estimated_usage.logs.ingested_bytes</c>/<c>_events</c>) and of the level
    /// query; <c>$env</c> stands for the env tag. Use e.g. <c>*</c> when those metrics carry no env tag in your org.
    /// </summary>
    public string LogScope { get; set; } = "env:$env";

    /// <summary>
    /// Events search query that finds deploy events, e.g. <c>tags:deployment</c> or <c>source:jenkins</c> (the env tag is
    /// added); empty: deploys are not read from Datadog. Needs <c>events_read</c>.
    /// </summary>
    public string? DeployEventQuery { get; set; }

    /// <summary>Read hourly usage (logs, indexed spans, infra hosts) for this environment's organization.</summary>
    public bool Usage { get; set; } = true;

    /// <summary>Read the estimated cost (parent-organization keys with billing_read only; otherwise reported as not available).</summary>
    public bool Cost { get; set; } = true;

    /// <summary>
    /// An optional cap of OpsReport's own on the requests it sends to the organization per rolling hour (shared by
    /// environments using the same keys and site), for organizations whose limits are shared with dashboards and people.
    /// 0 (default): no cap of its own; requests are paced by Datadog's per-endpoint rate-limit headers.
    /// </summary>
    public int RequestBudgetPerHour { get; set; }
}
