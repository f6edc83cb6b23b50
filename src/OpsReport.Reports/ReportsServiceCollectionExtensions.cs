using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpsReport.Core.Configuration;
using OpsReport.Reports.Email;
using OpsReport.Reports.Outbox;
using OpsReport.Reports.Pdf;

namespace OpsReport.Reports;

/// <summary>Registers the weekly report builder, the PDF renderer, email composition and delivery, and the outbox sender.</summary>
public static class ReportsServiceCollectionExtensions
{
    /// <summary>Needs <c>AddOpsReportCore</c> (options, store, calendar, TimeProvider, catalogs, panel queries).</summary>
    public static IServiceCollection AddOpsReportReports(this IServiceCollection services)
    {
        services.AddSingleton<WeeklyReportBuilder>();
        services.AddSingleton<PdfReportRenderer>();
        services.AddSingleton<ReportRenderer>();
        services.AddSingleton<ReportEmailComposer>();
        services.AddSingleton<PickupFolderDelivery>();
        services.AddSingleton<SmtpDelivery>();
        services.AddSingleton<IEmailDelivery>(sp =>
        {
            var delivery = sp.GetRequiredService<IOptions<OpsReportOptions>>().Value.Email.Delivery;
            return delivery switch
            {
                "Smtp" => sp.GetRequiredService<SmtpDelivery>(),
                "Ses" => new UnavailableDelivery("ses", "OpsReport:Email:Delivery 'Ses' is not available in this version yet; use Pickup or Smtp."),
                _ => sp.GetRequiredService<PickupFolderDelivery>(),
            };
        });
        services.AddSingleton<ReportSender>();
        services.AddLogging();
        return services;
    }
}
