using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using SmartMiljo.OpenData.Rdf;
using SmartMiljo.OpenData.Rdf.Parsing;
using SmartMiljo.OpenData.Rdf.Writing;

namespace SmartMiljo.OpenData.Web.Tests;

/// <summary>
/// The addresses the DCAT feed and search engines follow: a dataset's IRI answers RDF with its own description,
/// an organisation's IRI resolves, dataset pages carry schema.org JSON-LD, and the sitemap lists them.
/// </summary>
[Collection(WebPlatformCollection.Name)]
public sealed class FeedAddressTests(WebPlatform platform)
{
    private async Task<HttpResponseMessage> GetAsync(string path, string accept)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        return await platform.Http.SendAsync(request);
    }

    [Fact]
    public async Task A_dataset_IRI_asked_for_RDF_answers_its_own_description()
    {
        var response = await GetAsync("/datasets/exempelkommun/badplatser", "text/turtle");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/turtle", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("Accept", response.Headers.Vary);
        var graph = RdfParser.Load(await response.Content.ReadAsStreamAsync(), RdfSerialization.Turtle);

        var dataset = Assert.IsType<Iri>(Assert.Single(graph.InstancesOf(Vocab.Dcat.Dataset)));
        Assert.EndsWith("/datasets/exempelkommun/badplatser", dataset.Value);
        Assert.Empty(graph.InstancesOf(Vocab.Dcat.Catalog)); // not the organisation's catalogue
        Assert.False(graph.HasType(dataset, Vocab.Foaf.Document));
        Assert.NotEmpty(graph.Objects(dataset, Vocab.Dcat.DistributionProperty));
        Assert.NotEmpty(graph.Objects(dataset, Vocab.Dct.Temporal));
        // The specification as dataportal.se registers it, matched exactly there.
        Assert.Contains(Iri.Create("https://dataportal.se/specifications/badplatser/1.0"), graph.Objects(dataset, Vocab.Dct.ConformsTo));

        // The same description in RDF/XML; a person still gets the page; an unknown dataset is 404.
        var xml = await GetAsync("/datasets/exempelkommun/badplatser", "application/rdf+xml");
        Assert.Equal("application/rdf+xml", xml.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/datasets/exempelkommun/badplatser", "text/html")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync("/datasets/exempelkommun/finns-inte", "text/turtle")).StatusCode);
    }

    [Fact]
    public async Task The_organisation_IRI_the_feed_uses_resolves_for_people_and_machines()
    {
        var page = await GetAsync("/organisations/exempelkommun", "text/html");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Exempelkommun", await page.Content.ReadAsStringAsync());

        var rdf = await GetAsync("/organisations/exempelkommun", "text/turtle");
        Assert.Equal(HttpStatusCode.SeeOther, rdf.StatusCode);
        Assert.Equal("/datasets/dcat/exempelkommun", rdf.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync("/organisations/okand", "text/html")).StatusCode);

        // The contact IRI the catalogue gives is under that address.
        var catalogue = await (await GetAsync("/datasets/dcat/exempelkommun", "text/turtle")).Content.ReadAsStringAsync();
        Assert.Contains("/organisations/exempelkommun", catalogue);
    }

    [Fact]
    public async Task Dataset_pages_carry_schema_org_JSON_LD_and_the_sitemap_lists_them()
    {
        var html = await (await GetAsync("/datasets/exempelkommun/badplatser", "text/html")).Content.ReadAsStringAsync();
        var start = html.IndexOf("id=\"schema-org\"", StringComparison.Ordinal);
        Assert.True(start >= 0, "The dataset page has no schema.org JSON-LD: " + html[..Math.Min(html.Length, 3000)]);
        start = html.IndexOf('>', start) + 1;
        var json = JsonDocument.Parse(html[start..html.IndexOf("</script>", start, StringComparison.Ordinal)]).RootElement;
        Assert.Equal("Dataset", json.GetProperty("@type").GetString());
        Assert.Equal("Badplatser i Exempelkommun", json.GetProperty("name").GetString());
        Assert.Equal("Exempelkommun", json.GetProperty("publisher").GetProperty("name").GetString());
        Assert.StartsWith("2020-01-01/", json.GetProperty("temporalCoverage").GetString());
        Assert.Contains(json.GetProperty("distribution").EnumerateArray(), d => d.GetProperty("contentUrl").GetString()!.EndsWith("/download/exempelkommun/badplatser.csv"));

        var sitemap = await GetAsync("/sitemap.xml", "application/xml");
        Assert.Equal(HttpStatusCode.OK, sitemap.StatusCode);
        var urls = XDocument.Parse(await sitemap.Content.ReadAsStringAsync()).Descendants(XName.Get("loc", "http://www.sitemaps.org/schemas/sitemap/0.9"))
            .Select(e => e.Value).ToList();
        Assert.Contains(urls, u => u.EndsWith("/datasets/exempelkommun/badplatser"));
        Assert.Contains(urls, u => u.EndsWith("/datasets/exempelkommun/utegym"));

        var robots = await (await GetAsync("/robots.txt", "text/plain")).Content.ReadAsStringAsync();
        Assert.Contains("Disallow: /publicera", robots);
        Assert.Matches(@"Sitemap: https?://[^\s]+/sitemap\.xml", robots);
    }
}
