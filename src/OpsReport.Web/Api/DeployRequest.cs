using System.Globalization;
using System.Text.Json;
using OpsReport.Core.Configuration;
using OpsReport.Core.Domain;

namespace OpsReport.Web.Api;

/// <summary>
/// Reads the body of <c>POST /api/deploys</c> — <c>{"service", "environment", "version", "time"?}</c> — into a
/// <see cref="Deploy"/>, or one sentence saying what is wrong and what is expected.
/// </summary>
public static class DeployRequest
{
    public const int MaxServiceLength = 100;
    public const int MaxVersionLength = 128;

    /// <summary>How far ahead a deploy time may be (clocks of CI runners drift a little).</summary>
    public static readonly TimeSpan MaxAhead = TimeSpan.FromMinutes(5);

    /// <summary>How far back a deploy may be recorded: older ones are beyond any chart or analysis window.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(400);

    private static readonly string[] Fields = ["service", "environment", "version", "time"];

    /// <returns>The deploy, or null with <paramref name="error"/> set.</returns>
    public static Deploy? Parse(string body, EnvironmentCatalog environments, DateTimeOffset now, out string? error)
    {
        error = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            error = $"The body is not JSON ({e.Message}); expected {{\"service\": \"api\", \"environment\": \"prod\", \"version\": \"1.4.2\", \"time\": \"2026-11-19T02:00:00Z\"}}.";
            return null;
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "The body must be a JSON object with service, environment, version and optionally time.";
                return null;
            }
            foreach (var property in root.EnumerateObject())
            {
                if (!Fields.Contains(property.Name, StringComparer.Ordinal))
                {
                    error = $"Unknown field '{Clip(property.Name)}'; the fields are service, environment, version and time.";
                    return null;
                }
            }
            var service = Text(root, "service", MaxServiceLength, ref error);
            var environment = Text(root, "environment", MaxServiceLength, ref error);
            var version = Text(root, "version", MaxVersionLength, ref error);
            if (error is not null)
                return null;
            var env = environments.Find(environment);
            if (env is null)
            {
                error = $"Unknown environment '{environment}'; known environments: {string.Join(", ", environments.All.Select(e => e.Name))}.";
                return null;
            }
            var at = now;
            if (root.TryGetProperty("time", out var time) && time.ValueKind != JsonValueKind.Null)
            {
                var text = time.ValueKind == JsonValueKind.String ? time.GetString()! : time.GetRawText();
                // An offset is required: a time without one would be read in the server's zone, which the caller cannot know.
                if (time.ValueKind != JsonValueKind.String
                    || !DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mmK"], CultureInfo.InvariantCulture, DateTimeStyles.None, out at)
                    || !(text.EndsWith('Z') || text.EndsWith('z') || text.Length > 6 && text[^6] is '+' or '-'))
                {
                    error = $"time '{Clip(text)}' is not an ISO 8601 time with a zone; expected e.g. 2026-11-19T02:00:00Z or 2026-11-19T11:00:00+09:00.";
                    return null;
                }
                if (at > now + MaxAhead)
                {
                    error = $"time {at.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'} is in the future (now {now.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}); send the time the deploy happened.";
                    return null;
                }
                if (at < now - MaxAge)
                {
                    error = $"time {at.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'} is more than {MaxAge.TotalDays:0} days ago; deploys that old are beyond every chart and analysis window.";
                    return null;
                }
            }
            // Whole seconds: the same deploy reported again with or without fractions is one deploy.
            var utc = DateTimeOffset.FromUnixTimeSeconds(at.ToUnixTimeSeconds());
            return new Deploy(env.Name, service!, version!, utc, Deploy.SourceApi);
        }
    }

    private static string? Text(JsonElement root, string name, int maxLength, ref string? error)
    {
        if (error is not null)
            return null;
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            error = $"{name} is missing; expected {{\"service\": \"api\", \"environment\": \"prod\", \"version\": \"1.4.2\"}} (time is optional, default now).";
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            error = $"{name} must be a string, not {value.ValueKind.ToString().ToLowerInvariant()}.";
            return null;
        }
        var text = value.GetString()!;
        if (text.Trim().Length == 0 || text.Length > maxLength)
        {
            error = $"{name} must be 1 to {maxLength} characters without leading or trailing spaces (got {text.Length}).";
            return null;
        }
        if (text != text.Trim() || text.Any(char.IsControl))
        {
            error = $"{name} '{Clip(text)}' has control characters or leading/trailing spaces; send the plain name.";
            return null;
        }
        return text;
    }

    private static string Clip(string text)
    {
        var clean = new string(text.Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return clean.Length > 40 ? clean[..40] + "…" : clean;
    }
}
