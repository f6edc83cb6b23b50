using OpsReport.Core.Domain;

namespace OpsReport.Web.Api;

/// <summary>A finding as the API and <c>analyze --format json</c> publish it (PRODUCT.md "Stable interface").</summary>
public sealed record FindingJson(string Id, string Environment, string Kind, string Subject, DateTimeOffset Start, DateTimeOffset? End,
    string Severity, string State, string Summary, string Evidence, IReadOnlyDictionary<string, double> Numbers, string? Url)
{
    public static FindingJson From(Finding f) => new(f.Id, f.Environment, f.Kind.ToString(), f.Subject, f.Start, f.End,
        f.Severity.ToString().ToLowerInvariant(), f.State.ToString().ToLowerInvariant(), f.Summary, f.Evidence, f.Numbers, f.Url);
}
