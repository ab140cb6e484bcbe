using Microsoft.AspNetCore.Http;

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

    public string ResolveBaseUrl(HttpRequest request) =>
        (string.IsNullOrWhiteSpace(BaseUrl) ? $"{request.Scheme}://{request.Host}{request.PathBase}" : BaseUrl).TrimEnd('/');
}
