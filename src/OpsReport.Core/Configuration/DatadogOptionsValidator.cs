using System.Text.RegularExpressions;

namespace OpsReport.Core.Configuration;

/// <summary>Checks one environment's <c>Datadog</c> section and names the exact key of every mistake (never a key's value).</summary>
public static partial class DatadogOptionsValidator
{
    /// <summary>The sites Datadog serves (DATADOG.md); another value is accepted only when it looks like a host name.</summary>
    public static readonly IReadOnlyList<string> KnownSites =
    [
        "datadoghq.com", "us3.datadoghq.com", "us5.datadoghq.com", "datadoghq.eu", "ap1.datadoghq.com", "ap2.datadoghq.com", "ddog-gov.com",
    ];

    private static readonly string[] TenantUnits = ["ns", "us", "ms", "s"];
    private static readonly string[] MemoryUnits = ["percent", "fraction", "free-fraction"];

    // Far above Datadog's published per-org limits (about 1,600 metric queries an hour); a budget above it protects nothing.
    private const int MaxBudget = 10_000;

    /// <param name="key">The section's key, e.g. <c>OpsReport:Environments:1:Datadog</c>.</param>
    public static IEnumerable<string> Errors(DatadogEnvironmentOptions dd, string key)
    {
        if (dd.Site is not null && !HostName().IsMatch(dd.Site))
            yield return $"{key}:Site: '{dd.Site}' is not a Datadog site; expected one of {string.Join(", ", KnownSites)}.";
        if (dd.BaseUrl is not null && (!Uri.TryCreate(dd.BaseUrl, UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https")))
            yield return $"{key}:BaseUrl: '{dd.BaseUrl}' is not an absolute http(s) URL; expected e.g. https://dd-proxy.example.com or leave it out to use the site.";
        // Only presence is checked: a key's value must never appear in a message.
        if (dd.ApiKey is not null && string.IsNullOrWhiteSpace(dd.ApiKey))
            yield return $"{key}:ApiKey: is empty; set it (or DD_API_KEY) or leave it out.";
        if (dd.AppKey is not null && string.IsNullOrWhiteSpace(dd.AppKey))
            yield return $"{key}:AppKey: is empty; set it (or DD_APP_KEY) or leave it out.";
        if (dd.EnvTag is not null && !TagValue().IsMatch(dd.EnvTag))
            yield return $"{key}:EnvTag: '{dd.EnvTag}' is not a tag value; expected e.g. prod (letters, digits and _ - . / :).";

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < dd.Services.Count; i++)
        {
            if (!TagValue().IsMatch(dd.Services[i]))
                yield return $"{key}:Services:{i}: '{dd.Services[i]}' is not a service tag value; expected e.g. api.";
            else if (!seen.Add(dd.Services[i]))
                yield return $"{key}:Services:{i}: '{dd.Services[i]}' is listed twice.";
        }

        if (!MetricName().IsMatch(dd.SpanName))
            yield return $"{key}:SpanName: '{dd.SpanName}' is not a span name; expected e.g. http.request or aspnet_core.request.";
        if (!TagName().IsMatch(dd.ResourceTag))
            yield return $"{key}:ResourceTag: '{dd.ResourceTag}' is not a tag name; expected e.g. resource_name.";
        foreach (var (name, value) in new[] { ("TenantMetric", dd.TenantMetric), ("TenantErrorMetric", dd.TenantErrorMetric) })
        {
            if (value is not null && !MetricWithScope().IsMatch(value))
                yield return $"{key}:{name}: '{value}' is not a metric name (optionally with a scope); expected e.g. opsreport.request.duration or opsreport.request.duration{{env:$env}}.";
        }
        if (dd.TenantErrorMetric is not null && dd.TenantMetric is null)
            yield return $"{key}:TenantErrorMetric: only used with TenantMetric; set TenantMetric or remove TenantErrorMetric.";
        if (!TagName().IsMatch(dd.TenantTag))
            yield return $"{key}:TenantTag: '{dd.TenantTag}' is not a tag name; expected e.g. tenant.";
        if (!TenantUnits.Contains(dd.TenantMetricUnit, StringComparer.Ordinal))
            yield return $"{key}:TenantMetricUnit: '{dd.TenantMetricUnit}' is not supported; expected {string.Join(", ", TenantUnits)}.";

        foreach (var (id, name) in dd.Tenants)
        {
            if (string.IsNullOrWhiteSpace(name))
                yield return $"{key}:Tenants:{id}: needs a display name, e.g. \"株式会社サンプル\".";
        }
        for (var i = 0; i < dd.PathRules.Count; i++)
        {
            var rule = dd.PathRules[i];
            string? problem = string.IsNullOrEmpty(rule.Pattern) ? "it is empty" : null;
            if (problem is null)
            {
                try
                {
                    _ = new Regex(rule.Pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
                }
                catch (ArgumentException e)
                {
                    problem = e.Message;
                }
            }
            if (problem is not null)
                yield return $"{key}:PathRules:{i}:Pattern: '{rule.Pattern}' is not a valid regular expression ({problem}); expected e.g. ^/files/.+$.";
        }

        for (var i = 0; i < dd.Memory.Count; i++)
        {
            var m = dd.Memory[i];
            var mk = $"{key}:Memory:{i}";
            if (string.IsNullOrWhiteSpace(m.Name))
                yield return $"{mk}:Name: every memory query needs a name, e.g. containers.";
            if (!GroupedQuery().IsMatch(m.Query))
                yield return $"{mk}:Query: '{m.Query}' is not a grouped metric query; expected e.g. avg:container.memory.usage{{env:$env}} by {{service}}.";
            if (m.LimitQuery is not null && !GroupedQuery().IsMatch(m.LimitQuery))
                yield return $"{mk}:LimitQuery: '{m.LimitQuery}' is not a grouped metric query; expected e.g. avg:container.memory.limit{{env:$env}} by {{service}}.";
            if (!MemoryUnits.Contains(m.Unit, StringComparer.Ordinal))
                yield return $"{mk}:Unit: '{m.Unit}' is not supported; expected {string.Join(", ", MemoryUnits)}.";
            if (!TagName().IsMatch(m.ServiceTag))
                yield return $"{mk}:ServiceTag: '{m.ServiceTag}' is not a tag name; expected e.g. service or host.";
            else if (GroupedQuery().Match(m.Query) is { Success: true } match && !match.Groups["by"].Value.Split(',').Select(t => t.Trim()).Contains(m.ServiceTag, StringComparer.Ordinal))
                yield return $"{mk}:ServiceTag: '{m.ServiceTag}' is not in the query's by {{…}}; group by it, e.g. by {{{m.ServiceTag}}}.";
        }

        if (dd.DeployEventQuery is { } deployQuery && (deployQuery.Trim().Length == 0 || deployQuery.Length > 500 || deployQuery.Any(char.IsControl)))
            yield return $"{key}:DeployEventQuery: expected an events search query of at most 500 characters on one line, e.g. tags:deployment; leave it out to not read deploys from Datadog.";
        if (string.IsNullOrWhiteSpace(dd.LogScope))
            yield return $"{key}:LogScope: must not be empty; expected e.g. env:$env, or * when the log usage metrics carry no env tag.";
        if (dd.RequestBudgetPerHour is < 0 or > MaxBudget)
            yield return $"{key}:RequestBudgetPerHour: {dd.RequestBudgetPerHour} is out of range; expected 0 (no cap of OpsReport's own: paced by Datadog's rate-limit headers, the default) to {MaxBudget}.";
    }

    [GeneratedRegex(@"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$")]
    private static partial Regex HostName();

    [GeneratedRegex(@"^[\p{L}\p{N}_\-./:]{1,200}$")]
    private static partial Regex TagValue();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_.\-/]{0,199}$")]
    private static partial Regex TagName();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_.]{0,199}$")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_.]{0,199}(\{[^{}]+\})?$")]
    private static partial Regex MetricWithScope();

    [GeneratedRegex(@"^[a-z0-9]+:[A-Za-z][A-Za-z0-9_.]*\{[^{}]*\}.*\bby\s*\{(?<by>[^{}]+)\}.*$")]
    private static partial Regex GroupedQuery();
}
