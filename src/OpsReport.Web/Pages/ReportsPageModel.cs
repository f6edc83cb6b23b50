using OpsReport.Core.Domain;

namespace OpsReport.Web.Pages;

/// <summary>The reports page: definitions with schedules and previews, deliveries that need a person, and the delivery history.</summary>
/// <param name="Message">The outcome of the last "send now", shown once at the top.</param>
public sealed record ReportsPageModel(
    PageContext Page,
    IReadOnlyList<ReportDefinitionView> Definitions,
    IReadOnlyList<DeliveryView> History,
    IReadOnlyList<DeliveryView> Attention,
    string? Message,
    bool MessageIsError);

/// <summary>One report definition as the page shows it (times already in the report's zone).</summary>
public sealed record ReportDefinitionView(
    string Name,
    string Title,
    string? Audience,
    string File,
    IReadOnlyList<string> Environments,
    string Tenants,
    string Language,
    string Zone,
    string? Schedule,
    string? Cron,
    string? NextRun,
    string Recipients,
    string DefaultPeriod,
    string Cadence,
    string Sections,
    IReadOnlyList<PreviewLink> Previews,
    IReadOnlyList<TenantChoice> TenantChoices)
{
    /// <summary>True when the report goes out once per tenant in scope.</summary>
    public bool PerTenant { get; init; }

    /// <summary>True when <see cref="Sections"/> lists section kinds (the definition is written in another language).</summary>
    public bool SectionsAreKinds { get; init; }
}

/// <summary>A link to a report's PDF preview.</summary>
public sealed record PreviewLink(string Label, string Url);

/// <summary>A tenant to pick for a preview or a send: id and display name.</summary>
public sealed record TenantChoice(string Id, string Name);

/// <summary>One outbox record with its times formatted in the configured zone.</summary>
public sealed record DeliveryView(DeliveryRecord Record, string Updated, string? NextAttempt, int RecipientCount, string StatusClass);
