namespace OpsReport.Core.Configuration;

/// <summary>The <c>OpsReport</c> configuration section (appsettings.json, overridable by <c>OpsReport__Key__Sub</c> variables).</summary>
public sealed class OpsReportOptions
{
    public const string SectionName = "OpsReport";

    /// <summary>Where the SQLite store, rendered reports and the email pickup folder live.</summary>
    public string DataDir { get; set; } = "./data";

    /// <summary>IANA zone for everything shown to people: report weeks, "same hour last week", axis labels.</summary>
    public string TimeZone { get; set; } = "Asia/Tokyo";

    /// <summary>Product name printed on pages, reports and email subjects.</summary>
    public string Product { get; set; } = "OpsReport Demo";

    /// <summary>UI and report language: <c>en</c> or <c>ja</c>.</summary>
    public string Language { get; set; } = "en";

    /// <summary>Public URL of the dashboard, used for links in emails and findings.</summary>
    public string BaseUrl { get; set; } = "http://localhost:5080";

    /// <summary>Folder of dashboard and report definitions (YAML).</summary>
    public string DashboardsDir { get; set; } = "dashboards";

    /// <summary>Environments with real sources. When none is configured, the demo environments are used.</summary>
    public List<EnvironmentOptions> Environments { get; set; } = [];

    public DemoOptions Demo { get; set; } = new();

    public CollectionOptions Collection { get; set; } = new();

    public StoreOptions Store { get; set; } = new();

    public EmailOptions Email { get; set; } = new();

    public AnalysisOptions Analysis { get; set; } = new();

    /// <summary>Sign-in and roles; see the README's "Deploy for your team".</summary>
    public AuthOptions Auth { get; set; } = new();
}

/// <summary>One environment (prod, staging, …), usually one AWS account and/or one Datadog env tag.</summary>
public sealed class EnvironmentOptions
{
    public string Name { get; set; } = "";

    /// <summary>Shown on the environment ribbon; defaults to <see cref="Name"/>.</summary>
    public string? DisplayName { get; set; }

    /// <summary>True for production: its ribbon stands out.</summary>
    public bool? IsProduction { get; set; }

    public AwsEnvironmentOptions? Aws { get; set; }

    public DatadogEnvironmentOptions? Datadog { get; set; }
}

/// <summary>How OpsReport reaches an environment's AWS account and what it reads there (CloudWatch, Logs Insights, Cost Explorer).</summary>
public sealed class AwsEnvironmentOptions
{
    /// <summary>Named profile from the shared config/credentials files (SSO and role profiles work); default: the standard chain.</summary>
    public string? Profile { get; set; }

    /// <summary>Role to assume with the profile's (or the chain's) credentials, e.g. a read-only role in this account.</summary>
    public string? RoleArn { get; set; }

    /// <summary>Passed to AssumeRole when the role's trust policy asks for one.</summary>
    public string? ExternalId { get; set; }

    /// <summary>e.g. ap-northeast-1; default: AWS_REGION, then the profile's region.</summary>
    public string? Region { get; set; }

    /// <summary>CloudWatch namespaces to discover; empty means every namespace OpsReport maps (AWS/ApplicationELB, AWS/ECS, …).</summary>
    public List<string> Namespaces { get; set; } = [];

    /// <summary>Application log groups whose request logs give latency per path and tenant (Logs Insights); empty: none.</summary>
    public List<string> LogGroups { get; set; } = [];

    /// <summary>Log field holding the request path (JSON logs are discovered by Insights; nested fields use dots).</summary>
    public string PathField { get; set; } = "path";

    /// <summary>Log field holding the tenant id; empty when the product has no tenants.</summary>
    public string TenantField { get; set; } = "tenant";

    public string DurationField { get; set; } = "duration_ms";

    /// <summary>Unit of <see cref="DurationField"/>: <c>ms</c> or <c>s</c>.</summary>
    public string DurationUnit { get; set; } = "ms";

    /// <summary>HTTP status field; 5xx counts as an error.</summary>
    public string StatusField { get; set; } = "status";

    /// <summary>Log level field; lines without it are classified by a level word in the message.</summary>
    public string LevelField { get; set; } = "level";

    /// <summary>Extra path normalization rules, applied in order before the built-in ones (numeric ids, UUIDs, hashes → {id}).</summary>
    public List<AwsPathRuleOptions> PathRules { get; set; } = [];

    /// <summary>Tenant id → display name, published to the tenant directory (e.g. "t-001": "株式会社サンプル").</summary>
    public Dictionary<string, string> Tenants { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Logs Insights queries OpsReport runs at once in this account (the account limit is shared with people).</summary>
    public int InsightsConcurrency { get; set; } = 4;

    /// <summary>A query still running after this is stopped and its window kept as a gap.</summary>
    public TimeSpan InsightsQueryTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Also query day and week latency rollups (exact percentiles per period; scans the logs again).</summary>
    public bool InsightsRollups { get; set; } = true;

    /// <summary>Read daily cost from Cost Explorer in this account ($0.01 per request).</summary>
    public bool CostExplorer { get; set; } = true;

    /// <summary>Record ECS service deployments as deploys (ecs:ListClusters, ecs:ListServices, ecs:DescribeServices; free).</summary>
    public bool EcsDeploys { get; set; } = true;

    /// <summary>ECS clusters (names or ARNs) whose deployments are recorded; empty: every cluster of the region.</summary>
    public List<string> EcsClusters { get; set; } = [];
}

/// <summary>One path normalization rule: a .NET regular expression and its replacement, e.g. <c>^/files/.+$</c> → <c>/files/{path}</c>.</summary>
public sealed class AwsPathRuleOptions
{
    public string Pattern { get; set; } = "";

    public string Replacement { get; set; } = "";
}

/// <summary>The built-in demo source: realistic generated data with planted incidents.</summary>
public sealed class DemoOptions
{
    /// <summary>On by default when no environment has a real source configured.</summary>
    public bool? Enabled { get; set; }

    /// <summary>Seed of the generator: the same seed and clock give the same data.</summary>
    public int Seed { get; set; } = 20261122;

    /// <summary>The demo environments; names must be unique.</summary>
    public List<string> Environments { get; set; } = ["prod", "staging", "demo"];
}

/// <summary>How and when sources are collected.</summary>
public sealed class CollectionOptions
{
    /// <summary>Run collection in the background while serving.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the background runner looks for new complete hours.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>History fetched on the first run of a stream.</summary>
    public int BackfillDays { get; set; } = 35;
}

/// <summary>Email composition and delivery.</summary>
public sealed class EmailOptions
{
    /// <summary><c>Pickup</c> (write .eml files), <c>Smtp</c> or <c>Ses</c>.</summary>
    public string Delivery { get; set; } = "Pickup";

    /// <summary>Pickup folder; relative paths are under DataDir. Default <c>outbox</c>.</summary>
    public string PickupDirectory { get; set; } = "outbox";

    public string From { get; set; } = "OpsReport <opsreport@localhost>";

    public List<string> To { get; set; } = ["team@localhost"];

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>
    /// With <c>Delivery: Ses</c>: the environment whose <c>Aws</c> section (credentials, role, region) sends the mail;
    /// default: the first environment with an <c>Aws</c> section.
    /// </summary>
    public string? SesEnvironment { get; set; }

    /// <summary>Above this size the PDF is linked on the dashboard instead of attached.</summary>
    public long MaxAttachmentBytes { get; set; } = 8 * 1024 * 1024;
}

/// <summary>SMTP relay settings; the password comes from configuration or the environment, never from a committed file.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    /// <summary>Upgrade the connection with STARTTLS (port 587); the relay must offer it.</summary>
    public bool StartTls { get; set; } = true;

    /// <summary>TLS from the first byte (SMTPS); always on for port 465.</summary>
    public bool ImplicitTls { get; set; }

    public string? UserName { get; set; }

    public string? Password { get; set; }
}
