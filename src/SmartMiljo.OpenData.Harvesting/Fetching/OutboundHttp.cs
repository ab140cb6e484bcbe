using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace SmartMiljo.OpenData.Harvesting.Fetching;

/// <summary>A request the platform will not make or continue: a scheme other than http(s), a redirect without a
/// target, too many redirects, or an address the <see cref="NetworkGuard"/> refuses. The message is for people.</summary>
public sealed class OutboundRequestRefusedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Every request the platform sends out goes through here: one named HttpClient whose handler is the
/// <see cref="NetworkGuard"/>'s, and redirects followed by hand, at most <see cref="HarvestOptions.MaxRedirects"/>,
/// each hop's scheme checked (the guard checks each hop's addresses as it connects). OpenID Connect's
/// back-channel (discovery, token, keys) is the one exception: it talks only to the configured authorities,
/// which the operator trusts.
/// </summary>
public sealed class OutboundHttp(IHttpClientFactory clients, IOptions<HarvestOptions> options)
{
    public const string ClientName = "outbound";

    /// <summary>Registers the guard and the client once; safe to call from every part that sends requests.</summary>
    public static void Register(IServiceCollection services)
    {
        services.AddOptions<HarvestOptions>();
        if (services.Any(d => d.ServiceType == typeof(OutboundHttp))) return;
        services.TryAddSingleton<NetworkGuard>();
        services.AddSingleton<OutboundHttp>();
        services.AddHttpClient(ClientName, c =>
            {
                c.Timeout = Timeout.InfiniteTimeSpan; // callers apply their own limits, per attempt and per body
                c.DefaultRequestHeaders.UserAgent.ParseAdd("SmartMiljo-OpenData/1.0");
            })
            .ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<NetworkGuard>().CreateHandler());
    }

    public static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found
        or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    /// <summary>A GET (or <paramref name="method"/>) with headers only read, following redirects.</summary>
    public Task<HttpResponseMessage> SendAsync(Uri uri, CancellationToken cancellationToken, HttpMethod? method = null) =>
        SendAsync(uri, target => new HttpRequestMessage(method ?? HttpMethod.Get, target), cancellationToken);

    /// <summary>
    /// Sends the request <paramref name="createRequest"/> makes for each hop and returns the first answer that is
    /// not a redirect (the caller disposes it). Transport failures surface as <see cref="HttpRequestException"/>;
    /// a refused address or hop as <see cref="OutboundRequestRefusedException"/>.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(Uri start, Func<Uri, HttpRequestMessage> createRequest, CancellationToken cancellationToken)
    {
        var maxRedirects = Math.Max(0, options.Value.MaxRedirects);
        var client = clients.CreateClient(ClientName);
        var uri = start;
        EnsureScheme(uri, null);
        for (var hops = 0; ; hops++)
        {
            using var request = createRequest(uri);
            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            }
            catch (HttpRequestException ex) when (NetworkGuard.RefusalIn(ex) is { } refused)
            {
                throw new OutboundRequestRefusedException(refused.Message, ex);
            }
            if (!IsRedirect(response.StatusCode)) return response;
            using (response)
            {
                if (hops >= maxRedirects)
                    throw new OutboundRequestRefusedException($"{start} redirected more than {maxRedirects} times (a redirect loop?); the platform stopped following.");
                var next = response.Headers.Location is { } target ? new Uri(uri, target) : null;
                if (next is null) throw new OutboundRequestRefusedException($"{uri} answered {(int)response.StatusCode} without saying where to go.");
                EnsureScheme(next, uri);
                uri = next;
            }
        }
    }

    private void EnsureScheme(Uri uri, Uri? redirectedFrom)
    {
        var allowed = options.Value.AllowedSchemes;
        if (uri.IsAbsoluteUri && uri.Scheme is "http" or "https" && allowed.Contains(uri.Scheme, StringComparer.OrdinalIgnoreCase)) return;
        var scheme = uri.IsAbsoluteUri ? uri.Scheme : "(relative)";
        throw new OutboundRequestRefusedException(redirectedFrom is null
            ? $"The address scheme '{scheme}' is not allowed; use {string.Join(" or ", allowed)}."
            : $"{redirectedFrom} redirected to a '{scheme}' address, which is not allowed.");
    }
}
