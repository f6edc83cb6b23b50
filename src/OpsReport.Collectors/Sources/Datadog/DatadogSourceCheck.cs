using System.Globalization;
using OpsReport.Core.Domain;

namespace OpsReport.Collectors.Sources.Datadog;

/// <summary>
/// <c>check</c> for Datadog environments: the keys (<c>/api/v1/validate</c>), then one small query per configured
/// signal over the last hour — latency, tenant latency, each memory query, log volume, the level query, usage and cost —
/// saying what works, what returns no data (and which setting to look at), and what the keys may not read.
/// </summary>
public sealed class DatadogSourceCheck(DatadogConnectionFactory connections, DatadogApiClient client, TimeProvider timeProvider) : ISourceCheck
{
    private const int MaxNames = 4;

    public async Task<IReadOnlyList<CheckLine>> CheckAsync(string environment, CancellationToken cancellationToken)
    {
        if (connections.OptionsFor(environment) is null)
            return [];
        var lines = new List<CheckLine>();
        DatadogConnection connection;
        try
        {
            connection = connections.For(environment);
        }
        catch (DatadogConfigurationException e)
        {
            lines.Add(Line(CheckLevel.Error, environment, e.Message));
            return lines;
        }
        var env = connection.Environment;
        var meter = new DatadogUsageMeter();
        var api = new DatadogReadApi(client, connection, meter);
        try
        {
            var valid = await api.ValidateAsync(cancellationToken);
            lines.Add(valid
                ? Line(CheckLevel.Ok, env, $"API key valid for {connection.Where} (env:{connection.EnvTag})")
                : Line(CheckLevel.Error, env, $"{connection.Where} did not confirm the API key (no \"valid\": true); check DD_API_KEY or {connection.ConfigKey}:ApiKey"));
        }
        catch (DatadogApiException e)
        {
            // Without a valid key every other call fails the same way: one line says it all.
            lines.Add(Line(CheckLevel.Error, env, e.Message));
            return lines;
        }

        var now = TimeWindow.FloorToHour(timeProvider.GetUtcNow());
        var lastHour = new TimeWindow(now - TimeSpan.FromHours(1), now);
        var o = connection.Options;
        var trace = "trace." + o.SpanName + ".hits";
        await ProbeAsync(lines, connection, "latency", async () =>
        {
            var series = await api.QueryAsync($"sum:{trace}{{{DatadogQueryText.Scope(connection)}}} by {{service}}.as_count()", lastHour, cancellationToken);
            return series.Count > 0
                ? (CheckLevel.Ok, $"{trace}: {Names(series, "service")} with requests in the last hour")
                : (CheckLevel.Warning, $"no {trace} under env:{connection.EnvTag} in the last hour; check SpanName (e.g. aspnet_core.request, rack.request), EnvTag and Services in {connection.ConfigKey}");
        });
        if (!string.IsNullOrWhiteSpace(o.TenantMetric))
        {
            await ProbeAsync(lines, connection, "tenant latency", async () =>
            {
                var metric = DatadogQueryText.MetricWithScope(o.TenantMetric, connection);
                var series = await api.QueryAsync($"count:{metric} by {{{o.TenantTag}}}", lastHour, cancellationToken);
                return series.Count > 0
                    ? (CheckLevel.Ok, $"{metric}: {Names(series, o.TenantTag)} in the last hour")
                    : (CheckLevel.Warning, $"no data for {metric} by {{{o.TenantTag}}} in the last hour; check TenantMetric and TenantTag in {connection.ConfigKey}");
            });
        }
        else
        {
            lines.Add(Line(CheckLevel.Ok, env, $"tenant latency not configured (set {connection.ConfigKey}:TenantMetric to a distribution by {o.ResourceTag} and tenant)"));
        }
        foreach (var m in DatadogMemoryCollector.QueriesOf(connection))
        {
            await ProbeAsync(lines, connection, $"memory '{m.Name}'", async () =>
            {
                var series = await api.QueryAsync(DatadogQueryText.Substitute(m.Query, connection), lastHour, cancellationToken);
                return series.Count > 0
                    ? (CheckLevel.Ok, $"{Names(series, m.ServiceTag)}{(m.LimitQuery is null ? "" : " (with a limit query)")}")
                    : (CheckLevel.Warning, $"'{DatadogQueryText.Substitute(m.Query, connection)}' returned no data in the last hour; adjust {connection.ConfigKey}:Memory");
            });
        }
        await ProbeAsync(lines, connection, "log volume", async () =>
        {
            var series = await api.QueryAsync(DatadogLogVolumeCollector.Query(connection, DatadogLogVolumeCollector.EventsMetric), lastHour, cancellationToken);
            return series.Count > 0
                ? (CheckLevel.Ok, $"{DatadogLogVolumeCollector.EventsMetric}: {Names(series, "service")} in the last hour")
                : (CheckLevel.Warning, $"no {DatadogLogVolumeCollector.EventsMetric} under '{DatadogQueryText.LogMetricScope(connection)}' in the last hour; if these usage metrics carry no env tag in your org, set {connection.ConfigKey}:LogScope (e.g. *)");
        });
        await ProbeAsync(lines, connection, "log levels", async () =>
        {
            var filter = DatadogQueryText.Substitute(o.LogScope, connection);
            var counts = await api.LogCountsAsync(filter.Trim() == "*" ? "*" : filter.Replace(",", " ", StringComparison.Ordinal), new TimeWindow(now - TimeSpan.FromMinutes(15), now),
                [("status", 10)], null, cancellationToken);
            return (CheckLevel.Ok, $"logs aggregate allowed (logs_read_data; {counts.Buckets.Count} statuses in the last 15 min); asked only to explain a volume spike");
        });

        if (connections.OwnsOrganizationUsage(env))
        {
            if (o.Usage)
            {
                await ProbeAsync(lines, connection, "usage", async () =>
                {
                    // Usage lags up to 72 hours: ask about an hour that has settled.
                    var hour = now - TimeSpan.FromHours(73);
                    var records = await api.HourlyUsageAsync(new TimeWindow(hour, hour + TimeSpan.FromHours(1)), DatadogUsageCollector.ProductFamilies, cancellationToken);
                    return (CheckLevel.Ok, $"hourly usage allowed (usage_read; {records.Select(r => r.ProductFamily).Distinct().Count()} of {DatadogUsageCollector.ProductFamilies.Count} product families with data)");
                });
            }
            if (o.Cost)
            {
                try
                {
                    var today = DateOnly.FromDateTime(now.UtcDateTime);
                    var records = await api.EstimatedCostAsync(new DateOnly(today.Year, today.Month, 1), today, cancellationToken);
                    lines.Add(Line(CheckLevel.Ok, env, $"estimated cost allowed (billing_read; {records.Select(r => r.Product).Distinct().Count()} products this month)"));
                }
                catch (DatadogApiException e) when (e.IsForbidden || e.IsBadRequest)
                {
                    lines.Add(Line(CheckLevel.Warning, env, $"cost not available for these keys ({e.Detail}); it needs parent-organization keys with billing_read — usage is still collected. Set {connection.ConfigKey}:Cost to false to silence this"));
                }
                catch (DatadogApiException e)
                {
                    lines.Add(Line(CheckLevel.Error, env, e.Message));
                }
            }
        }
        else
        {
            lines.Add(Line(CheckLevel.Ok, env, $"usage and cost collected with environment {connection.Organization.OwnerEnvironment} (same organization)"));
        }
        lines.Add(Line(CheckLevel.Ok, env, string.Create(CultureInfo.InvariantCulture,
            $"this check sent {meter.Calls} requests; budget {connection.Organization.Pacer}")));
        return lines;
    }

    private static async Task ProbeAsync(List<CheckLine> lines, DatadogConnection connection, string signal, Func<Task<(CheckLevel Level, string Text)>> probe)
    {
        var environment = connection.Environment;
        try
        {
            var (level, text) = await probe();
            lines.Add(Line(level, environment, $"{signal}: {text}"));
        }
        catch (DatadogApiException e) when (e.IsForbidden)
        {
            // Probes run only after /api/v1/validate accepted the API key, so a refusal here is the application key's.
            lines.Add(Line(CheckLevel.Error, environment, $"{signal}: the application key was refused (DD_APP_KEY or {connection.ConfigKey}:AppKey; the API key is valid): "
                + $"Datadog {e.Endpoint} answered {(int)e.StatusCode!} ({e.Detail}); check that it belongs to {connection.Where} and has the read permissions in the README (Connect Datadog)"));
        }
        catch (DatadogApiException e)
        {
            lines.Add(Line(CheckLevel.Error, environment, $"{signal}: {Strip(e.Message, environment)}"));
        }
    }

    private static string Names(IReadOnlyList<DatadogSeries> series, string tag)
    {
        var names = series.Select(s => s.Tags.GetValueOrDefault(tag)).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
        if (names.Count == 0)
            return $"{series.Count} series";
        return $"{names.Count} {tag} value(s) ({string.Join(", ", names.Take(MaxNames))}{(names.Count > MaxNames ? ", …" : "")})";
    }

    private static CheckLine Line(CheckLevel level, string environment, string text) =>
        new(level, $"env {environment} datadog: {Strip(text, environment)}");

    private static string Strip(string message, string environment) =>
        (message.StartsWith(environment + ": ", StringComparison.Ordinal) ? message[(environment.Length + 2)..] : message).ReplaceLineEndings(" ");
}
