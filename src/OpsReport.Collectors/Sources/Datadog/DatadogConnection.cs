using OpsReport.Core.Configuration;

namespace OpsReport.Collectors.Sources.Datadog;

/// <summary>
/// How OpsReport reaches Datadog for one environment: the API base URL, the keys, the env tag and the organization's
/// shared request budget. <see cref="ToString"/> never shows a key.
/// </summary>
public sealed class DatadogConnection
{
    internal DatadogConnection(string environment, int index, DatadogEnvironmentOptions options, Uri baseUri, string site, string apiKey, string appKey,
        DatadogOrganization organization)
    {
        Environment = environment;
        Index = index;
        Options = options;
        BaseUri = baseUri;
        Site = site;
        ApiKey = apiKey;
        AppKey = appKey;
        Organization = organization;
    }

    public string Environment { get; }

    /// <summary>Position of the environment in <c>OpsReport:Environments</c>, for messages that name config keys.</summary>
    public int Index { get; }

    public DatadogEnvironmentOptions Options { get; }

    /// <summary>e.g. <c>https://api.datadoghq.com/</c>, or the configured base URL.</summary>
    public Uri BaseUri { get; }

    /// <summary>The site the keys belong to, or "(base URL override)" when a base URL is configured.</summary>
    public string Site { get; }

    /// <summary>Where requests go, for messages: <c>site datadoghq.eu</c> or <c>base URL https://proxy…/</c>.</summary>
    public string Where => Site == DatadogConnectionFactory.BaseUrlSite ? "base URL " + BaseUri : "site " + Site;

    /// <summary>The value of the <c>env</c> tag selecting this environment's data.</summary>
    public string EnvTag => Options.EnvTag ?? Environment;

    /// <summary>The config key of this environment's Datadog section, e.g. <c>OpsReport:Environments:1:Datadog</c>.</summary>
    public string ConfigKey => $"{OpsReportOptions.SectionName}:Environments:{Index}:Datadog";

    internal string ApiKey { get; }

    internal string AppKey { get; }

    internal DatadogOrganization Organization { get; }

    public override string ToString() => $"{Environment} → {BaseUri} (env:{EnvTag}, keys hidden)";
}
