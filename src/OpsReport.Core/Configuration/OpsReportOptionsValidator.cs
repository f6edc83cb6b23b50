using System.Net.Mail;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace OpsReport.Core.Configuration;

/// <summary>
/// Checks the whole <c>OpsReport</c> section at startup and names the exact key of every mistake, so the SRE can fix
/// the config without reading code. Unknown keys (typos) are errors too.
/// </summary>
public sealed partial class OpsReportOptionsValidator(IConfiguration? configuration = null) : IValidateOptions<OpsReportOptions>
{
    private const string S = OpsReportOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, OpsReportOptions options)
    {
        var errors = Errors(options).ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public IEnumerable<string> Errors(OpsReportOptions o)
    {
        if (configuration is not null)
        {
            foreach (var unknown in ConfigurationKeyChecker.FindUnknownKeys(configuration.GetSection(S), typeof(OpsReportOptions)))
                yield return unknown;
        }

        if (string.IsNullOrWhiteSpace(o.DataDir))
            yield return $"{S}:DataDir: must name a folder (default ./data).";
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZone, out _))
            yield return $"{S}:TimeZone: '{o.TimeZone}' is not an IANA time zone; expected e.g. Asia/Tokyo, Europe/Berlin or UTC.";
        if (o.Language is not ("en" or "ja"))
            yield return $"{S}:Language: '{o.Language}' is not supported; expected en or ja.";
        if (!Uri.TryCreate(o.BaseUrl, UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https"))
            yield return $"{S}:BaseUrl: '{o.BaseUrl}' is not an absolute http(s) URL; expected e.g. https://opsreport.example.com.";
        if (string.IsNullOrWhiteSpace(o.Product))
            yield return $"{S}:Product: must not be empty; it is printed on every page and report.";

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < o.Environments.Count; i++)
        {
            var env = o.Environments[i];
            var key = $"{S}:Environments:{i}";
            if (string.IsNullOrWhiteSpace(env.Name))
                yield return $"{key}:Name: every environment needs a name, e.g. prod or staging.";
            else if (!EnvironmentName().IsMatch(env.Name))
                yield return $"{key}:Name: '{env.Name}' may only hold lowercase letters, digits and '-' (it appears in URLs).";
            else if (!seen.Add(env.Name))
                yield return $"{key}:Name: '{env.Name}' is used by another environment; names must be unique.";
        }

        if (EnvironmentCatalog.IsDemoEnabled(o))
        {
            if (o.Demo.Environments.Count == 0)
                yield return $"{S}:Demo:Environments: the demo source is on but lists no environment; expected e.g. [prod, staging, demo].";
            for (var i = 0; i < o.Demo.Environments.Count; i++)
            {
                if (!EnvironmentName().IsMatch(o.Demo.Environments[i]))
                    yield return $"{S}:Demo:Environments:{i}: '{o.Demo.Environments[i]}' may only hold lowercase letters, digits and '-'.";
            }
        }

        if (o.Collection.Interval < TimeSpan.FromMinutes(1))
            yield return $"{S}:Collection:Interval: {o.Collection.Interval} is too short; expected at least 00:01:00.";
        if (o.Collection.BackfillDays is < 1 or > 400)
            yield return $"{S}:Collection:BackfillDays: {o.Collection.BackfillDays} is out of range; expected 1 to 400.";

        if (o.Email.Delivery is not ("Pickup" or "Smtp" or "Ses"))
            yield return $"{S}:Email:Delivery: '{o.Email.Delivery}' is not a delivery; expected Pickup, Smtp or Ses.";
        if (o.Email.Delivery == "Smtp" && string.IsNullOrWhiteSpace(o.Email.Smtp.Host))
            yield return $"{S}:Email:Smtp:Host: required when Email:Delivery is Smtp.";
        if (o.Email.Smtp.Port is < 1 or > 65535)
            yield return $"{S}:Email:Smtp:Port: {o.Email.Smtp.Port} is not a TCP port.";
        if (!MailAddress.TryCreate(o.Email.From, out _))
            yield return $"{S}:Email:From: '{o.Email.From}' is not an email address; expected e.g. \"OpsReport <opsreport@example.com>\".";
        for (var i = 0; i < o.Email.To.Count; i++)
        {
            if (!MailAddress.TryCreate(o.Email.To[i], out _))
                yield return $"{S}:Email:To:{i}: '{o.Email.To[i]}' is not an email address.";
        }
        if (o.Email.MaxAttachmentBytes <= 0)
            yield return $"{S}:Email:MaxAttachmentBytes: must be positive (default 8388608 = 8 MB).";
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex EnvironmentName();
}
