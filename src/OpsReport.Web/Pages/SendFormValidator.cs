using OpsReport.Core.Configuration;
using OpsReport.Core.Dashboards;
using OpsReport.Core.Panels;
using OpsReport.Core.Time;
using OpsReport.Reports;

namespace OpsReport.Web.Pages;

/// <summary>
/// Checks a "send now" form against what exists — a defined report, one of its environments, a tenant id the store knows,
/// a period that parses and overlaps the collected data — so nothing typed by a visitor ever reaches a subject or a body.
/// </summary>
public sealed class SendFormValidator(DashboardCatalog dashboards, EnvironmentCatalog environments, TenantDirectory tenants, ZoneCalendar calendar, TimeProvider clock)
{
    /// <summary>How far back a period may start: older than any store keeps, so a mistyped year is refused rather than queued.</summary>
    public static readonly TimeSpan OldestPeriod = TimeSpan.FromDays(400);

    public async Task<(ReportRequest? Request, BadViewRequestException? Error)> ValidateAsync(string name, string? env, string? period, string? tenant, CancellationToken ct)
    {
        var definition = dashboards.Find(name);
        if (definition is null)
            return (null, new BadViewRequestException("send.noReport", Shown(name)));
        if (env is not null)
        {
            var known = environments.Find(env);
            if (known is null || (definition.Environments.Count > 0 && !definition.Environments.Contains(known.Name, StringComparer.Ordinal)))
                return (null, new BadViewRequestException("send.notAnEnvironment", Shown(env), definition.Name, string.Join(", ", definition.Environments.Count > 0 ? definition.Environments : environments.All.Select(e => e.Name))));
            env = known.Name;
        }
        if (period is not null)
        {
            if (!ReportPeriod.TryParse(period, out var parsed))
                return (null, new BadViewRequestException("send.notAPeriod", Shown(period)));
            // Compared as dates first: a window of year 1 or 9998 cannot even be computed in the zone.
            var today = DateOnly.FromDateTime(calendar.ToLocal(clock.GetUtcNow()).DateTime);
            if (parsed.FirstDay > today || parsed.LastDay < today.AddDays(-OldestPeriod.Days))
                return (null, new BadViewRequestException("send.periodOutOfRange", parsed.Name, OldestPeriod.Days));
            period = parsed.Name;
        }
        if (tenant is not null)
        {
            var scope = env is not null ? [env] : definition.Environments.Count > 0 ? definition.Environments : environments.All.Select(e => e.Name).ToList();
            var known = false;
            foreach (var e in scope)
                known |= (await tenants.GetNamesAsync(e, ct)).ContainsKey(tenant);
            if (!known)
                return (null, new BadViewRequestException("send.unknownTenant", Shown(tenant), string.Join(", ", scope)));
        }
        return (new ReportRequest(definition.Name, env, period, tenant), null);
    }

    /// <summary>A value as it may be echoed in a sentence: short, one line, no control characters.</summary>
    private static string Shown(string value)
    {
        var clean = new string([.. value.Where(c => !char.IsControl(c)).Take(40)]);
        return value.Length > 40 ? clean + "…" : clean;
    }
}
