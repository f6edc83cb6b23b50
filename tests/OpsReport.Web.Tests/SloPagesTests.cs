using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OpsReport.Core.Panels;
using OpsReport.Core.Slos;
using OpsReport.Web.Tests.Support;

namespace OpsReport.Web.Tests;

/// <summary>
/// The SLO surfaces on the demo store with the real reader: the overview's SLO lines, <c>/slos</c> (charts, burn rates,
/// per-tenant tables and their CSV), the tenant page, and the weekly and tenant PDFs, in English and Japanese. The
/// expected numbers are the reader's own statuses formatted once by <see cref="SloLabels"/>, so every surface is checked
/// against the one owner.
/// </summary>
[Collection(DemoAppCollection.Name)]
public sealed class SloPagesTests(DemoAppFactory app)
{
    private const string Env = "prod";
    private const string Week = "2026-W47";

    private readonly HttpClient _client = app.CreateClient();

    private ISloReader Reader => app.Services.GetRequiredService<ISloReader>();

    private async Task<IReadOnlyList<SloStatus>> StatusesAsync(string? tenant = null)
    {
        var statuses = await Reader.ReadAsync(Env, DemoAppFactory.Now, tenant, CancellationToken.None);
        Assert.NotEmpty(statuses);
        return statuses;
    }

    private async Task<string> PageAsync(string url)
    {
        var response = await _client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}\n{html[..Math.Min(html.Length, 2000)]}");
        return WebUtility.HtmlDecode(html);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("ja")]
    public async Task Overview_DemoProd_ListsEachSloWithStateAttainmentObjectiveAndBudget(string lang)
    {
        var overall = (await StatusesAsync()).Where(s => s.Tenant is null).ToList();

        var html = await PageAsync($"/?env={Env}&lang={lang}");

        var section = Between(html, "data-testid=\"slo-overview\"", "</section>");
        Assert.Contains(TextOf(lang, "slo.overview.title"), section);
        Assert.Contains("href=\"/slos?env=prod&lang=" + lang + "\"", section);
        foreach (var s in overall)
        {
            var line = Between(section, $"data-slo=\"{s.Definition.Name}\"", "</li>");
            Assert.Contains($"data-state=\"{SloLabels.StateClass(s.State)}\"", line);
            Assert.Contains(">" + SloLabels.State(s.State, lang) + "<", line);
            Assert.Contains(SloLabels.Title(s.Definition, lang), line);
            Assert.Contains(SloLabels.Attainment(s.Attainment, lang), line);
            Assert.Contains(SloLabels.Objective(s.Definition.Objective, lang), line);
            Assert.Contains(SloLabels.Budget(s.BudgetLeft, lang), line);
        }
        // The planted budget burn of the demo is on the overview: one SLO is not met.
        Assert.Contains(overall, s => s.State is SloState.AtRisk or SloState.Breached);
        // Findings come first: the SLO lines follow them.
        Assert.True(html.IndexOf("id=\"findings-title\"", StringComparison.Ordinal) < html.IndexOf("data-testid=\"slo-overview\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Overview_EnvironmentWithoutSlos_HasNoSloSection()
    {
        var environments = app.Services.GetRequiredService<OpsReport.Core.Configuration.EnvironmentCatalog>().All.Select(e => e.Name);
        var without = environments.First(e => Reader.Definitions.All(d => d.Environment != e));

        var html = await PageAsync($"/?env={without}");

        Assert.DoesNotContain("data-testid=\"slo-overview\"", html);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("ja")]
    public async Task SlosPage_DemoProd_ShowsChartsBurnRatesExhaustionAndTenantTables(string lang)
    {
        var statuses = await StatusesAsync();
        var overall = statuses.Where(s => s.Tenant is null).ToList();

        var html = await PageAsync($"/slos?env={Env}&lang={lang}");

        Assert.Contains($"<html lang=\"{lang}\">", html);
        Assert.Contains("aria-current=\"page\" href=\"/slos?env=prod", html); // in the navigation, current
        Assert.Contains(TextOf(lang, "slo.page.title"), html);
        Assert.Contains(overall, s => s.Definition.PerTenant);
        foreach (var s in overall)
        {
            var name = s.Definition.Name;
            var panel = Between(html, $"id=\"panel-{name}\"", "</section>");
            Assert.Contains("<svg", panel);
            Assert.Contains(SloLabels.Title(s.Definition, lang), panel);
            Assert.Contains(">" + SloLabels.State(s.State, lang) + "<", panel);
            Assert.Contains(SloLabels.Attainment(s.Attainment, lang), panel);
            Assert.Contains(SloLabels.Budget(s.BudgetLeft, lang), panel);
            if (s.BudgetExhaustedAt is { } at)
                Assert.Contains(When(at, lang), panel);

            var budget = Between(html, $"id=\"panel-{name}-budget\"", "</section>");
            Assert.Contains("<svg", budget);
            Assert.Equal(4, s.BurnRates.Count);
            foreach (var b in s.BurnRates)
                Assert.Contains(">" + SloLabels.BurnRate(b.Rate, lang) + "<", budget);

            if (s.Definition.PerTenant)
            {
                var tenants = statuses.Where(t => t.Definition.Name == name && t.Tenant is not null).ToList();
                Assert.NotEmpty(tenants);
                var table = Between(html, $"id=\"panel-{name}-tenants\"", "</section>");
                Assert.Equal(tenants.Count, Count(table, "<tr") - 1);
                foreach (var t in tenants)
                    Assert.Contains(SloLabels.Attainment(t.Attainment, lang), table);
            }
        }
    }

    [Fact]
    public async Task SlosPage_EveryTable_DownloadsAsCsvWithTheReadersNumbers()
    {
        var statuses = await StatusesAsync();
        var html = await PageAsync($"/slos?env={Env}");
        var tables = System.Text.RegularExpressions.Regex.Matches(html, "href=\"(/api/slos/([^/.?\"]+)\\.csv\\?[^\"]*)\"").Select(m => (Url: m.Groups[1].Value, Id: m.Groups[2].Value)).ToList();
        var overall = statuses.Where(s => s.Tenant is null).ToList();

        // summary, and per SLO its facts, its burn rates and (per tenant) its tenants.
        Assert.Equal(1 + overall.Count * 2 + overall.Count(s => s.Definition.PerTenant), tables.Count);
        foreach (var (url, id) in tables)
        {
            var response = await _client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.StartsWith("text/csv", response.Content.Headers.ContentType?.ToString());
            var rows = CsvReader.Parse((await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF'));
            Assert.True(rows.Count >= 2, $"{url} has no rows");
            var slo = overall.FirstOrDefault(s => s.Definition.Name == id);
            if (id == "summary")
            {
                Assert.Equal(overall.Count, rows.Count - 1);
                for (var i = 0; i < overall.Count; i++)
                    AssertPercent(overall[i].Attainment, rows[i + 1][2], url);
            }
            else if (slo is not null)
            {
                AssertPercent(slo.Attainment, rows[1][1], url);
                AssertPercent(slo.BudgetLeft, rows[1][2], url);
                Assert.Equal(slo.Total?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "", rows[1][5]);
            }
            else if (id.EndsWith("-budget", StringComparison.Ordinal))
            {
                var s = overall.Single(s => s.Definition.Name + "-budget" == id);
                Assert.Equal(s.BurnRates.Count, rows.Count - 1);
                for (var i = 0; i < s.BurnRates.Count; i++)
                    Assert.Equal(s.BurnRates[i].Rate?.ToString("R", System.Globalization.CultureInfo.InvariantCulture) ?? "", rows[i + 1][1]);
            }
            else
            {
                var s = overall.Single(s => s.Definition.Name + "-tenants" == id);
                var tenants = statuses.Where(t => t.Definition.Name == s.Definition.Name && t.Tenant is not null).ToList();
                Assert.Equal(tenants.Count, rows.Count - 1);
                for (var i = 0; i < tenants.Count; i++)
                    AssertPercent(tenants[i].Attainment, rows[i + 1][2], url);
            }
        }
    }

    [Theory]
    [InlineData("en")]
    [InlineData("ja")]
    public async Task TenantPage_TenantWithAPerTenantSlo_ShowsItsOwnSlosOnly(string lang)
    {
        var tenant = await PerTenantTenantAsync();
        var own = await StatusesAsync(tenant);

        var html = await PageAsync($"/tenants/{tenant}?env={Env}&lang={lang}");

        var panel = Between(html, "id=\"panel-slos\"", "</section>");
        Assert.Equal(own.Count, Count(panel, "<tr") - 1);
        foreach (var s in own)
        {
            Assert.Equal(tenant, s.Tenant);
            Assert.Contains(SloLabels.Attainment(s.Attainment, lang), panel);
            Assert.Contains(SloLabels.Budget(s.BudgetLeft, lang), panel);
            Assert.Contains(">" + SloLabels.State(s.State, lang) + "<", panel);
        }
    }

    [Fact]
    public async Task SloNumbers_OverviewSlosPageTenantPageAndApi_AreTheSameNumbers()
    {
        var statuses = await StatusesAsync();
        var tenant = await PerTenantTenantAsync();
        var overview = await PageAsync($"/?env={Env}");
        var slos = await PageAsync($"/slos?env={Env}");
        var tenantPage = await PageAsync($"/tenants/{tenant}?env={Env}");
        using var api = JsonDocument.Parse(await _client.GetStringAsync($"/api/slos?env={Env}"));
        var apiItems = Items(api.RootElement).ToList();

        foreach (var s in statuses.Where(s => s.Tenant is null))
        {
            var attainment = SloLabels.Attainment(s.Attainment, "en");
            var budget = SloLabels.Budget(s.BudgetLeft, "en");
            var line = Between(overview, $"data-slo=\"{s.Definition.Name}\"", "</li>");
            var panel = Between(slos, $"id=\"panel-{s.Definition.Name}\"", "</section>");
            Assert.Contains(attainment, line);
            Assert.Contains(attainment, panel);
            Assert.Contains(budget, line);
            Assert.Contains(budget, panel);
            var item = apiItems.Single(i => Name(i) == s.Definition.Name && Tenant(i) is null);
            Assert.Equal(s.Attainment!.Value, Number(item, "attainment"), 12);
            Assert.Equal(s.BudgetLeft!.Value, Number(item, "budgetLeft"), 12);
        }
        foreach (var s in statuses.Where(s => s.Tenant == tenant))
        {
            var row = Between(Between(slos, $"id=\"panel-{s.Definition.Name}-tenants\"", "</section>"), "<tr", "</tr>", after: TenantName(tenant));
            Assert.Contains(SloLabels.Attainment(s.Attainment, "en"), row);
            Assert.Contains(SloLabels.Attainment(s.Attainment, "en"), Between(tenantPage, "id=\"panel-slos\"", "</section>"));
            var item = apiItems.Single(i => Name(i) == s.Definition.Name && Tenant(i) == tenant);
            Assert.Equal(s.Attainment!.Value, Number(item, "attainment"), 12);
            Assert.Equal(s.BudgetLeft!.Value, Number(item, "budgetLeft"), 12);
        }
    }

    [Fact]
    public async Task SlosPage_ChartsEndWhereTheTablesStand()
    {
        foreach (var s in (await StatusesAsync()).Where(s => s.Attainment is not null))
        {
            Assert.Equal(s.Attainment!.Value * 100, SloChartSeries.Attainment(s)[^1].Value, 6);
            Assert.Equal(s.BudgetLeft!.Value * 100, SloChartSeries.BudgetLeft(s)[^1].Value, 6);
        }
    }

    [Theory]
    [InlineData("en")]
    [InlineData("ja")]
    public async Task WeeklyPdf_SloSection_ListsEachSloWithStateAttainmentAndBudget(string lang)
    {
        var end = new DateTimeOffset(2026, 11, 22, 15, 0, 0, TimeSpan.Zero); // Monday 00:00 in Tokyo, the end of 2026-W47
        var at = end < DemoAppFactory.Now ? end : DemoAppFactory.Now;
        var statuses = (await Reader.ReadAsync(Env, at, null, CancellationToken.None)).Where(s => s.Tenant is null).ToList();
        Assert.NotEmpty(statuses);

        var text = Flat(await PdfTextAsync($"/reports/weekly.pdf?env={Env}&period={Week}&lang={lang}"));

        Assert.Contains(TextOf(lang, "slo.report.title"), text);
        foreach (var s in statuses)
        {
            Assert.Contains(Flat(SloLabels.Title(s.Definition, lang)), text);
            Assert.Contains(SloLabels.Attainment(s.Attainment, lang), text);
            Assert.Contains(SloLabels.Budget(s.BudgetLeft, lang), text);
            Assert.Contains(SloLabels.State(s.State, lang), text);
        }
    }

    [Theory]
    [InlineData("en")]
    [InlineData("ja")]
    public async Task TenantPdf_SloSection_HoldsThatTenantsSlosAndNoOtherTenant(string lang)
    {
        var tenant = await PerTenantTenantAsync();
        var end = new DateTimeOffset(2026, 11, 22, 15, 0, 0, TimeSpan.Zero);
        var at = end < DemoAppFactory.Now ? end : DemoAppFactory.Now;
        var own = await Reader.ReadAsync(Env, at, tenant, CancellationToken.None);
        var overall = (await Reader.ReadAsync(Env, at, null, CancellationToken.None)).Where(s => s.Tenant is null && s.Definition.PerTenant).ToList();
        Assert.NotEmpty(own);

        var text = Flat(await PdfTextAsync($"/reports/weekly.pdf?env={Env}&period={Week}&tenant={tenant}&lang={lang}"));

        Assert.Contains(TextOf(lang, "slo.report.title"), text);
        foreach (var s in own)
        {
            Assert.Contains(SloLabels.Attainment(s.Attainment, lang), text);
            Assert.Contains(SloLabels.Budget(s.BudgetLeft, lang), text);
        }
        // Not the environment-wide numbers (unless they happen to be the tenant's own), and no other tenant by name.
        foreach (var s in overall.Where(o => own.All(t => SloLabels.Attainment(t.Attainment, lang) != SloLabels.Attainment(o.Attainment, lang))))
            Assert.DoesNotContain(SloLabels.Attainment(s.Attainment, lang), text);
        var names = await app.Services.GetRequiredService<TenantDirectory>().GetNamesAsync(Env);
        foreach (var (id, name) in names.Where(kv => kv.Key != tenant))
        {
            Assert.DoesNotContain(name, text);
            Assert.DoesNotContain(id, text);
        }
    }

    private async Task<string> PerTenantTenantAsync()
    {
        var statuses = await StatusesAsync();
        return statuses.Where(s => s.Tenant is not null && s.Tenant != "other" && s.Attainment is not null).Select(s => s.Tenant!).First();
    }

    private string TenantName(string tenant) =>
        app.Services.GetRequiredService<TenantDirectory>().GetNamesAsync(Env).GetAwaiter().GetResult().GetValueOrDefault(tenant, tenant);

    private async Task<string> PdfTextAsync(string url)
    {
        var pdf = await _client.GetByteArrayAsync(url);
        using var folder = new TempDirectory();
        var file = Path.Combine(folder.Path, "report.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        return await Tool.RunAsync("pdftotext", "-enc", "UTF-8", file, "-");
    }

    // pdftotext breaks lines where the PDF wraps them; the words are compared with single spaces.
    private static string Flat(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ");

    private static string TextOf(string lang, string key) => OpsReport.Core.Text.TextCatalog.Get(lang, key);

    private static string When(DateTimeOffset t, string lang) =>
        new OpsReport.Core.Time.ZoneCalendar("Asia/Tokyo").ToLocal(t).ToString(TextOf(lang, "format.dateTime"), OpsReport.Core.Text.TextCatalog.Culture(lang));

    private static int Count(string text, string what) => System.Text.RegularExpressions.Regex.Matches(text, System.Text.RegularExpressions.Regex.Escape(what)).Count;

    private static string Between(string text, string start, string end, string? after = null)
    {
        var from = after is null ? 0 : text.IndexOf(after, StringComparison.Ordinal);
        Assert.True(from >= 0, $"'{after}' not found");
        if (after is not null)
            from = text.LastIndexOf(start, from, StringComparison.Ordinal);
        var i = text.IndexOf(start, Math.Max(0, from), StringComparison.Ordinal);
        Assert.True(i >= 0, $"'{start}' not found");
        var j = text.IndexOf(end, i + start.Length, StringComparison.Ordinal);
        Assert.True(j >= 0, $"'{end}' not found after '{start}'");
        return text[i..j];
    }

    private static void AssertPercent(double? share, string cell, string what)
    {
        if (share is null)
        {
            Assert.Equal("", cell);
            return;
        }
        Assert.Equal(share.Value * 100, double.Parse(cell, System.Globalization.CultureInfo.InvariantCulture), 9);
        _ = what;
    }

    // The API's shape is the SLO API's: an array of statuses, or an object holding one.
    private static IEnumerable<JsonElement> Items(JsonElement root) =>
        root.ValueKind == JsonValueKind.Array ? root.EnumerateArray() : root.EnumerateObject().First(p => p.Value.ValueKind == JsonValueKind.Array).Value.EnumerateArray();

    private static string? Name(JsonElement item) =>
        item.TryGetProperty("name", out var n) ? n.GetString() : item.GetProperty("definition").GetProperty("name").GetString();

    private static string? Tenant(JsonElement item) =>
        item.TryGetProperty("tenant", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;

    private static double Number(JsonElement item, string name) => item.GetProperty(name).GetDouble();
}
