using OpsReport.Core.Panels;
using OpsReport.Web.Api;

namespace OpsReport.Web.Pages.Views;

/// <summary>The tenant page's model: the tenant's numbers, its panels, and the link to its per-tenant PDF.</summary>
public sealed record TenantModel(PageContext Page, TenantDetail Detail, string PdfUrl, IReadOnlyList<ViewPanel> Panels, string ApiUrl) : IViewModel
{
    public object Json => new
    {
        environment = Page.Environment.Name,
        range = Page.Range.Name(),
        zone = Page.Calendar.ZoneId,
        tenant = new { id = Detail.Id, name = Detail.Name },
        periods = Detail.Periods,
        paths = Detail.Paths,
        trendWindow = Detail.TrendWindow,
        trends = Detail.Trends,
        dailyRequests = Detail.DailyRequests,
        findings = Detail.Findings.Select(FindingJson.From),
        pdf = PdfUrl,
    };
}

/// <summary>The tenant list's model.</summary>
public sealed record TenantsModel(PageContext Page, ComparisonPeriods Periods, IReadOnlyList<TenantSummary> Tenants, IReadOnlyList<ViewPanel> Panels, string ApiUrl) : IViewModel
{
    public object Json => new { environment = Page.Environment.Name, range = Page.Range.Name(), periods = Periods, tenants = Tenants };
}
