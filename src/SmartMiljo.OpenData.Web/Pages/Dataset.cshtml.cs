using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using SmartMiljo.OpenData.Api;
using SmartMiljo.OpenData.Api.Dcat;
using SmartMiljo.OpenData.Rdf.Writing;
using SmartMiljo.OpenData.Web.Accounts;
using SmartMiljo.OpenData.Web.Catalogue;

namespace SmartMiljo.OpenData.Web.Pages;

/// <summary>
/// The page behind every dataset IRI (<c>/datasets/{org}/{dataset}</c>). People get HTML; machines that
/// ask for RDF get the dataset's own DCAT-AP-SE description at the same IRI (content negotiation, Vary: Accept).
/// </summary>
public sealed class DatasetModel(DatasetPageLoader loader, IOptions<PlatformOptions> platform, IOptions<WebOptions> web) : PageModel
{
    private static readonly string[] RdfMediaTypes = ["rdf+xml", "text/turtle", "ld+json", "n-triples"];

    public DatasetPageData? Data { get; private set; }

    /// <summary>Set for a harvested catalogue record published without data of ours.</summary>
    public CatalogueRecordPage? Record { get; private set; }

    /// <summary>Set when the dataset was withdrawn: the page answers 410 Gone and points to the organisation.</summary>
    public WithdrawnDatasetPage? Withdrawn { get; private set; }
    public string BaseUrl { get; private set; } = "";
    public string? MapTileUrl => web.Value.MapTileUrl;

    public async Task<IActionResult> OnGetAsync(string org, string dataset, CancellationToken ct)
    {
        var accept = Request.Headers.Accept.ToString();
        if (RdfMediaTypes.Any(t => accept.Contains(t, StringComparison.OrdinalIgnoreCase)) && !accept.Contains("text/html", StringComparison.OrdinalIgnoreCase))
        {
            // Content negotiation at the IRI itself: the dataset's own description, not its organisation's catalogue.
            if (RdfSerializations.Negotiate(accept) is { } format && await DcatEndpoints.ServeDatasetAsync(HttpContext, org, dataset, format))
                return new EmptyResult();
            return await loader.WithdrawnAsync(org, dataset, ct) is null ? NotFound() : StatusCode(StatusCodes.Status410Gone);
        }
        Data = await loader.LoadAsync(org, dataset, ct);
        Record = Data is null ? await loader.LoadRecordAsync(org, dataset, ct) : null;
        if (Record is not null)
        {
            await loader.CountViewAsync(Record.Dataset.Id, ct);
            return Page();
        }
        if (Data is null)
        {
            Withdrawn = await loader.WithdrawnAsync(org, dataset, ct);
            if (Withdrawn is null) return NotFound();
            Response.StatusCode = StatusCodes.Status410Gone;
            return Page();
        }
        BaseUrl = platform.Value.ResolveBaseUrl(Request);
        await loader.CountViewAsync(Data.Dataset.Id, ct);
        return Page();
    }
}
