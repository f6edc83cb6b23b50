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

    public EmailOptions Email { get; set; } = new();
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

/// <summary>How OpsReport reaches an environment's AWS account (filled in by the AWS sources).</summary>
public sealed class AwsEnvironmentOptions
{
    public string? Profile { get; set; }

    public string? RoleArn { get; set; }

    public string? Region { get; set; }
}

/// <summary>How OpsReport reads an environment from Datadog (filled in by the Datadog source).</summary>
public sealed class DatadogEnvironmentOptions
{
    public string? Site { get; set; }

    public string? EnvTag { get; set; }
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

    /// <summary>Above this size the PDF is linked on the dashboard instead of attached.</summary>
    public long MaxAttachmentBytes { get; set; } = 8 * 1024 * 1024;
}

/// <summary>SMTP relay settings; the password comes from configuration or the environment, never from a committed file.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    public bool StartTls { get; set; } = true;

    public string? UserName { get; set; }

    public string? Password { get; set; }
}
