using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OpsReport.Collectors.Tests.Aws.Support;

/// <summary>
/// An in-process AWS endpoint on 127.0.0.1 (Kestrel, port 0) for what moto cannot do: percentiles, Insights stats,
/// throttling storms, concurrency limits. Answers JSON RPC calls by their X-Amz-Target action with the shapes of
/// AWS.md, and records every request it receives.
/// </summary>
internal sealed class FakeAwsServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<FakeRequest> _requests = new();

    private FakeAwsServer(WebApplication app, Func<FakeRequest, Task<FakeResponse>> handler)
    {
        _app = app;
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var target = context.Request.Headers["X-Amz-Target"].ToString();
            var action = target.Contains('.') ? target[(target.LastIndexOf('.') + 1)..] : context.Request.Path.Value ?? "";
            using var json = JsonDocument.Parse(body.Length == 0 ? "{}" : body);
            var request = new FakeRequest(action, json.RootElement.Clone(), context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase));
            _requests.Enqueue(request);
            var response = await handler(request);
            context.Response.StatusCode = response.Status;
            context.Response.ContentType = "application/x-amz-json-1.1";
            await context.Response.WriteAsync(response.Body);
        });
    }

    public Uri Endpoint { get; private set; } = null!;

    public IReadOnlyList<FakeRequest> Requests => [.. _requests];

    public int Count(string action) => _requests.Count(r => r.Action == action);

    public static async Task<FakeAwsServer> StartAsync(Func<FakeRequest, Task<FakeResponse>> handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var server = new FakeAwsServer(builder.Build(), handler);
        await server._app.StartAsync();
        var address = server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Endpoint = new Uri(address.EndsWith('/') ? address : address + "/");
        return server;
    }

    public static Task<FakeAwsServer> StartAsync(Func<FakeRequest, FakeResponse> handler) =>
        StartAsync(r => Task.FromResult(handler(r)));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>A request the fake received: its action (from X-Amz-Target, or the path for REST), JSON body and headers.</summary>
internal sealed record FakeRequest(string Action, JsonElement Body, IReadOnlyDictionary<string, string> Headers);

/// <summary>What the fake answers.</summary>
internal sealed record FakeResponse(int Status, string Body)
{
    public static FakeResponse Json(object value) => new(200, JsonSerializer.Serialize(value));

    /// <summary>An AWS JSON error, with the namespaced type some services send.</summary>
    public static FakeResponse Error(int status, string type, string message) =>
        new(status, JsonSerializer.Serialize(new Dictionary<string, string> { ["__type"] = "com.amazonaws.fake#" + type, ["message"] = message }));
}
