using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace SmartMiljo.OpenData.Api;

/// <summary>Configuration section <c>Platform</c>.</summary>
public sealed class PlatformOptions
{
    public const string SectionName = "Platform";

    /// <summary>The public base URL (e.g. <c>https://data.region.se</c>). Dataset IRIs are built from it, so
    /// set it in production: IRIs must not change with the host name a request happened to use.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Instance catalogue title and publisher shown in DCAT.</summary>
    public string CatalogueTitle { get; set; } = "SmartMiljö OpenData";
    public string CatalogueTitleEn { get; set; } = "SmartMiljö OpenData";
    public string CatalogueDescription { get; set; } = "Öppna data från kommuner och regioner, samlade och kvalitetsgranskade.";
    public string CatalogueDescriptionEn { get; set; } = "Open data from municipalities and regions, gathered and quality-checked.";

    /// <summary>The body operating this instance, publisher of the instance catalogue.</summary>
    public string PublisherName { get; set; } = "Region Exempel";
    public string PublisherOrganisationNumber { get; set; } = "2321009991";

    /// <summary>Datasets per page of the DCAT catalogue (Hydra paging) when a page is asked for.</summary>
    public int DcatPageSize { get; set; } = 1000;

    /// <summary>
    /// The base of every absolute URL the platform writes (DCAT IRIs, OData links, dataset pages): the configured
    /// <see cref="BaseUrl"/>; else the host and scheme a trusted proxy forwarded; else the address the server listens
    /// on (<c>Urls</c>), with the scheme a trusted proxy forwarded. Never the request's own <c>Host</c> header, which
    /// any client can set and which would end up in cached catalogue documents.
    /// </summary>
    public string ResolveBaseUrl(HttpRequest request)
    {
        if (!string.IsNullOrWhiteSpace(BaseUrl)) return BaseUrl.TrimEnd('/');
        var forwarded = request.HttpContext.Features.Get<ForwardedByTrustedProxy>();
        if (forwarded is { Host: true }) return $"{request.Scheme}://{request.Host.ToUriComponent()}{request.PathBase.ToUriComponent()}".TrimEnd('/');
        var listening = ListeningAddress(request.HttpContext.RequestServices);
        if (forwarded is { Scheme: true }) listening = new UriBuilder(listening) { Scheme = request.Scheme, Port = -1 }.Uri;
        return (listening.GetLeftPart(UriPartial.Authority) + request.PathBase.ToUriComponent()).TrimEnd('/');
    }

    /// <summary>The first address the server listens on (an https one if any), wildcards read as localhost;
    /// <c>http://localhost</c> for a server without addresses (in-memory test servers). Also the base of links in
    /// e-mails written outside any request when no <see cref="BaseUrl"/> is configured.</summary>
    public static Uri ListeningAddress(IServiceProvider services)
    {
        var addresses = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses;
        var chosen = addresses?.FirstOrDefault(a => a.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) ?? addresses?.FirstOrDefault();
        if (chosen is null) return new Uri("http://localhost");
        var wildcard = System.Text.RegularExpressions.Regex.Replace(chosen, @"^(https?://)(\*|\+|0\.0\.0\.0|\[::\])(?=[:/]|$)", "$1localhost",
            System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        return Uri.TryCreate(wildcard, UriKind.Absolute, out var uri) ? uri : new Uri("http://localhost");
    }
}

/// <summary>Set on a request that came through a configured trusted proxy (<c>Platform:TrustedProxies</c>)
/// which forwarded its host and/or scheme; the host sets it after <c>UseForwardedHeaders</c>. Clients cannot set features.</summary>
public sealed record ForwardedByTrustedProxy(bool Host, bool Scheme);
