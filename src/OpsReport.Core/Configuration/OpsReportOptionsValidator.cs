using System.Globalization;
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
            foreach (var unknown in ConfigurationChecker.FindUnknownKeys(configuration.GetSection(S), typeof(OpsReportOptions)))
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
        for (var i = 0; i < o.Environments.Count; i++)
        {
            if (o.Environments[i].Aws is { } aws)
            {
                foreach (var error in AwsOptionsValidator.Errors(aws, $"{S}:Environments:{i}:Aws"))
                    yield return error;
            }
            if (o.Environments[i].Datadog is { } datadog)
            {
                foreach (var error in DatadogOptionsValidator.Errors(datadog, $"{S}:Environments:{i}:Datadog"))
                    yield return error;
            }
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

        foreach (var error in AuthOptionsValidator.Errors(o.Auth, $"{S}:Auth"))
            yield return error;

        if (o.Collection.Interval < TimeSpan.FromMinutes(1))
            yield return $"{S}:Collection:Interval: {o.Collection.Interval} is too short; expected at least 00:01:00.";
        if (o.Collection.BackfillDays is < 1 or > 400)
            yield return $"{S}:Collection:BackfillDays: {o.Collection.BackfillDays} is out of range; expected 1 to 400.";

        foreach (var error in StoreOptionsValidator.Errors(o.Store, $"{S}:Store"))
            yield return error;

        if (o.Email.Delivery is not ("Pickup" or "Smtp" or "Ses"))
            yield return $"{S}:Email:Delivery: '{o.Email.Delivery}' is not a delivery; expected Pickup, Smtp or Ses.";
        if (o.Email.Delivery == "Ses")
        {
            var sesEnvironment = o.Email.SesEnvironment is null
                ? o.Environments.FirstOrDefault(e => e.Aws is not null)
                : o.Environments.FirstOrDefault(e => e.Name == o.Email.SesEnvironment);
            if (sesEnvironment?.Aws is null)
            {
                yield return o.Email.SesEnvironment is null
                    ? $"{S}:Email:Delivery: Ses needs an environment with an Aws section (its credentials and region send the mail)."
                    : $"{S}:Email:SesEnvironment: '{o.Email.SesEnvironment}' is not an environment with an Aws section.";
            }
        }
        if (o.Email.Delivery == "Smtp" && string.IsNullOrWhiteSpace(o.Email.Smtp.Host))
            yield return $"{S}:Email:Smtp:Host: required when Email:Delivery is Smtp.";
        if (o.Email.Smtp.Port is < 1 or > 65535)
            yield return $"{S}:Email:Smtp:Port: {o.Email.Smtp.Port} is not a TCP port.";
        if (o.Email.Delivery == "Smtp" && !string.IsNullOrEmpty(o.Email.Smtp.UserName) && string.IsNullOrEmpty(o.Email.Smtp.Password))
            yield return $"{S}:Email:Smtp:Password: required when Email:Smtp:UserName is set (set it in the environment as OpsReport__Email__Smtp__Password).";
        if (!MailAddress.TryCreate(o.Email.From, out _))
            yield return $"{S}:Email:From: '{o.Email.From}' is not an email address; expected e.g. \"OpsReport <opsreport@example.com>\".";
        for (var i = 0; i < o.Email.To.Count; i++)
        {
            if (!MailAddress.TryCreate(o.Email.To[i], out _))
                yield return $"{S}:Email:To:{i}: '{o.Email.To[i]}' is not an email address.";
        }
        if (o.Email.MaxAttachmentBytes <= 0)
            yield return $"{S}:Email:MaxAttachmentBytes: must be positive (default 8388608 = 8 MB).";

        foreach (var error in AnalysisErrors(o.Analysis))
            yield return error;
    }

    private static IEnumerable<string> AnalysisErrors(AnalysisOptions a)
    {
        const string A = S + ":Analysis";
        if (a.LookbackDays is < 8 or > 400)
            yield return $"{A}:LookbackDays: {a.LookbackDays} is out of range; expected 8 to 400 (default 35: four weeks of baseline and the week judged).";
        if (a.ReportResolvedDays is < 0 or > 90)
            yield return $"{A}:ReportResolvedDays: {a.ReportResolvedDays} is out of range; expected 0 to 90.";
        if (a.HolidayCalendar is not ("JP" or "None"))
            yield return $"{A}:HolidayCalendar: '{a.HolidayCalendar}' is not a holiday calendar; expected JP or None.";
        for (var i = 0; i < a.ExtraHolidays.Count; i++)
        {
            if (!DateOnly.TryParseExact(a.ExtraHolidays[i], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                yield return $"{A}:ExtraHolidays:{i}: '{a.ExtraHolidays[i]}' is not a date; expected yyyy-MM-dd, e.g. 2026-12-30.";
        }
        if (a.ResolveAfterHours is < 1 or > 168)
            yield return $"{A}:ResolveAfterHours: {a.ResolveAfterHours} is out of range; expected 1 to 168.";
        if (!(a.LogVolumeRatio > 1))
            yield return $"{A}:LogVolumeRatio: {a.LogVolumeRatio} must be above 1 (default 2: twice the usual volume).";
        if (!(a.LogVolumeMinZ >= 0))
            yield return $"{A}:LogVolumeMinZ: {a.LogVolumeMinZ} must be 0 or more (default 4).";
        if (a.LogVolumeMinHours is < 1 or > 72)
            yield return $"{A}:LogVolumeMinHours: {a.LogVolumeMinHours} is out of range; expected 1 to 72.";
        if (!(a.LogVolumeMinExcessGbPerDay >= 0))
            yield return $"{A}:LogVolumeMinExcessGbPerDay: {a.LogVolumeMinExcessGbPerDay} must be 0 or more.";
        if (!(a.DebugShareThreshold is > 0 and < 1))
            yield return $"{A}:DebugShareThreshold: {a.DebugShareThreshold} is a share; expected above 0 and below 1 (default 0.5).";
        if (!(a.MemoryThresholdPercent is > 0 and <= 100))
            yield return $"{A}:MemoryThresholdPercent: {a.MemoryThresholdPercent} is a percentage; expected above 0 and at most 100 (default 90).";
        if (a.MemoryWindowDays is < 2 or > 60)
            yield return $"{A}:MemoryWindowDays: {a.MemoryWindowDays} is out of range; expected 2 to 60.";
        if (!(a.MemoryMinGrowthPerDay > 0))
            yield return $"{A}:MemoryMinGrowthPerDay: {a.MemoryMinGrowthPerDay} must be positive (percentage points per day).";
        if (a.MemoryHorizonDays is < 1 or > 365)
            yield return $"{A}:MemoryHorizonDays: {a.MemoryHorizonDays} is out of range; expected 1 to 365.";
        if (!(a.LatencyRatio > 1))
            yield return $"{A}:LatencyRatio: {a.LatencyRatio} must be above 1 (default 1.5).";
        if (a.LatencyMinRequestsPerHour < 1)
            yield return $"{A}:LatencyMinRequestsPerHour: {a.LatencyMinRequestsPerHour} must be at least 1.";
        if (a.LatencyMinHours is < 1 or > 168)
            yield return $"{A}:LatencyMinHours: {a.LatencyMinHours} is out of range; expected 1 to 168.";
        if (!(a.SlowTenantRatio > 1))
            yield return $"{A}:SlowTenantRatio: {a.SlowTenantRatio} must be above 1 (default 2).";
        foreach (var error in DetectorErrors(a))
            yield return error;
        if (!(a.CostMinUsdPerMonth >= 0))
            yield return $"{A}:CostMinUsdPerMonth: {a.CostMinUsdPerMonth} must be 0 or more.";
        if (!(a.CostMinChangeRatio > 0))
            yield return $"{A}:CostMinChangeRatio: {a.CostMinChangeRatio} must be positive (0.2 = 20 %).";
        if (!a.LogIngestionUsdPerGb.ContainsKey(a.DefaultRegion))
            yield return $"{A}:DefaultRegion: '{a.DefaultRegion}' has no price in {A}:LogIngestionUsdPerGb; add it there or name a listed region.";
        foreach (var (region, price) in a.LogIngestionUsdPerGb)
        {
            if (!(price >= 0))
                yield return $"{A}:LogIngestionUsdPerGb:{region}: {price} is not a price; expected USD per GB, e.g. 0.76.";
        }
        foreach (var error in a.Anomaly.Errors(A + ":Anomaly"))
            yield return error;
        foreach (var error in a.Slo.Errors(A + ":Slo"))
            yield return error;
    }

    // The named thresholds of the detectors and the stand-up (issue 10): each must be usable as the rule it names.
    private static IEnumerable<string> DetectorErrors(AnalysisOptions a)
    {
        const string A = S + ":Analysis";
        static string Positive(string key, double value, string example) => $"{A}:{key}: {value.ToString(CultureInfo.InvariantCulture)} must be positive (default {example}).";
        static string Above1(string key, double value, string example) => $"{A}:{key}: {value.ToString(CultureInfo.InvariantCulture)} is a ratio; expected above 1 (default {example}).";
        if (a.MemoryMinPoints is < 12 or > 2000)
            yield return $"{A}:MemoryMinPoints: {a.MemoryMinPoints} is out of range; expected 12 to 2000 hours (default 48).";
        if (!(a.MemoryMinRestartDrop > 0))
            yield return Positive("MemoryMinRestartDrop", a.MemoryMinRestartDrop, "3 percentage points");
        if (!(a.MemorySignificantZ > 0))
            yield return Positive("MemorySignificantZ", a.MemorySignificantZ, "3.5");
        if (!(a.MemoryCriticalDays > 0))
            yield return Positive("MemoryCriticalDays", a.MemoryCriticalDays, "3");
        if (!(a.MemoryWarningDays >= a.MemoryCriticalDays))
            yield return $"{A}:MemoryWarningDays: {a.MemoryWarningDays.ToString(CultureInfo.InvariantCulture)} must be at least {A}:MemoryCriticalDays (default 14).";
        if (a.LatencyDetectionDays < 2 || a.LatencyDetectionDays > a.LookbackDays)
            yield return $"{A}:LatencyDetectionDays: {a.LatencyDetectionDays} is out of range; expected 2 to {A}:LookbackDays ({a.LookbackDays}) (default 14).";
        if (!(a.LatencyMinZ > 0))
            yield return Positive("LatencyMinZ", a.LatencyMinZ, "5");
        if (!(a.LatencyMinEffectSigmas >= 0))
            yield return $"{A}:LatencyMinEffectSigmas: {a.LatencyMinEffectSigmas.ToString(CultureInfo.InvariantCulture)} must be 0 or more (default 2).";
        if (a.LatencyMinDayRequests < 1)
            yield return $"{A}:LatencyMinDayRequests: {a.LatencyMinDayRequests} must be at least 1 (default 50).";
        if (!(a.LatencyCriticalRatio > 1))
            yield return Above1("LatencyCriticalRatio", a.LatencyCriticalRatio, "2");
        if (a.LatencyCriticalRequests < 0)
            yield return $"{A}:LatencyCriticalRequests: {a.LatencyCriticalRequests} must be 0 or more (default 10000).";
        if (!(a.SlowTenantCriticalRatio > 1))
            yield return Above1("SlowTenantCriticalRatio", a.SlowTenantCriticalRatio, "3");
        if (a.SlowTenantCriticalRequests < 0)
            yield return $"{A}:SlowTenantCriticalRequests: {a.SlowTenantCriticalRequests} must be 0 or more (default 1000).";
        if (a.LatencyPooledMinRequests < 5)
            yield return $"{A}:LatencyPooledMinRequests: {a.LatencyPooledMinRequests} is too few to tell a slow path from noise; expected 5 or more (default 20).";
        if (a.LatencyPooledMinHours is < 1 or > 168)
            yield return $"{A}:LatencyPooledMinHours: {a.LatencyPooledMinHours} is out of range; expected 1 to 168 (default 24).";
        if (a.LatencyPooledMinHoursWithRequests is < 2 or > 168)
            yield return $"{A}:LatencyPooledMinHoursWithRequests: {a.LatencyPooledMinHoursWithRequests} is out of range; expected 2 to 168 (default 6).";
        if (a.CostWindowDays is < 10 or > 90)
            yield return $"{A}:CostWindowDays: {a.CostWindowDays} is out of range; expected 10 to 90 (default 28).";
        if (!(a.CostSignificantZ > 0))
            yield return Positive("CostSignificantZ", a.CostSignificantZ, "3.09");
        if (!(a.CostWarningUsdPerMonth >= 0))
            yield return $"{A}:CostWarningUsdPerMonth: {a.CostWarningUsdPerMonth.ToString(CultureInfo.InvariantCulture)} must be 0 or more (default 30).";
        if (!(a.CostCriticalUsdPerMonth >= a.CostWarningUsdPerMonth))
            yield return $"{A}:CostCriticalUsdPerMonth: {a.CostCriticalUsdPerMonth.ToString(CultureInfo.InvariantCulture)} must be at least {A}:CostWarningUsdPerMonth (default 300).";
        if (!(a.CostCauseMinShare is > 0 and <= 1))
            yield return $"{A}:CostCauseMinShare: {a.CostCauseMinShare.ToString(CultureInfo.InvariantCulture)} is a share; expected above 0 and at most 1 (default 0.5).";
        foreach (var (key, value, example) in new[] { ("StandupSlowerRatio", a.StandupSlowerRatio, "1.2"), ("StandupPathLatencyRatio", a.StandupPathLatencyRatio, "1.5"),
                     ("StandupTenantLatencyRatio", a.StandupTenantLatencyRatio, "2"), ("StandupErrorRatio", a.StandupErrorRatio, "1.5"),
                     ("StandupLogVolumeRatio", a.StandupLogVolumeRatio, "2"), ("StandupCostRatio", a.StandupCostRatio, "1.2") })
        {
            if (!(value > 1))
                yield return Above1(key, value, example);
        }
        foreach (var (key, value, example) in new[] { ("StandupMinExtraErrors", (double)a.StandupMinExtraErrors, "20"), ("StandupMinExtraLogBytes", a.StandupMinExtraLogBytes, "10000000"),
                     ("StandupMemoryPoints", a.StandupMemoryPoints, "10"), ("StandupMinExtraUsd", a.StandupMinExtraUsd, "1") })
        {
            if (!(value >= 0))
                yield return $"{A}:{key}: {value.ToString(CultureInfo.InvariantCulture)} must be 0 or more (default {example}).";
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex EnvironmentName();
}
