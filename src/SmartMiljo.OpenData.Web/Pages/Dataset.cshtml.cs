using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using SmartMiljo.OpenData.Api;
using SmartMiljo.OpenData.Web.Accounts;
using SmartMiljo.OpenData.Web.Catalogue;

namespace SmartMiljo.OpenData.Web.Pages;

/// <summary>
/// The page behind every dataset IRI (<c>/datasets/{org}/{dataset}</c>). People get HTML; machines that
/// ask for RDF are sent to the organisation's DCAT document, as before this page existed.
/// </summary>
public sealed class DatasetModel(DatasetPageLoader loader, IOptions<PlatformOptions> platform, IOptions<WebOptions> web) : PageModel
{
    private static readonly string[] RdfMediaTypes = ["rdf+xml", "text/turtle", "ld+json", "n-triples"];

    public DatasetPageData? Data { get; private set; }
    public string BaseUrl { get; private set; } = "";
    public string? MapTileUrl => web.Value.MapTileUrl;

    public async Task<IActionResult> OnGetAsync(string org, string dataset, CancellationToken ct)
    {
        var accept = Request.Headers.Accept.ToString();
        if (RdfMediaTypes.Any(t => accept.Contains(t, StringComparison.OrdinalIgnoreCase)) && !accept.Contains("text/html", StringComparison.OrdinalIgnoreCase))
        {
            if (await loader.ExistsAsync(org, dataset, ct)) return Redirect(Core.Catalogue.PublicUrls.Relative.OrganisationCatalogue(Uri.EscapeDataString(org)));
            return NotFound();
        }
        Data = await loader.LoadAsync(org, dataset, ct);
        if (Data is null) return NotFound();
        BaseUrl = platform.Value.ResolveBaseUrl(Request);
        await loader.CountViewAsync(Data.Dataset.Id, ct);
        return Page();
    }
}
