using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;

namespace SmartMiljo.OpenData.Web.Catalogue;

/// <summary>
/// What search engines read: a schema.org <c>Dataset</c> in JSON-LD on each dataset page (Google Dataset Search
/// and others index it), and the sitemap that lists those pages.
/// </summary>
public static class SearchEngineDescriptions
{
    /// <summary>The page's schema.org description; the serializer escapes <c>&lt;</c>, so it is safe inside a script element.</summary>
    public static string DatasetJsonLd(DatasetPageData data, string baseUrl)
    {
        var d = data.Dataset;
        var page = baseUrl + Core.Catalogue.PublicUrls.Relative.DatasetPage(data.Published.OrganisationSlug, data.Published.DatasetSlug);
        var json = new JsonObject
        {
            ["@context"] = "https://schema.org/",
            ["@type"] = "Dataset",
            ["@id"] = page,
            ["url"] = page,
            ["name"] = d.Title,
            ["description"] = string.IsNullOrWhiteSpace(d.Description) ? d.Title : d.Description,
            ["inLanguage"] = "sv",
            ["isAccessibleForFree"] = d.AccessRights is null or "PUBLIC",
            ["publisher"] = new JsonObject
            {
                ["@type"] = "Organization",
                ["name"] = data.Organisation.Name,
                ["url"] = data.Organisation.Homepage ?? baseUrl + "/organisationer/" + data.Organisation.Slug,
            },
        };
        if (d.Identifier is { Length: > 0 } identifier) json["identifier"] = identifier;
        var keywords = d.Keywords.Concat(d.KeywordsEn).Distinct(StringComparer.Ordinal).ToList();
        if (keywords.Count > 0) json["keywords"] = new JsonArray([.. keywords.Select(k => (JsonNode)k)]);
        if (d.License is { Length: > 0 } license) json["license"] = license;
        if (d.TemporalStart is not null || d.TemporalEnd is not null)
            json["temporalCoverage"] = $"{Day(d.TemporalStart) ?? ".."}/{Day(d.TemporalEnd) ?? ".."}";
        if (d.Spatial.Count > 0) json["spatialCoverage"] = new JsonArray([.. d.Spatial.Select(s => (JsonNode)new JsonObject { ["@type"] = "Place", ["@id"] = s })]);
        if (d.Issued is { } issued) json["datePublished"] = issued.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if ((d.Modified ?? data.Published.PublishedAt) is { } modified) json["dateModified"] = modified.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (d.LandingPage is { Length: > 0 } landing) json["sameAs"] = landing;
        json["distribution"] = new JsonArray([.. data.Published.Distributions.Select(x => (JsonNode)new JsonObject
        {
            ["@type"] = "DataDownload",
            ["encodingFormat"] = x.MediaType,
            ["contentUrl"] = baseUrl + data.DownloadUrl(x.Format),
            ["contentSize"] = x.ByteSize.ToString(CultureInfo.InvariantCulture) + " B",
        })]);
        return json.ToJsonString();
    }

    /// <summary>A sitemap (sitemaps.org 0.9) of the catalogue's public pages: the start page, organisations and datasets.</summary>
    public static string Sitemap(string baseUrl, IReadOnlyList<CatalogueEntry> datasets)
    {
        var text = new StringBuilder();
        using (var xml = XmlWriter.Create(text, new XmlWriterSettings { Indent = true, OmitXmlDeclaration = false }))
        {
            xml.WriteStartElement("urlset", "http://www.sitemaps.org/schemas/sitemap/0.9");
            void Url(string location, DateTimeOffset? modified)
            {
                xml.WriteStartElement("url");
                xml.WriteElementString("loc", location);
                if (modified is { } m) xml.WriteElementString("lastmod", m.ToUniversalTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                xml.WriteEndElement();
            }
            Url(baseUrl + "/", null);
            foreach (var organisation in datasets.Select(d => d.OrganisationSlug).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
                Url(baseUrl + "/organisationer/" + organisation, null);
            foreach (var d in datasets.OrderBy(d => d.OrganisationSlug, StringComparer.Ordinal).ThenBy(d => d.Slug, StringComparer.Ordinal))
                Url(baseUrl + Core.Catalogue.PublicUrls.Relative.DatasetPage(d.OrganisationSlug, d.Slug), d.PublishedAt);
            xml.WriteEndElement();
        }
        // StringBuilder output says UTF-16 in the declaration; the response is UTF-8.
        return text.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal);
    }

    /// <summary>robots.txt: everything public may be crawled, the publishing and administration pages not.</summary>
    public static string Robots(string baseUrl) =>
        $"User-agent: *\nDisallow: /publicera\nDisallow: /admin\nDisallow: /konto\nDisallow: /api/admin\nDisallow: /hangfire\nAllow: /\n\nSitemap: {baseUrl}/sitemap.xml\n";

    private static string? Day(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
