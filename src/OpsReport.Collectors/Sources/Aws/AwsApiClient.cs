using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;

namespace OpsReport.Collectors.Sources.Aws;

/// <summary>
/// A small signed client for AWS JSON 1.0/1.1 RPC (<c>X-Amz-Target</c>) and REST-JSON APIs, one per environment.
/// Retries throttling, 429, 5xx, network errors and per-call timeouts with exponential backoff and full jitter; never
/// validation or permission errors. Every request sent is counted on the caller's <see cref="AwsUsageMeter"/>.
/// </summary>
public sealed partial class AwsApiClient
{
    private static readonly Lazy<HttpClient> SharedHttp = new(() => new HttpClient(new SocketsHttpHandler
    {
        // Endpoints are DNS names behind load balancers: re-resolve now and then.
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AutomaticDecompression = DecompressionMethods.All,
    })
    {
        // Each call has its own timeout (AwsClientSettings.CallTimeout).
        Timeout = Timeout.InfiniteTimeSpan,
    });

    private readonly HttpClient _http;
    private readonly AwsClientSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _retry;

    public AwsApiClient(AwsConnection connection, AwsClientSettings? settings = null, TimeProvider? time = null, ILogger? logger = null, HttpClient? http = null)
    {
        Connection = connection;
        _settings = settings ?? AwsClientSettings.Default;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _http = http ?? SharedHttp.Value;
        _retry = new ResiliencePipelineBuilder { TimeProvider = _time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(0, _settings.MaxAttempts - 1),
                ShouldHandle = new PredicateBuilder()
                    .Handle<AwsServiceException>(e => e.IsRetryable)
                    .Handle<AwsTimeoutException>()
                    .Handle<HttpRequestException>(),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(FullJitter(args.AttemptNumber)),
                OnRetry = args =>
                {
                    LogRetry(Connection.Environment, args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds, args.Outcome.Exception?.Message ?? "");
                    return default;
                },
            })
            .Build();
    }

    public AwsConnection Connection { get; }

    /// <summary>Calls a JSON RPC action (POST / with X-Amz-Target) and returns the response document's root.</summary>
    /// <exception cref="AwsServiceException">The service answered with an error (after retries when retryable).</exception>
    /// <exception cref="AwsTimeoutException">No answer within the per-call timeout, on every attempt.</exception>
    public Task<JsonElement> CallAsync(AwsService service, string action, JsonObject request, AwsUsageMeter meter, CancellationToken cancellationToken)
    {
        if (service.TargetPrefix is null)
            throw new ArgumentException($"{service.Name} is not a JSON RPC service.", nameof(service));
        return SendAsync(service, HttpMethod.Post, "", action, Encoding.UTF8.GetBytes(request.ToJsonString()), meter, cancellationToken);
    }

    /// <summary>Calls a REST-JSON operation (e.g. SES v2 <c>POST v2/email/outbound-emails</c>).</summary>
    /// <param name="path">Relative to the endpoint, without a leading '/'.</param>
    public Task<JsonElement> CallRestAsync(AwsService service, HttpMethod method, string path, string action, JsonObject? request, AwsUsageMeter meter, CancellationToken cancellationToken) =>
        SendAsync(service, method, path, action, request is null ? [] : Encoding.UTF8.GetBytes(request.ToJsonString()), meter, cancellationToken);

    private async Task<JsonElement> SendAsync(AwsService service, HttpMethod method, string path, string action, byte[] body, AwsUsageMeter meter, CancellationToken cancellationToken)
    {
        var (endpoint, _) = Connection.Endpoints.Resolve(service, Connection.Region);
        var url = new Uri(endpoint, path);
        var iamAction = service.IamAction(action);
        try
        {
            return await _retry.ExecuteAsync(
                async token => await SendOnceAsync(service, method, url, action, iamAction, body, meter, token),
                cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            SpentUsage.Attach(e, meter.Usage);
            throw;
        }
    }

    private async Task<JsonElement> SendOnceAsync(AwsService service, HttpMethod method, Uri url, string action, string iamAction, byte[] body, AwsUsageMeter meter, CancellationToken cancellationToken)
    {
        var credentials = await Connection.GetCredentialsAsync(cancellationToken);
        var headers = new Dictionary<string, string>(StringComparer.Ordinal) { ["Content-Type"] = service.ContentType };
        if (service.TargetPrefix is not null)
            headers["X-Amz-Target"] = service.TargetPrefix + action;
        var signature = SigV4Signer.Sign(method.Method, url, headers, body, credentials, service.SigningRegion(Connection.Region), service.SigningName, _time.GetUtcNow());

        using var request = new HttpRequestMessage(method, url) { Content = new ByteArrayContent(body) };
        // Exactly the signed value: the typed setter would add a charset parameter.
        request.Content.Headers.TryAddWithoutValidation("Content-Type", service.ContentType);
        if (service.TargetPrefix is not null)
            request.Headers.TryAddWithoutValidation("X-Amz-Target", headers["X-Amz-Target"]);
        request.Headers.TryAddWithoutValidation("X-Amz-Date", signature.AmzDate);
        if (signature.SecurityToken is not null)
            request.Headers.TryAddWithoutValidation("X-Amz-Security-Token", signature.SecurityToken);
        request.Headers.TryAddWithoutValidation("Authorization", signature.Authorization);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_settings.CallTimeout);
        meter.CountRequest(iamAction);
        byte[] responseBody;
        HttpStatusCode status;
        HttpResponseMessage? response = null;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
            responseBody = await response.Content.ReadAsByteArrayAsync(timeout.Token);
            status = response.StatusCode;
            if (!response.IsSuccessStatusCode)
                throw ParseError(iamAction, response, responseBody, credentials);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AwsTimeoutException(string.Create(CultureInfo.InvariantCulture, $"{Connection.Environment}: {iamAction} got no answer within {_settings.CallTimeout.TotalSeconds:0.#} s."));
        }
        catch (HttpRequestException e)
        {
            throw new HttpRequestException($"{Connection.Environment}: {iamAction} could not reach {url.GetLeftPart(UriPartial.Authority)}: {e.Message}", e, e.StatusCode);
        }
        finally
        {
            response?.Dispose();
        }

        if (responseBody.Length == 0)
            return JsonDocument.Parse("{}").RootElement.Clone();
        try
        {
            using var document = JsonDocument.Parse(responseBody);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new AwsServiceException(Connection.Environment, iamAction, status, "InvalidResponse", "the response is not JSON: " + e.Message);
        }
    }

    private AwsServiceException ParseError(string iamAction, HttpResponseMessage response, byte[] body, ImmutableCredentials credentials)
    {
        string? type = null;
        string? message = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    if (property.Value.ValueKind != JsonValueKind.String)
                        continue;
                    if (property.NameEquals("__type") || property.NameEquals("code") || property.NameEquals("Code"))
                        type ??= property.Value.GetString();
                    else if (property.NameEquals("message") || property.NameEquals("Message") || property.NameEquals("errorMessage"))
                        message ??= property.Value.GetString();
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: an XML error (query-protocol front ends, emulators) or a proxy's HTML page.
            var text = Encoding.UTF8.GetString(body);
            if (XmlCode().Match(text) is { Success: true } xmlCode)
                type = WebUtility.HtmlDecode(xmlCode.Groups[1].Value);
            if (XmlMessage().Match(text) is { Success: true } xmlMessage)
                message = WebUtility.HtmlDecode(xmlMessage.Groups[1].Value);
        }
        if (type is null && response.Headers.TryGetValues("x-amzn-ErrorType", out var values))
            type = values.FirstOrDefault();
        var code = ErrorCode(type) ?? $"Http{(int)response.StatusCode}";
        return new AwsServiceException(Connection.Environment, iamAction, response.StatusCode, code, Redact(message ?? "", credentials));
    }

    /// <summary>"com.amazonaws.logs#ThrottlingException" and "NotFoundException:http://…" both give the bare name.</summary>
    internal static string? ErrorCode(string? type)
    {
        if (string.IsNullOrWhiteSpace(type))
            return null;
        var name = type[(type.LastIndexOf('#') + 1)..];
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        return (colon >= 0 ? name[..colon] : name).Trim();
    }

    // Some services echo parts of the request in error messages; keys and tokens must never reach logs or the CLI.
    private static string Redact(string message, ImmutableCredentials credentials)
    {
        foreach (var secret in new[] { credentials.SecretKey, credentials.Token })
        {
            if (!string.IsNullOrEmpty(secret))
                message = message.Replace(secret, "[redacted]", StringComparison.Ordinal);
        }
        return message.ReplaceLineEndings(" ").Trim();
    }

    private TimeSpan FullJitter(int attempt)
    {
        var ceiling = Math.Min(_settings.MaxDelay.TotalMilliseconds, _settings.BaseDelay.TotalMilliseconds * Math.Pow(2, attempt));
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling);
    }

    [GeneratedRegex("<Code>([^<]*)</Code>")]
    private static partial Regex XmlCode();

    [GeneratedRegex("<Message>([^<]*)</Message>")]
    private static partial Regex XmlMessage();

    [LoggerMessage(Level = LogLevel.Debug, Message = "AWS call in {Environment}: attempt {Attempt} in {DelayMs:0} ms after: {Reason}")]
    private partial void LogRetry(string environment, int attempt, double delayMs, string reason);
}
