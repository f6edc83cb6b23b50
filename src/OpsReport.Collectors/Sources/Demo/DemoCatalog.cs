using System.Globalization;

namespace OpsReport.Collectors.Sources.Demo;

/// <summary>The names the demo product is made of: environments, tenants, services, paths, log groups, buckets, accounts.</summary>
public static class DemoCatalog
{
    public const string ServiceApi = "api";
    public const string ServiceWeb = "web";
    public const string ServiceExportWorker = "export-worker";
    public const string ServiceBillingSync = "billing-sync";
    public const string ServiceSearch = "search";

    /// <summary>The large tenant of the slow-tenant incident (株式会社サクラ物流).</summary>
    public const string SlowTenantId = "sakura-logistics";

    public const string SlowPath = "/api/exports/{id}/download";

    public const string LeakingService = ServiceApi;

    public const string ArtifactBucket = "sakura-ci-build-artifacts";

    private static readonly DemoTenant[] ProductionTenants =
    [
        new(SlowTenantId, "株式会社サクラ物流", DemoTenantSize.Large),
        new("midori-bank", "株式会社みどり銀行", DemoTenantSize.Large),
        new("acme", "Acme Corp", DemoTenantSize.Large),
        new("yamada-seisakusho", "山田製作所株式会社", DemoTenantSize.Medium),
        new("hikari-soft", "合同会社ひかりソフト", DemoTenantSize.Medium),
        new("globex", "Globex Corporation", DemoTenantSize.Medium),
        new("initech", "Initech", DemoTenantSize.Medium),
        new("tokai-denki", "東海電機株式会社", DemoTenantSize.Medium),
        new("umbrella", "Umbrella Corporation", DemoTenantSize.Medium),
        new("aozora-kensetsu", "青空建設株式会社", DemoTenantSize.Medium),
        new("stark-industries", "Stark Industries", DemoTenantSize.Small),
        new("wayne-enterprises", "Wayne Enterprises", DemoTenantSize.Small),
        new("hooli", "Hooli", DemoTenantSize.Small),
        new("soylent", "Soylent Corp", DemoTenantSize.Small),
        new("wonka", "Wonka Industries", DemoTenantSize.Small),
        new("cyberdyne", "Cyberdyne Systems", DemoTenantSize.Small),
        new("tyrell", "Tyrell Corporation", DemoTenantSize.Small),
        new("vandelay", "Vandelay Industries", DemoTenantSize.Small),
        new("kaneda-shoji", "金田商事株式会社", DemoTenantSize.Small),
        new("fuji-foods", "富士食品株式会社", DemoTenantSize.Small),
        new("minato-clinic", "医療法人みなと会", DemoTenantSize.Small),
        new("kita-unyu", "北運輸株式会社", DemoTenantSize.Small),
        new("nishi-design", "合同会社にしデザイン", DemoTenantSize.Small),
        new("hoshi-pharma", "星製薬株式会社", DemoTenantSize.Small),
        new("oak-partners", "Oak Partners LLC", DemoTenantSize.Small),
        new("bluebird", "Bluebird Analytics", DemoTenantSize.Small),
        new("northwind", "Northwind Traders", DemoTenantSize.Small),
        new("contoso", "Contoso Ltd.", DemoTenantSize.Small),
        new("fabrikam", "Fabrikam Inc.", DemoTenantSize.Small),
        new("tailspin", "Tailspin Toys", DemoTenantSize.Small),
    ];

    private static readonly DemoTenant[] StagingTenants =
    [
        new("qa-tenant-a", "QA Tenant A", DemoTenantSize.Medium),
        new("qa-tenant-b", "QA テナントB", DemoTenantSize.Small),
        new("e2e-automation", "E2E Automation", DemoTenantSize.Small),
        new("loadtest", "Load Test", DemoTenantSize.Small),
        new("sakura-logistics-stg", "株式会社サクラ物流（検証）", DemoTenantSize.Medium),
    ];

    private static readonly DemoTenant[] DemoTenants =
    [
        new("demo-trading", "デモ商事株式会社", DemoTenantSize.Medium),
        new("demo-retail", "Demo Retail Inc.", DemoTenantSize.Medium),
        new("sample-manufacturing", "サンプル製造株式会社", DemoTenantSize.Small),
        new("trial-clinic", "トライアル医院", DemoTenantSize.Small),
        new("demo-logistics", "Demo Logistics", DemoTenantSize.Small),
        new("pilot-bank", "Pilot Bank", DemoTenantSize.Small),
        new("sandbox-gakuen", "サンドボックス学園", DemoTenantSize.Small),
        new("demo-media", "Demo Media", DemoTenantSize.Small),
    ];

    // Weights are each path's share of a tenant's requests; UsedFrom bounds cardinality (small tenants use few paths).
    private static readonly DemoPath[] AllPaths =
    [
        new("/login", ServiceWeb, 120, 0.35, 0.06, 0.004, DemoTenantSize.Medium),
        new("/dashboard", ServiceWeb, 180, 0.40, 0.18, 0.002, DemoTenantSize.Small),
        new("/settings/billing", ServiceWeb, 150, 0.35, 0.01, 0.003, DemoTenantSize.Large),
        new("/api/users/me", ServiceApi, 25, 0.30, 0.20, 0.001, DemoTenantSize.Small),
        new("/api/reports", ServiceApi, 140, 0.45, 0.12, 0.003, DemoTenantSize.Small),
        new("/api/reports/{id}", ServiceApi, 210, 0.50, 0.12, 0.003, DemoTenantSize.Medium),
        new("/api/reports/{id}/pdf", ServiceApi, 900, 0.55, 0.02, 0.008, DemoTenantSize.Large),
        new("/api/exports", ServiceApi, 160, 0.40, 0.03, 0.003, DemoTenantSize.Large),
        new("/api/exports/{id}", ServiceApi, 90, 0.35, 0.03, 0.002, DemoTenantSize.Large),
        new(SlowPath, ServiceApi, 650, 0.50, 0.02, 0.006, DemoTenantSize.Medium),
        new("/api/invoices", ServiceApi, 170, 0.40, 0.04, 0.003, DemoTenantSize.Medium),
        new("/api/invoices/{id}", ServiceApi, 120, 0.40, 0.03, 0.002, DemoTenantSize.Large),
        new("/api/projects/{id}/members", ServiceApi, 60, 0.35, 0.04, 0.002, DemoTenantSize.Large),
        new("/api/uploads", ServiceApi, 480, 0.60, 0.02, 0.010, DemoTenantSize.Large),
        new("/api/search", ServiceSearch, 230, 0.55, 0.08, 0.004, DemoTenantSize.Medium),
        new("/api/search/suggest", ServiceSearch, 45, 0.40, 0.06, 0.002, DemoTenantSize.Large),
    ];

    private static readonly Dictionary<string, string> DisplayNames =
        ProductionTenants.Concat(StagingTenants).Concat(DemoTenants).ToDictionary(t => t.Id, t => t.DisplayName, StringComparer.Ordinal);

    /// <summary>Services of the demo product: four ECS services and one Lambda function.</summary>
    public static IReadOnlyList<string> Services { get; } = [ServiceApi, ServiceWeb, ServiceExportWorker, ServiceSearch, ServiceBillingSync];

    public static IReadOnlyList<DemoPath> Paths { get; } = AllPaths;

    /// <summary>Tenant id → display name, for every demo tenant of every environment.</summary>
    public static IReadOnlyDictionary<string, string> TenantNames => DisplayNames;

    public static DemoEnvironmentRole RoleOf(string environment) =>
        environment.Contains("prod", StringComparison.OrdinalIgnoreCase) ? DemoEnvironmentRole.Production
        : environment.Contains("stag", StringComparison.OrdinalIgnoreCase) ? DemoEnvironmentRole.Staging
        : DemoEnvironmentRole.Demo;

    /// <summary>A fake, stable 12-digit AWS account id for the environment.</summary>
    public static string AccountId(string environment) =>
        (100_000_000_000UL + (DemoRandom.Hash("account:" + environment) % 900_000_000_000UL)).ToString(CultureInfo.InvariantCulture);

    public static IReadOnlyList<DemoTenant> TenantsOf(string environment) => RoleOf(environment) switch
    {
        DemoEnvironmentRole.Production => ProductionTenants,
        DemoEnvironmentRole.Staging => StagingTenants,
        _ => DemoTenants,
    };

    /// <summary>The paths a tenant uses: every path open to its size.</summary>
    public static IReadOnlyList<DemoPath> PathsOf(DemoTenant tenant) => AllPaths.Where(p => tenant.Size >= p.UsedFrom).ToList();

    /// <summary>The display name of a tenant id (e.g. <c>sakura-logistics</c> → 株式会社サクラ物流), or the id itself when unknown.</summary>
    public static string TenantDisplayName(string tenantId) => DisplayNames.GetValueOrDefault(tenantId, tenantId);

    public static string? FindTenantDisplayName(string tenantId) => DisplayNames.GetValueOrDefault(tenantId);

    /// <summary>The Lambda log group whose DEBUG logging is left on in staging.</summary>
    public static string BillingSyncLogGroup(string environment) => $"/aws/lambda/{ServiceBillingSync}-{environment}";

    public static IReadOnlyList<string> LogGroupsOf(string environment) =>
        ["/ecs/" + ServiceApi, "/ecs/" + ServiceWeb, "/ecs/" + ServiceExportWorker, "/ecs/" + ServiceSearch, BillingSyncLogGroup(environment)];

    public static IReadOnlyList<DemoBucket> BucketsOf(string environment)
    {
        var prefix = "opsdemo-" + environment.ToLowerInvariant();
        return RoleOf(environment) == DemoEnvironmentRole.Production
            ? [new(ArtifactBucket, 350, 60, GrowsSinceIncident: true), new(prefix + "-user-uploads", 820, 2.5, false), new(prefix + "-report-exports", 140, 0, false)]
            : [new(prefix + "-user-uploads", 35, 0.2, false), new(prefix + "-report-exports", 12, 0, false)];
    }
}
