using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using SmartMiljo.OpenData.Api;

namespace SmartMiljo.OpenData.Server.Hosting;

/// <summary>
/// Forwarded headers (<c>X-Forwarded-For</c>, <c>-Proto</c>, <c>-Host</c>) are believed only from the proxies in
/// <c>Platform:TrustedProxies</c> (addresses or CIDR networks, a list or one comma-separated value). With none
/// configured the middleware is not added at all, so a client's own forwarded headers change nothing (an empty
/// known-proxy list would make ASP.NET Core trust everybody). Requests a trusted proxy forwarded carry the
/// <see cref="ForwardedByTrustedProxy"/> feature, which <see cref="PlatformOptions.ResolveBaseUrl"/> reads.
/// </summary>
public static class TrustedProxies
{
    // ForwardedHeadersMiddleware records the values it replaced under these names; a client's copies are removed
    // first, so their presence afterwards means a trusted proxy's header was applied.
    private const string OriginalHost = "X-Original-Host", OriginalProto = "X-Original-Proto", OriginalFor = "X-Original-For";

    public static IReadOnlyList<string> From(IConfiguration configuration)
    {
        var section = configuration.GetSection($"{PlatformOptions.SectionName}:TrustedProxies");
        var values = section.GetChildren().Select(c => c.Value).ToList();
        if (values.Count == 0) values.Add(section.Value);
        return values.SelectMany(v => (v ?? "").Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
    }

    public static IServiceCollection AddTrustedProxies(this IServiceCollection services, IConfiguration configuration)
    {
        var entries = From(configuration);
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            o.KnownProxies.Clear(); // the defaults trust loopback
            o.KnownIPNetworks.Clear();
            foreach (var entry in entries)
            {
                if (entry.Contains('/'))
                {
                    if (!System.Net.IPNetwork.TryParse(entry, out var network))
                        throw new InvalidOperationException($"Platform:TrustedProxies: '{entry}' is not a network (e.g. 10.0.0.0/8).");
                    o.KnownIPNetworks.Add(network);
                }
                else if (IPAddress.TryParse(entry, out var address)) o.KnownProxies.Add(address);
                else throw new InvalidOperationException($"Platform:TrustedProxies: '{entry}' is not an IP address.");
            }
        });
        return services;
    }

    /// <summary>First in the pipeline, so everything after sees the client's address and the public scheme and host.</summary>
    public static WebApplication UseTrustedProxies(this WebApplication app)
    {
        if (From(app.Configuration).Count == 0) return app;
        app.Use((context, next) =>
        {
            context.Request.Headers.Remove(OriginalHost);
            context.Request.Headers.Remove(OriginalProto);
            context.Request.Headers.Remove(OriginalFor);
            return next(context);
        });
        app.UseForwardedHeaders();
        app.Use((context, next) =>
        {
            var host = context.Request.Headers.ContainsKey(OriginalHost);
            var scheme = context.Request.Headers.ContainsKey(OriginalProto);
            if (host || scheme) context.Features.Set(new ForwardedByTrustedProxy(host, scheme));
            return next(context);
        });
        return app;
    }
}
