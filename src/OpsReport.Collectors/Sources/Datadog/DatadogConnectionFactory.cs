using Microsoft.Extensions.Options;
using OpsReport.Core.Configuration;
using OpsReport.Core.Domain;
using OpsReport.Core.Storage;

namespace OpsReport.Collectors.Sources.Datadog;

/// <summary>
/// Builds each environment's <see cref="DatadogConnection"/> from <c>OpsReport:Environments:N:Datadog</c> and the standard
/// variables: keys from the section or <c>DD_API_KEY</c>/<c>DD_APP_KEY</c>, site from the section or <c>DD_SITE</c>
/// (default <c>datadoghq.com</c>), or a full <c>BaseUrl</c>. Environments with the same keys and site share one
/// organization: one request budget, one view of Datadog's rate limits.
/// </summary>
public sealed class DatadogConnectionFactory
{
    public const string DefaultSite = "datadoghq.com";

    /// <summary>What <see cref="DatadogConnection.Site"/> says when a base URL replaces the site.</summary>
    public const string BaseUrlSite = "(base URL override)";

    // Run records read when seeding the budget with requests sent by earlier processes (one record per committed window).
    private const int HistoryRuns = 2000;

    private readonly OpsReportOptions _options;
    private readonly Func<string, string?> _variables;
    private readonly TimeProvider _time;
    private readonly IMetricStore? _store;
    private readonly Lock _gate = new();
    private Dictionary<string, DatadogConnection>? _connections;
    private Dictionary<string, string>? _problems;

    public DatadogConnectionFactory(IOptions<OpsReportOptions> options, TimeProvider timeProvider, IMetricStore store)
        : this(options.Value, Environment.GetEnvironmentVariable, timeProvider, store)
    {
    }

    /// <param name="environmentVariables">Process variables (DD_API_KEY, DD_APP_KEY, DD_SITE); tests pass their own.</param>
    /// <param name="store">Where earlier runs' request counts are read from to seed the budget; null: start empty.</param>
    internal DatadogConnectionFactory(OpsReportOptions options, Func<string, string?> environmentVariables, TimeProvider timeProvider, IMetricStore? store)
    {
        _options = options;
        _variables = environmentVariables;
        _time = timeProvider;
        _store = store;
    }

    /// <summary>Names of the environments with a <c>Datadog</c> section.</summary>
    public IReadOnlyList<string> Environments => _options.Environments.Where(e => e.Datadog is not null).Select(e => e.Name).ToList();

    /// <summary>The environment's Datadog settings, or null when it does not use Datadog.</summary>
    public DatadogEnvironmentOptions? OptionsFor(string environment) =>
        _options.Environments.FirstOrDefault(e => string.Equals(e.Name, environment, StringComparison.OrdinalIgnoreCase))?.Datadog;

    /// <summary>True when the environment also reads AWS (so a bare log group may be CloudWatch's, not a Datadog service).</summary>
    public bool AlsoUsesAws(string environment) =>
        _options.Environments.FirstOrDefault(e => string.Equals(e.Name, environment, StringComparison.OrdinalIgnoreCase))?.Aws is not null;

    /// <exception cref="DatadogConfigurationException">A key is missing or the base URL cannot be used; the message names the config keys to set.</exception>
    /// <exception cref="ArgumentException">The environment has no Datadog section.</exception>
    public DatadogConnection For(string environment)
    {
        lock (_gate)
        {
            if (_connections is null)
                Build();
            var name = _options.Environments.FirstOrDefault(e => string.Equals(e.Name, environment, StringComparison.OrdinalIgnoreCase) && e.Datadog is not null)?.Name
                ?? throw new ArgumentException($"Environment '{environment}' has no Datadog section.", nameof(environment));
            if (_problems!.TryGetValue(name, out var problem))
                throw new DatadogConfigurationException(problem);
            return _connections![name];
        }
    }

    /// <summary>True when this environment collects its organization's usage and cost (the first environment using those keys).</summary>
    public bool OwnsOrganizationUsage(string environment)
    {
        var connection = For(environment);
        return string.Equals(connection.Organization.OwnerEnvironment, connection.Environment, StringComparison.Ordinal);
    }

    private void Build()
    {
        _connections = new Dictionary<string, DatadogConnection>(StringComparer.Ordinal);
        _problems = new Dictionary<string, string>(StringComparer.Ordinal);
        var resolved = new List<(string Name, int Index, DatadogEnvironmentOptions Options, Uri BaseUri, string Site, string ApiKey, string AppKey)>();
        for (var i = 0; i < _options.Environments.Count; i++)
        {
            var env = _options.Environments[i];
            if (env.Datadog is not { } dd)
                continue;
            var key = $"{OpsReportOptions.SectionName}:Environments:{i}:Datadog";
            var apiKey = NonEmpty(dd.ApiKey) ?? NonEmpty(_variables("DD_API_KEY"));
            var appKey = NonEmpty(dd.AppKey) ?? NonEmpty(_variables("DD_APP_KEY"));
            if (apiKey is null || appKey is null)
            {
                var missing = apiKey is null && appKey is null ? "API and application keys" : apiKey is null ? "API key" : "application key";
                var variables = string.Join(" and ", new[] { apiKey is null ? "DD_API_KEY" : null, appKey is null ? "DD_APP_KEY" : null }.OfType<string>());
                var keys = string.Join(" / ", new[] { apiKey is null ? key + ":ApiKey" : null, appKey is null ? key + ":AppKey" : null }.OfType<string>());
                _problems[env.Name] = $"{env.Name}: no Datadog {missing}; set {variables} (or {keys}).";
                continue;
            }
            if (!TryResolveBase(dd, key, out var baseUri, out var site, out var problem))
            {
                _problems[env.Name] = $"{env.Name}: {problem}";
                continue;
            }
            resolved.Add((env.Name, i, dd, baseUri!, site!, apiKey, appKey));
        }

        // Same keys on the same site read the same organization. Keys stay in memory only, never in a message.
        foreach (var org in resolved.GroupBy(r => (r.BaseUri.ToString(), r.ApiKey, r.AppKey)))
        {
            var members = org.ToList();
            var names = members.Select(m => m.Name).ToList();
            // The lowest cap any member sets (0 = none) holds for the organization.
            var caps = members.Select(m => m.Options.RequestBudgetPerHour).Where(b => b > 0).ToList();
            var pacer = new DatadogRequestPacer(caps.Count > 0 ? caps.Min() : 0, _time, _store is null ? null : ct => HistoryAsync(names, ct));
            var organization = new DatadogOrganization(names[0], names, pacer, new DatadogRateLimits(_time));
            foreach (var m in members)
                _connections[m.Name] = new DatadogConnection(m.Name, m.Index, m.Options, m.BaseUri, m.Site, m.ApiKey, m.AppKey, organization);
        }
    }

    private bool TryResolveBase(DatadogEnvironmentOptions dd, string key, out Uri? baseUri, out string? site, out string? problem)
    {
        baseUri = null;
        site = null;
        problem = null;
        if (NonEmpty(dd.BaseUrl) is { } configured)
        {
            if (!Uri.TryCreate(configured.EndsWith('/') ? configured : configured + "/", UriKind.Absolute, out baseUri) || baseUri.Scheme is not ("http" or "https"))
            {
                problem = $"{key}:BaseUrl '{configured}' is not an absolute http(s) URL.";
                return false;
            }
            site = BaseUrlSite;
            return true;
        }
        site = NonEmpty(dd.Site) ?? NonEmpty(_variables("DD_SITE")) ?? DefaultSite;
        site = site.Trim().TrimEnd('/');
        // DD_SITE is sometimes given as the app host (app.datadoghq.eu) or a URL; the API host is api.<site>.
        if (site.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            site = site["https://".Length..];
        if (site.StartsWith("app.", StringComparison.OrdinalIgnoreCase) || site.StartsWith("api.", StringComparison.OrdinalIgnoreCase))
            site = site[4..];
        if (!Uri.TryCreate($"https://api.{site}/", UriKind.Absolute, out baseUri) || baseUri.Host != "api." + site.ToLowerInvariant())
        {
            problem = $"Datadog site '{site}' (from {(dd.Site is null ? "DD_SITE" : key + ":Site")}) is not a host name; expected one of {string.Join(", ", DatadogOptionsValidator.KnownSites)}.";
            return false;
        }
        return true;
    }

    private async Task<IReadOnlyList<DateTimeOffset>> HistoryAsync(IReadOnlyList<string> environments, CancellationToken cancellationToken)
    {
        var since = _time.GetUtcNow() - DatadogRequestPacer.Hour;
        var sent = new List<DateTimeOffset>();
        foreach (var environment in environments)
        {
            foreach (var run in await _store!.GetRunsAsync(environment, HistoryRuns, cancellationToken))
            {
                // A run's requests are spread over its duration; counting them at its end errs on the safe side.
                if (run.Source == DatadogSource.SourceName && run.FinishedAt is { } finished && finished > since && run.Status != RunStatus.Running)
                    sent.AddRange(Enumerable.Repeat(finished, run.Usage.ApiCalls));
            }
        }
        return sent;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
