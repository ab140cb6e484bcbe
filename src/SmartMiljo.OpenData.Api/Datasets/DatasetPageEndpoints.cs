using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using SmartMiljo.OpenData.Core.Ports;

namespace SmartMiljo.OpenData.Api.Datasets;

/// <summary>
/// The page behind every dataset IRI (<c>/datasets/{org}/{dataset}</c>), so the IRIs in DCAT resolve for
/// people; machines asking for RDF are sent to the DCAT document.
/// </summary>
public static class DatasetPageEndpoints
{
    public static IEndpointRouteBuilder MapDatasetPageEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/datasets/{org}/{dataset}", async (string org, string dataset, HttpContext http, IPublishedDatasets published,
            IOptions<PlatformOptions> platform, CancellationToken ct) =>
        {
            var found = await published.FindAsync(org, dataset, ct);
            if (found is null)
                return Results.Problem(statusCode: 404, title: "Not Found", detail: $"No published dataset '{dataset}' for '{org}'.");
            var accept = http.Request.Headers.Accept.ToString();
            if (accept.Contains("rdf+xml") || accept.Contains("text/turtle") || accept.Contains("ld+json") || accept.Contains("n-triples"))
                return Results.Redirect($"/datasets/dcat/{Uri.EscapeDataString(org)}", permanent: false);
            return Results.Content(Render(found, platform.Value.ResolveBaseUrl(http.Request)), "text/html; charset=utf-8");
        }).WithName("DatasetPage").WithTags("Catalogue");
        return app;
    }

    private static string Render(PublishedDataset d, string baseUrl)
    {
        var h = HtmlEncoder.Default;
        var odata = $"{baseUrl}/odata/{d.OrganisationSlug}/{Core.Tabular.TableLayout.ToIdentifier(d.DatasetSlug)}";
        var sb = new StringBuilder();
        sb.Append("<!doctype html><html lang=\"sv\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        sb.Append($"<title>{h.Encode(d.Title)} – {h.Encode(d.OrganisationName)}</title></head><body><main>");
        sb.Append($"<h1>{h.Encode(d.Title)}</h1><p>{h.Encode(d.Description ?? "")}</p>");
        sb.Append($"<p>Utgivare: {h.Encode(d.OrganisationName)} · Version {d.VersionNumber} · {d.RowCount:N0} rader · publicerad {d.PublishedAt:yyyy-MM-dd HH:mm} UTC</p>");
        sb.Append("<h2>Ladda ner</h2><ul>");
        foreach (var dist in d.Distributions)
            sb.Append($"<li><a href=\"{h.Encode($"{baseUrl}/download/{d.OrganisationSlug}/{d.DatasetSlug}.{dist.Format}")}\">{h.Encode(dist.Format.ToUpperInvariant())}</a> ({dist.ByteSize:N0} byte)</li>");
        sb.Append("</ul><h2>API</h2>");
        sb.Append($"<p>OData: <code>{h.Encode(odata)}</code> (fungerar i Excel och Power BI som OData-flöde).</p>");
        sb.Append($"<p>Metadata (DCAT-AP-SE): <a href=\"{h.Encode($"{baseUrl}/datasets/dcat/{d.OrganisationSlug}")}\">RDF/XML</a></p>");
        sb.Append("<h2>Kolumner</h2><table><thead><tr><th>Namn</th><th>Typ</th><th>Beskrivning</th></tr></thead><tbody>");
        foreach (var f in d.Schema.Fields)
            sb.Append($"<tr><td>{h.Encode(f.Name)}</td><td>{h.Encode(Core.Schemas.FieldTypeClr.TableSchemaName(f.Type))}</td><td>{h.Encode(f.Description ?? f.Title ?? "")}</td></tr>");
        sb.Append("</tbody></table></main></body></html>");
        return sb.ToString();
    }
}
