using System.Data.Common;
using OpsReport.Core.Storage;

namespace OpsReport.Web.Hosting;

/// <summary>
/// A store that cannot be read answers 503 with a sentence (and makes <c>/readyz</c> say so) instead of a 500 with an empty
/// body; a request the server cannot read (a malformed form, a body too large) is a 400.
/// </summary>
internal sealed class StoreFailureHandler(RequestDelegate next, StoreHealth health, ILogger<StoreFailureHandler> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (IsStoreFailure(e) && !context.Response.HasStarted)
        {
            logger.LogError(e, "The store could not be read for {Path}.", context.Request.Path.Value);
            health.Failed(e.Message);
            context.Response.Clear();
            await AccessGate.Refuse(context, StatusCodes.Status503ServiceUnavailable, AccessText.Get(AccessText.LanguageOf(context), "storeFailed"), IsApi(context));
        }
        catch (Exception e) when (e is BadHttpRequestException or InvalidDataException && !context.Response.HasStarted)
        {
            context.Response.Clear();
            await AccessGate.Refuse(context, StatusCodes.Status400BadRequest, AccessText.Get(AccessText.LanguageOf(context), "badRequest"), IsApi(context));
        }
    }

    /// <summary>The status and sentence for a failure that is the store's or the request's, or null for a server fault.</summary>
    public static (int Status, string TextKey)? Classify(Exception e) =>
        IsStoreFailure(e) ? (StatusCodes.Status503ServiceUnavailable, "storeFailed")
        : e is BadHttpRequestException or InvalidDataException ? (StatusCodes.Status400BadRequest, "badRequest")
        : null;

    public static bool IsStoreFailure(Exception e) => e is DbException || e.InnerException is DbException || e is StoreUnavailableException;

    private static bool IsApi(HttpContext context) => ApiTokenAuthenticationHandler.AcceptsTokens(context.Request.Path);
}
