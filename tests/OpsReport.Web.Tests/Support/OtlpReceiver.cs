using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OpsReport.Web.Tests.Support;

/// <summary>
/// An OTLP/HTTP endpoint on loopback (Kestrel, port 0) that keeps every export posted to <c>/v1/traces</c>,
/// <c>/v1/metrics</c> and <c>/v1/logs</c> and answers with an empty protobuf response, as a collector does.
/// </summary>
internal sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OtlpReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<OtlpPost> Posts { get; } = new();

    public string Endpoint { get; private set; } = "";

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        // Its own activity source and diagnostic listener: the app under test listens to ASP.NET Core's in this process,
        // and would otherwise trace the receiver's requests and export those too.
        builder.Services.AddSingleton(new ActivitySource("OpsReport.Tests.OtlpReceiver"));
        builder.Services.AddSingleton(new DiagnosticListener("OpsReport.Tests.OtlpReceiver"));
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/v1/{signal}", async (HttpContext context, string signal) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            receiver.Posts.Enqueue(new OtlpPost(signal, context.Request.ContentType, body.ToArray()));
            return Results.Bytes([], "application/x-protobuf");
        });
        await app.StartAsync();
        receiver.Endpoint = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return receiver;
    }

    /// <summary>Waits until a post of <paramref name="signal"/> holds <paramref name="text"/> (protobuf keeps strings as UTF-8).</summary>
    public async Task<OtlpPost> WaitForAsync(string signal, string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Posts.FirstOrDefault(p => p.Signal == signal && p.Contains(text)) is { } post)
                return post;
            await Task.Delay(100);
        }
        throw new TimeoutException($"No {signal} export containing '{text}' within {timeout}; got {Posts.Count} post(s): {string.Join(", ", Posts.Select(p => $"{p.Signal} {p.Body.Length} B"))}.");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One export as received.</summary>
internal sealed record OtlpPost(string Signal, string? ContentType, byte[] Body)
{
    public bool Contains(string text) => Body.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(text)) >= 0;
}
