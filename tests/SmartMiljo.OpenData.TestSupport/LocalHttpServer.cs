using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SmartMiljo.OpenData.TestSupport;

/// <summary>
/// A real HTTP server (Kestrel) on 127.0.0.1 and a free port, whose routes tests set and change while it
/// runs: the stand-in for a municipality's web server, including one that misbehaves.
/// </summary>
public sealed class LocalHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, RequestDelegate> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _requests = new();

    private LocalHttpServer(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Paths requested so far, with their query, in order.</summary>
    public IReadOnlyCollection<string> Requests => _requests;

    public static async Task<LocalHttpServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new LocalHttpServer(app);
        app.Run(async context =>
        {
            server._requests.Enqueue(context.Request.Path + context.Request.QueryString);
            if (server._routes.TryGetValue(context.Request.Path.Value ?? "/", out var handler)) await handler(context);
            else context.Response.StatusCode = StatusCodes.Status404NotFound;
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    public Uri Url(string path) => new(BaseAddress, path.TrimStart('/'));

    public void Map(string path, RequestDelegate handler) => _routes[path] = handler;

    /// <summary>Serves bytes with an ETag and honours If-None-Match, as a well-behaved file server does.</summary>
    public void MapFile(string path, byte[] content, string contentType)
    {
        var etag = "\"" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content))[..16] + "\"";
        Map(path, async context =>
        {
            if (context.Request.Headers.IfNoneMatch.ToString() == etag)
            {
                context.Response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }
            context.Response.ContentType = contentType;
            context.Response.Headers.ETag = etag;
            context.Response.ContentLength = content.Length;
            await context.Response.Body.WriteAsync(content);
        });
    }

    public void MapStatus(string path, int statusCode) => Map(path, context =>
    {
        context.Response.StatusCode = statusCode;
        return Task.CompletedTask;
    });

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
