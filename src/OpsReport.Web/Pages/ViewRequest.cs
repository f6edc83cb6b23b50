using OpsReport.Core.Configuration;
using OpsReport.Core.Panels;

namespace OpsReport.Web.Pages;

/// <summary>The query parameters every view shares (<c>env</c>, <c>range</c>), validated into a clear 400 message.</summary>
public sealed record ViewRequest(EnvironmentInfo Environment, OverviewRange Range)
{
    public static bool TryParse(string? env, string? range, EnvironmentCatalog catalog, out ViewRequest? request, out BadViewRequestException? error)
    {
        request = null;
        error = null;
        EnvironmentInfo environment;
        if (string.IsNullOrEmpty(env))
        {
            environment = catalog.Default;
        }
        else if (catalog.Find(env) is { } found)
        {
            environment = found;
        }
        else
        {
            error = new BadViewRequestException("badRequest.unknownEnvironment", env, string.Join(", ", catalog.All.Select(e => e.Name)));
            return false;
        }
        if (!OverviewRanges.TryParse(range, out var parsedRange))
        {
            error = new BadViewRequestException("badRequest.unknownRange", range, string.Join(", ", OverviewRanges.Names));
            return false;
        }
        request = new ViewRequest(environment, parsedRange);
        return true;
    }
}
