using System.Globalization;
using System.Text;
using OpsReport.Core.Configuration;
using OpsReport.Core.Slos;
using OpsReport.Web.Hosting;

namespace OpsReport.Web.Api;

/// <summary>
/// <c>/api/slos?env=prod[&amp;tenant=…]</c>: every SLO of the environment as <see cref="ISloReader"/> evaluates it, titles in
/// the reader's language (<c>?lang=</c>); <c>/api/slos.csv</c> the same rows in invariant culture. Missing values are null
/// (JSON) or empty (CSV), never zero.
/// </summary>
public static class SloApi
{
    private static readonly string[] CsvColumns =
    [
        "name", "title", "environment", "tenant", "sli", "threshold_ms", "window_start", "window_end", "good", "total", "attainment", "objective",
        "budget_left", "burn_1h", "burn_6h", "burn_24h", "burn_3d", "budget_exhausted_at", "state",
    ];

    public static RouteGroupBuilder MapSloApi(this RouteGroupBuilder api)
    {
        api.MapGet("/slos", async Task<IResult> (HttpContext context, string? env, string? tenant, EnvironmentCatalog catalog, ISloReader slos, TimeProvider clock, CancellationToken ct) =>
        {
            if (Environment(env, catalog) is not { } name)
                return Unknown(env!, catalog);
            var statuses = await slos.ReadAsync(name, clock.GetUtcNow(), NullIfEmpty(tenant), ct);
            var language = AccessText.LanguageOf(context);
            return TypedResults.Json(statuses.Select(s => Row(s, language)), OpsReportApi.JsonOptions);
        });

        api.MapGet("/slos.csv", async Task<IResult> (HttpContext context, string? env, string? tenant, EnvironmentCatalog catalog, ISloReader slos, TimeProvider clock, CancellationToken ct) =>
        {
            if (Environment(env, catalog) is not { } name)
                return Unknown(env!, catalog);
            var statuses = await slos.ReadAsync(name, clock.GetUtcNow(), NullIfEmpty(tenant), ct);
            var language = AccessText.LanguageOf(context);
            var file = $"opsreport-{name}-slos{(NullIfEmpty(tenant) is { } t ? "-" + t : "")}.csv";
            return TypedResults.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Csv(statuses, language))).ToArray(), "text/csv; charset=utf-8", file);
        });
        return api;
    }

    /// <summary>The JSON shape of one status.</summary>
    public static object Row(SloStatus s, string language) => new
    {
        name = s.Definition.Name,
        title = s.Definition.TitleIn(language),
        environment = s.Definition.Environment,
        tenant = s.Tenant,
        sli = s.Definition.Sli,
        thresholdMs = ThresholdMs(s.Definition),
        windowStart = s.WindowStart,
        windowEnd = s.WindowEnd,
        good = s.Good,
        total = s.Total,
        attainment = s.Attainment,
        objective = s.Definition.Objective,
        budgetLeft = s.BudgetLeft,
        burnRates = s.BurnRates.ToDictionary(b => WindowName(b.Window), b => b.Rate),
        budgetExhaustedAt = s.BudgetExhaustedAt,
        state = s.State,
    };

    public static string Csv(IReadOnlyList<SloStatus> statuses, string language)
    {
        var sb = new StringBuilder();
        sb.AppendJoin(',', CsvColumns).Append("\r\n");
        foreach (var s in statuses)
        {
            string?[] cells =
            [
                s.Definition.Name, s.Definition.TitleIn(language), s.Definition.Environment, s.Tenant, s.Definition.Sli.ToString().ToLowerInvariant(),
                N(ThresholdMs(s.Definition)), T(s.WindowStart), T(s.WindowEnd), N(s.Good), N(s.Total), N(s.Attainment), N(s.Definition.Objective),
                N(s.BudgetLeft), .. s.BurnRates.Select(b => N(b.Rate)), T(s.BudgetExhaustedAt), s.State.ToString().ToLowerInvariant(),
            ];
            sb.AppendJoin(',', cells.Select(Quote)).Append("\r\n");
        }
        return sb.ToString();
    }

    /// <summary><c>1h</c>, <c>6h</c>, <c>24h</c>, <c>3d</c>.</summary>
    public static string WindowName(TimeSpan window) =>
        window.TotalHours >= 48 && window.TotalHours % 24 == 0
            ? ((int)window.TotalDays).ToString(CultureInfo.InvariantCulture) + "d"
            : ((int)window.TotalHours).ToString(CultureInfo.InvariantCulture) + "h";

    private static long? ThresholdMs(SloDefinition d) => d.Threshold is { } t ? (long)t.TotalMilliseconds : null;

    private static string? Environment(string? env, EnvironmentCatalog catalog) =>
        env is null ? catalog.Default.Name : catalog.Find(env)?.Name;

    private static IResult Unknown(string env, EnvironmentCatalog catalog) =>
        TypedResults.Problem(detail: $"Unknown environment '{env}'. Known environments: {string.Join(", ", catalog.All.Select(e => e.Name))}.",
            statusCode: StatusCodes.Status400BadRequest, title: "Bad request");

    private static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    private static string? N(double? value) => value?.ToString("R", CultureInfo.InvariantCulture);

    private static string? N(long? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string? T(DateTimeOffset? t) => t?.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static string Quote(string? text) =>
        text is null ? "" : text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
}
