using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.Logging.Abstractions;
using OpsReport.Core.Storage;
using OpsReport.Core.Time;
using OpsReport.Web.Hosting;
using OpsReport.Web.Tests.Support;

namespace OpsReport.Web.Tests;

/// <summary>Request coalescing: identical heavy requests arriving while the first renders share its rendering.</summary>
public sealed class HeavyViewLimiterTests
{
    [Fact]
    public async Task InvokeAsync_EightIdenticalRequestsOnACacheMiss_RenderOnceAndAllGetTheView()
    {
        using var data = new TempDirectory();
        var store = new SqliteMetricStore(Path.Combine(data.Path, "opsreport.db"));
        await store.InitializeAsync();
        var renders = 0;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var idle = new IdleMemoryCompactor(TimeProvider.System, NullLogger<IdleMemoryCompactor>.Instance);
        var limiter = new HeavyViewLimiter(async context =>
        {
            Interlocked.Increment(ref renders);
            await release.Task;
            context.Response.ContentType = "text/html";
            await context.Response.WriteAsync("<p>incident</p>");
        }, new DataVersion(store, TimeProvider.System, new ZoneCalendar("Asia/Tokyo")), idle, NullLogger<HeavyViewLimiter>.Instance);

        // Each call runs up to its first real wait before returning: the first is rendering, the others are waiting on it.
        var contexts = Enumerable.Range(0, 8).Select(_ => Request("/incident", "?env=prod&last=7d")).ToList();
        var requests = contexts.Select(limiter.InvokeAsync).ToList();
        release.SetResult();
        await Task.WhenAll(requests);

        Assert.Equal(1, renders);
        // Answered, none of them counts as in flight any more (the background warm-up waits for none).
        Assert.Equal(0, idle.InFlight);
        Assert.All(contexts, c => Assert.Equal(StatusCodes.Status200OK, c.Response.StatusCode));
        Assert.All(contexts, c => Assert.Equal("<p>incident</p>", Encoding.UTF8.GetString(((MemoryStream)c.Response.Body).ToArray())));

        // Another address is another rendering.
        var other = Request("/incident", "?env=prod&last=24h");
        await limiter.InvokeAsync(other);
        Assert.Equal(2, renders);
    }

    private static DefaultHttpContext Request(string path, string query)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Get;
        context.Request.Path = path;
        context.Request.QueryString = new QueryString(query);
        context.Response.Body = new MemoryStream();
        context.SetEndpoint(new RouteEndpoint(_ => Task.CompletedTask, RoutePatternFactory.Parse(path), 0, null, null));
        return context;
    }
}
