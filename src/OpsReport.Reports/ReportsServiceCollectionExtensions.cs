using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpsReport.Core.Configuration;
using OpsReport.Core.Email;
using OpsReport.Reports.Email;
using OpsReport.Reports.Outbox;
using OpsReport.Reports.Pdf;
using OpsReport.Reports.Scheduling;

namespace OpsReport.Reports;

/// <summary>Registers the report builder, the PDF renderer, email composition and delivery, the outbox sender and the scheduler.</summary>
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
                // SES goes through the AWS client's raw sender once one is registered (the AWS sources own the signed client).
                "Ses" => sp.GetService<IRawEmailSender>() is { } raw
                    ? new SesDelivery(raw)
                    : new UnavailableDelivery("ses", "OpsReport:Email:Delivery 'Ses' is not available in this build yet (it needs the AWS client's SES v2 sender); use Pickup or Smtp."),
                _ => sp.GetRequiredService<PickupFolderDelivery>(),
            };
        });
        services.AddSingleton<ReportSender>();
        services.AddSingleton<ReportScheduler>();
        services.AddLogging();
        return services;
    }

    /// <summary>Runs the <see cref="ReportScheduler"/> in the background of a host that is started (the web host, not the CLI).</summary>
    public static IServiceCollection AddOpsReportReportScheduler(this IServiceCollection services)
    {
        services.AddHostedService(sp => sp.GetRequiredService<ReportScheduler>());
        return services;
    }
}
