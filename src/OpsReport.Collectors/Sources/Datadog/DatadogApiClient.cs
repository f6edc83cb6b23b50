using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace OpsReport.Collectors.Sources.Datadog;

/// <summary>
/// The typed HTTP client for Datadog's read APIs. Sends the keys as headers (query-string keys are deprecated), keeps
/// to the organization's request budget, waits for <c>X-RateLimit-Reset</c> on a 429 (backs off exponentially without
/// it) and slows down before a limit runs out, retries 5xx and network errors, and turns any error body — JSON
/// <c>{"errors":[…]}</c>, an HTML page, or <c>status:"error"</c> inside a 200 — into a <see cref="DatadogApiException"/>
/// naming the environment. Every request sent is counted on the caller's <see cref="DatadogUsageMeter"/>.
/// </summary>
public sealed partial class DatadogApiClient
{
    private const int MaxDetailLength = 300;

    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly DatadogClientSettings _settings;
    private readonly ILogger _logger;

    /// <param name="http">Shared, long-lived; its own timeout is not used (each call has <see cref="DatadogClientSettings.CallTimeout"/>).</param>
    public DatadogApiClient(HttpClient http, TimeProvider timeProvider, DatadogClientSettings? settings = null, ILogger<DatadogApiClient>? logger = null)
    {
        _http = http;
        _time = timeProvider;
        _settings = settings ?? DatadogClientSettings.Default;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    public DatadogClientSettings Settings => _settings;

    /// <summary>GET with query parameters (values are escaped here); returns the JSON root.</summary>
    /// <param name="path">Relative to the base URL, without a leading '/', e.g. <c>api/v1/query</c>.</param>
    /// <param name="apiKeyOnly">Send only the API key (<c>/api/v1/validate</c>).</param>
    /// <param name="maxWait">The longest wait (rate limit, cap, backoff) the caller accepts; past it the call fails at once.</param>
    public Task<JsonElement> GetAsync(DatadogConnection connection, string path, IEnumerable<KeyValuePair<string, string>> query, DatadogUsageMeter meter,
        CancellationToken cancellationToken, bool apiKeyOnly = false, TimeSpan? maxWait = null)
    {
        var text = string.Join('&', query.Select(kv => Uri.EscapeDataString(kv.Key) + "=" + Uri.EscapeDataString(kv.Value)));
        return SendAsync(connection, HttpMethod.Get, path, text, null, meter, apiKeyOnly, maxWait, cancellationToken);
    }

    /// <summary>POST of a JSON body; returns the JSON root.</summary>
    /// <param name="maxWait">The longest wait (rate limit, cap, backoff) the caller accepts; past it the call fails at once.</param>
    public Task<JsonElement> PostAsync(DatadogConnection connection, string path, JsonNode body, DatadogUsageMeter meter, CancellationToken cancellationToken, TimeSpan? maxWait = null) =>
        SendAsync(connection, HttpMethod.Post, path, "", Encoding.UTF8.GetBytes(body.ToJsonString()), meter, apiKeyOnly: false, maxWait, cancellationToken);

    private async Task<JsonElement> SendAsync(DatadogConnection connection, HttpMethod method, string path, string query, byte[]? body, DatadogUsageMeter meter,
        bool apiKeyOnly, TimeSpan? maxWait, CancellationToken cancellationToken)
    {
        try
        {
            return await SendWithRetriesAsync(connection, method, path, query, body, meter, apiKeyOnly, maxWait, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            SpentUsage.Attach(e, meter.Usage);
            throw;
        }
    }

    private async Task<JsonElement> SendWithRetriesAsync(DatadogConnection connection, HttpMethod method, string path, string query, byte[]? body, DatadogUsageMeter meter,
        bool apiKeyOnly, TimeSpan? callMaxWait, CancellationToken cancellationToken)
    {
        // Datadog's limits and backoff are waited up to the settings' maximum; OpsReport's own cap as long as it takes,
        // unless the caller (an on-demand question) accepts only a short wait for everything.
        var maxWait = callMaxWait ?? _settings.MaxRateLimitWait;
        var endpoint = $"{method.Method} /{path}";
        var url = new Uri(connection.BaseUri, query.Length == 0 ? path : path + "?" + query);
        var org = connection.Organization;
        var rateLimited = 0;
        for (var attempt = 1; ; attempt++)
        {
            var limitWait = org.RateLimits.DelayBefore(endpoint);
            if (limitWait > TimeSpan.Zero)
            {
                if (limitWait > maxWait)
                    throw new DatadogApiException(connection.Environment, endpoint, HttpStatusCode.TooManyRequests,
                        $"its rate limit resets only in {Describe(limitWait)}", "try again later");
                LogSlowingDown(connection.Environment, endpoint, limitWait.TotalSeconds);
                await Task.Delay(limitWait, _time, cancellationToken);
            }
            if (!await org.Pacer.WaitTurnAsync(cancellationToken, wait => LogPacing(connection.Environment, wait.TotalSeconds, org.Pacer.BudgetPerHour), callMaxWait ?? Timeout.InfiniteTimeSpan))
            {
                throw new DatadogApiException(connection.Environment, endpoint, null,
                    $"OpsReport's own cap of {org.Pacer.BudgetPerHour} requests an hour would make it wait longer than {Describe(maxWait)}",
                    $"raise or remove {connection.ConfigKey}:RequestBudgetPerHour, or try again later");
            }

            var outcome = await SendOnceAsync(connection, method, url, endpoint, body, meter, apiKeyOnly, cancellationToken);
            if (outcome.Result is { } result)
                return result;
            var error = outcome.Error!;
            // A 429 that says when its limit resets is waited out rather than counted as a failed attempt: only a limit that
            // does not reset within MaxRateLimitWait (checked below) or an endless run of them fails the call.
            if (outcome.Retryable && error.StatusCode == HttpStatusCode.TooManyRequests && outcome.RetryAfter is not null && ++rateLimited <= MaxRateLimitedRetries)
                attempt--;
            else if (!outcome.Retryable || attempt >= _settings.MaxAttempts)
                throw error;
            var delay = outcome.RetryAfter ?? Backoff(attempt);
            if (delay > maxWait)
                throw new DatadogApiException(connection.Environment, endpoint, error.StatusCode,
                    $"{error.Detail}; it asks to wait {Describe(delay)}", "try again later");
            LogRetry(connection.Environment, endpoint, attempt + 1, delay.TotalSeconds, error.Detail);
            await Task.Delay(delay, _time, cancellationToken);
        }
    }

    private async Task<Outcome> SendOnceAsync(DatadogConnection connection, HttpMethod method, Uri url, string endpoint, byte[]? body, DatadogUsageMeter meter,
        bool apiKeyOnly, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, url);
        request.Headers.TryAddWithoutValidation("DD-API-KEY", connection.ApiKey);
        if (!apiKeyOnly)
            request.Headers.TryAddWithoutValidation("DD-APPLICATION-KEY", connection.AppKey);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        // The call timeout is real time (a network wait), unlike pacing and backoff, which follow the injected clock.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_settings.CallTimeout);
        meter.CountRequest(endpoint);
        HttpResponseMessage? response = null;
        byte[] content;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
            content = await response.Content.ReadAsByteArrayAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            response?.Dispose();
            return Outcome.Retry(new DatadogApiException(connection.Environment, endpoint, null,
                string.Create(CultureInfo.InvariantCulture, $"no answer within {_settings.CallTimeout.TotalSeconds:0} s")));
        }
        catch (HttpRequestException e)
        {
            response?.Dispose();
            return Outcome.Retry(new DatadogApiException(connection.Environment, endpoint, null,
                $"could not reach {url.GetLeftPart(UriPartial.Authority)}: {e.Message}"));
        }

        using (response)
        {
            connection.Organization.RateLimits.Observe(endpoint, response.Headers);
            var status = response.StatusCode;
            if ((int)status == 429)
                return Outcome.Retry(Error(connection, endpoint, status, content, "rate limited"), DatadogRateLimits.RetryAfter(response));
            if ((int)status >= 500)
                return Outcome.Retry(Error(connection, endpoint, status, content, null));
            if (!response.IsSuccessStatusCode)
                return Outcome.Fail(Error(connection, endpoint, status, content, Advice(connection, status, apiKeyOnly)));

            JsonElement root;
            try
            {
                using var document = JsonDocument.Parse(content.Length == 0 ? "{}"u8.ToArray() : content);
                root = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                return Outcome.Fail(new DatadogApiException(connection.Environment, endpoint, status, "the answer is not JSON: " + Summarize(content)));
            }
            // v1 metric queries can fail inside a 200 (DATADOG.md): status "error" with the reason in "error" or "errors".
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String
                && string.Equals(s.GetString(), "error", StringComparison.OrdinalIgnoreCase))
            {
                return Outcome.Fail(new DatadogApiException(connection.Environment, endpoint, status, "status error: " + (Messages(root) ?? "no reason given")));
            }
            return Outcome.Ok(root);
        }
    }

    private static DatadogApiException Error(DatadogConnection connection, string endpoint, HttpStatusCode status, byte[] content, string? advice)
    {
        string? detail = null;
        try
        {
            using var document = JsonDocument.Parse(content);
            detail = Messages(document.RootElement);
        }
        catch (JsonException)
        {
            // A 429 or a proxy's error may come as an HTML page (DATADOG.md): never assume JSON on errors.
        }
        detail ??= Summarize(content);
        return new DatadogApiException(connection.Environment, endpoint, status, Redact(detail, connection), advice);
    }

    private static string? Advice(DatadogConnection connection, HttpStatusCode status, bool apiKeyOnly) => status switch
    {
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden when apiKeyOnly =>
            $"check the API key (DD_API_KEY or {connection.ConfigKey}:ApiKey) and that it belongs to {connection.Where}",
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
            $"check the keys (DD_API_KEY / DD_APP_KEY or {connection.ConfigKey}:ApiKey / AppKey), that they belong to {connection.Where}, and the application key's permissions (README, Connect Datadog)",
        _ => null,
    };

    /// <summary>The <c>errors</c> list (strings, or objects with a title/detail) or <c>error</c> string of a Datadog answer.</summary>
    internal static string? Messages(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
            return null;
        var parts = new List<string>();
        if (root.TryGetProperty("errors", out var errors))
        {
            if (errors.ValueKind == JsonValueKind.Array)
            {
                foreach (var e in errors.EnumerateArray())
                {
                    if (e.ValueKind == JsonValueKind.String)
                        parts.Add(e.GetString()!);
                    else if (e.ValueKind == JsonValueKind.Object)
                        parts.Add(string.Join(": ", new[] { "title", "detail" }.Select(p => e.TryGetProperty(p, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null).OfType<string>()));
                }
            }
            else if (errors.ValueKind == JsonValueKind.String)
            {
                parts.Add(errors.GetString()!);
            }
        }
        if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String)
            parts.Add(error.GetString()!);
        var text = string.Join("; ", parts.Where(p => p.Length > 0));
        return text.Length == 0 ? null : Shorten(text);
    }

    /// <summary>A readable line from a body that is not JSON: the HTML title or its text, shortened.</summary>
    internal static string Summarize(byte[] content)
    {
        if (content.Length == 0)
            return "empty body";
        var text = Encoding.UTF8.GetString(content, 0, Math.Min(content.Length, 8192));
        if (HtmlTitle().Match(text) is { Success: true } title)
            return "HTML page: " + Shorten(WebUtility.HtmlDecode(title.Groups[1].Value).Trim());
        var plain = Whitespace().Replace(HtmlTag().Replace(text, " "), " ").Trim();
        return Shorten(text.TrimStart().StartsWith('<') ? "HTML page: " + plain : plain);
    }

    private static string Describe(TimeSpan wait) => wait < TimeSpan.FromMinutes(2)
        ? string.Create(CultureInfo.InvariantCulture, $"{Math.Ceiling(wait.TotalSeconds):0} s")
        : string.Create(CultureInfo.InvariantCulture, $"{wait.TotalMinutes:0} min");

    private static string Shorten(string text) => text.Length <= MaxDetailLength ? text : text[..(MaxDetailLength - 1)] + "…";

    // Error bodies do not echo keys, but a proxy might: keys must never reach logs, run records or the CLI.
    private static string Redact(string text, DatadogConnection connection)
    {
        foreach (var secret in new[] { connection.ApiKey, connection.AppKey })
        {
            if (secret.Length >= 4)
                text = text.Replace(secret, "[redacted]", StringComparison.Ordinal);
        }
        return text;
    }

    /// <summary>429s with a known reset retried per call; far more than a shared limit needs, but not forever.</summary>
    internal const int MaxRateLimitedRetries = 30;

    // Exponential, jittered between half and all of the ceiling so retries of parallel callers spread out.
    private TimeSpan Backoff(int attempt)
    {
        var ceiling = Math.Min(_settings.MaxDelay.TotalMilliseconds, _settings.BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 20)));
        return TimeSpan.FromMilliseconds(Math.Max(1, ceiling * (0.5 + (Random.Shared.NextDouble() / 2))));
    }

    [GeneratedRegex(@"<title[^>]*>(.*?)</title>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex HtmlTitle();

    [GeneratedRegex(@"<[^>]+>")]
    private static partial Regex HtmlTag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [LoggerMessage(Level = LogLevel.Information, Message = "Datadog ({Environment}): {Endpoint} attempt {Attempt} in {DelaySeconds:0.#} s after: {Reason}")]
    private partial void LogRetry(string environment, string endpoint, int attempt, double delaySeconds, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Datadog ({Environment}): {Endpoint} is close to its rate limit; waiting {DelaySeconds:0} s for the reset")]
    private partial void LogSlowingDown(string environment, string endpoint, double delaySeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Datadog ({Environment}): request budget of {Budget}/hour reached; waiting {DelaySeconds:0} s")]
    private partial void LogPacing(string environment, double delaySeconds, int budget);

    /// <param name="RetryAfter">The wait the server asked for; null: back off exponentially.</param>
    private sealed record Outcome(JsonElement? Result, DatadogApiException? Error, bool Retryable, TimeSpan? RetryAfter)
    {
        public static Outcome Ok(JsonElement result) => new(result, null, false, null);

        public static Outcome Fail(DatadogApiException error) => new(null, error, false, null);

        public static Outcome Retry(DatadogApiException error, TimeSpan? after = null) => new(null, error, true, after);
    }
}
