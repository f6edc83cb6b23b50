using System.Net;
using System.Text;
using OpsReport.Core.Configuration;
using OpsReport.Core.Domain;
using OpsReport.Core.Storage;

namespace OpsReport.Web.Api;

/// <summary>
/// Deploys over HTTP: <c>POST /api/deploys</c> for CI pipelines (the <see cref="IngestGroupName"/> group, loopback only until
/// sign-in exists) and <c>GET /api/deploys?env=&amp;from=&amp;to=</c> to read them back.
/// </summary>
public static class DeployApi
{
    /// <summary>The endpoint group that writes; an authorization policy is attached to this group once sign-in exists.</summary>
    public const string IngestGroupName = "deploy-ingest";

    // A deploy is four short strings: anything larger is a mistake or an attack.
    private const int MaxBodyBytes = 4096;

    /// <summary>Maps both endpoints and returns the write group, so the host can attach an auth policy to it.</summary>
    public static RouteGroupBuilder MapOpsReportDeployApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/deploys", async Task<IResult> (string? env, DateTimeOffset? from, DateTimeOffset? to, EnvironmentCatalog catalog, IDeployStore deploys,
            TimeProvider clock, CancellationToken ct) =>
        {
            var environment = catalog.Find(env ?? catalog.Default.Name);
            if (environment is null)
                return Problem(HttpStatusCode.BadRequest, $"Unknown environment '{env}'. Known environments: {string.Join(", ", catalog.All.Select(e => e.Name))}.");
            var end = to ?? clock.GetUtcNow();
            var start = from ?? end - TimeSpan.FromDays(7);
            if (start > end)
                return Problem(HttpStatusCode.BadRequest, "from must be before to (ISO 8601 times, e.g. from=2026-11-18T00:00:00Z).");
            return TypedResults.Json(await deploys.ListAsync(environment.Name, new TimeWindow(start, end), null, ct), OpsReportApi.JsonOptions);
        });

        var ingest = app.MapGroup("/api/deploys").WithGroupName(IngestGroupName);
        ingest.AddEndpointFilter(async (context, next) =>
        {
            // Until sign-in exists, writing is for the machine itself (a CI agent or a script on the host).
            if (!IsLocal(context.HttpContext))
                return Problem(HttpStatusCode.Forbidden, "POST /api/deploys is accepted only from this machine (loopback) until sign-in is configured; call it on the host itself.");
            return await next(context);
        });
        ingest.MapPost("", async Task<IResult> (HttpRequest request, EnvironmentCatalog catalog, IDeployStore deploys, TimeProvider clock, CancellationToken ct) =>
        {
            if (request.ContentLength > MaxBodyBytes)
                return Problem(HttpStatusCode.BadRequest, $"The body is {request.ContentLength} bytes; a deploy is at most {MaxBodyBytes} bytes of JSON.");
            var body = await ReadAsync(request, ct);
            if (body is null)
                return Problem(HttpStatusCode.BadRequest, $"The body is larger than {MaxBodyBytes} bytes; a deploy is a small JSON object.");
            var deploy = DeployRequest.Parse(body, catalog, clock.GetUtcNow(), out var error);
            if (deploy is null)
                return Problem(HttpStatusCode.BadRequest, error!);
            var added = await deploys.UpsertAsync([deploy], ct);
            return added > 0
                ? TypedResults.Json(deploy, OpsReportApi.JsonOptions, statusCode: StatusCodes.Status201Created)
                : TypedResults.Json(deploy, OpsReportApi.JsonOptions, statusCode: StatusCodes.Status200OK);
        });
        return ingest;
    }

    /// <summary>A loopback client, not relayed: a proxy on this machine forwarding someone else's request is not local.</summary>
    internal static bool IsLocal(HttpContext context)
    {
        var remote = context.Connection.RemoteIpAddress;
        if (remote is null || !IPAddress.IsLoopback(remote))
            return false;
        return !context.Request.Headers.ContainsKey("X-Forwarded-For") && !context.Request.Headers.ContainsKey("Forwarded");
    }

    private static async Task<string?> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        var buffer = new byte[MaxBodyBytes + 1];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await request.Body.ReadAsync(buffer.AsMemory(read), ct);
            if (n == 0)
                break;
            read += n;
        }
        return read > MaxBodyBytes ? null : Encoding.UTF8.GetString(buffer, 0, read);
    }

    private static IResult Problem(HttpStatusCode status, string message) =>
        TypedResults.Problem(detail: message, statusCode: (int)status, title: status == HttpStatusCode.Forbidden ? "Forbidden" : "Bad request");
}
