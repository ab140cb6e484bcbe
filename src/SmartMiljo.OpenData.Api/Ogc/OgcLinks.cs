using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SmartMiljo.OpenData.Api.Ogc;

/// <summary>A link of an OGC API response.</summary>
public sealed record OgcLink(string Href, string Rel, string Type, string Title);

/// <summary>The addresses of the service, absolute from the platform's public base URL (never the client's Host).</summary>
public sealed class OgcAddresses(string root)
{
    public const string GeoJson = "application/geo+json";
    public const string Json = "application/json";
    public const string Html = "text/html";
    public const string SchemaJson = "application/schema+json";

    public static OgcAddresses For(HttpRequest request)
    {
        var platform = request.HttpContext.RequestServices.GetService<IOptions<PlatformOptions>>()?.Value ?? new PlatformOptions();
        return new OgcAddresses(platform.ResolveBaseUrl(request) + OgcEndpoints.Prefix);
    }

    public string Root => root;
    public string Landing(string f) => $"{root}?f={f}";
    public string Conformance(string f) => $"{root}/conformance?f={f}";
    public string Collections(string f) => $"{root}/collections?f={f}";
    public string Collection(string id, string f) => $"{root}/collections/{Uri.EscapeDataString(id)}?f={f}";
    public string Queryables(string id, string f) => $"{root}/collections/{Uri.EscapeDataString(id)}/queryables?f={f}";
    public string Items(string id, string f) => $"{root}/collections/{Uri.EscapeDataString(id)}/items?f={f}";
    public string Item(string id, string featureId, string f) =>
        $"{root}/collections/{Uri.EscapeDataString(id)}/items/{Uri.EscapeDataString(featureId)}?f={f}";

    /// <summary>This request's items address with <c>f</c> (and the cursor) replaced.</summary>
    public string ItemsWith(string id, IQueryCollection query, string f, string? cursor)
    {
        var url = $"{root}/collections/{Uri.EscapeDataString(id)}/items";
        var parameters = query.Where(kv => kv.Key is not ("f" or "cursor"))
            .Select(kv => new KeyValuePair<string, string?>(kv.Key, kv.Value.ToString()))
            .Append(new("f", f));
        if (cursor is not null) parameters = parameters.Append(new("cursor", cursor));
        return QueryHelpers.AddQueryString(url, parameters);
    }

    public static void Write(Utf8JsonWriter json, IEnumerable<OgcLink> links)
    {
        json.WriteStartArray("links");
        foreach (var link in links)
        {
            json.WriteStartObject();
            json.WriteString("href", link.Href);
            json.WriteString("rel", link.Rel);
            json.WriteString("type", link.Type);
            json.WriteString("title", link.Title);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }
}
