using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OpsReport.Collectors.Tests.Aws.Support;

/// <summary>
/// Sits between a source and moto on 127.0.0.1 and counts the requests the server received, per X-Amz-Target action,
/// so a run summary's API-call count can be checked against the server's side. Forwards the Host header unchanged
/// (it is signed). <see cref="FailAction"/> answers one action with an error instead of forwarding it (fault injection).
/// </summary>
internal sealed class CountingProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false });
    private readonly ConcurrentQueue<string> _actions = new();

    private CountingProxy(WebApplication app, Uri target)
    {
        _app = app;
        app.Run(async context =>
        {
            var targetHeader = context.Request.Headers["X-Amz-Target"].ToString();
            var action = targetHeader.Length > 0 ? targetHeader[(targetHeader.LastIndexOf('.') + 1)..] : context.Request.Path.Value ?? "";
            _actions.Enqueue(action);
            if (FailAction is { } failing && failing == action)
            {
                context.Response.StatusCode = 400;
                context.Response.ContentType = "application/x-amz-json-1.1";
                await context.Response.WriteAsync("""{"__type":"AccessDeniedException","message":"injected failure"}""");
                return;
            }
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            using var forward = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(target, context.Request.Path + context.Request.QueryString))
            {
                Content = new ByteArrayContent(body.ToArray()),
            };
            foreach (var (name, values) in context.Request.Headers)
            {
                if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                    continue;
                if (!forward.Headers.TryAddWithoutValidation(name, values.ToArray()))
                    forward.Content.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
            forward.Headers.Host = context.Request.Host.Value;
            using var response = await _http.SendAsync(forward);
            context.Response.StatusCode = (int)response.StatusCode;
            context.Response.ContentType = response.Content.Headers.ContentType?.ToString();
            await response.Content.CopyToAsync(context.Response.Body);
        });
    }

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Requests of this X-Amz-Target action are answered 400 AccessDeniedException (counted, not forwarded).</summary>
    public string? FailAction { get; set; }

    public int Total => _actions.Count;

    public int Count(string action) => _actions.Count(a => a == action);

    public static async Task<CountingProxy> StartAsync(Uri target)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var proxy = new CountingProxy(builder.Build(), target);
        await proxy._app.StartAsync();
        var address = proxy._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        proxy.Endpoint = new Uri(address.EndsWith('/') ? address : address + "/");
        return proxy;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _http.Dispose();
    }
}
