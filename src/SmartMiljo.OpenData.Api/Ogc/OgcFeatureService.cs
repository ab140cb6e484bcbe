using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using NetTopologySuite.Geometries;
using SmartMiljo.OpenData.Api.OData.Http;
using SmartMiljo.OpenData.Api.OData.Model;
using SmartMiljo.OpenData.Api.OData.Sql;
using SmartMiljo.OpenData.Core.Ports;
using SmartMiljo.OpenData.Core.Schemas;
using SmartMiljo.OpenData.Core.Tabular;

namespace SmartMiljo.OpenData.Api.Ogc;

/// <summary>
/// Serves one OGC API Features request, as JSON (GeoJSON for features) or HTML (<c>f=</c> or Accept).
/// Longer than our usual file: each resource of the standard (landing page, conformance, collections, one collection,
/// queryables, items, one item) is answered here in both encodings, with the paging and links they share.
/// </summary>
public sealed class OgcFeatureService(
    HttpContext context,
    IPublishedDatasets published,
    ODataModelProvider models,
    RowQueryExecutor executor,
    CollectionExtents extents)
{
    public static readonly IReadOnlyList<string> ConformanceClasses =
    [
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
    ];

    private const string ServiceTitle = "SmartMiljö OpenData – OGC API Features";

    private static readonly GeometryFactory Wgs84 = new(new PrecisionModel(), 4326);

    private HttpRequest Request => context.Request;
    private HttpResponse Response => context.Response;
    private CancellationToken Aborted => context.RequestAborted;
    private readonly OgcAddresses _urls = OgcAddresses.For(context.Request);
    private bool English => Request.Headers.AcceptLanguage.ToString().StartsWith("en", StringComparison.OrdinalIgnoreCase);

    // ---------------------------------------------------------------- landing page and conformance

    public async Task LandingAsync()
    {
        var html = WantsHtml();
        OgcLink[] links =
        [
            new(_urls.Landing(html ? "html" : "json"), "self", html ? OgcAddresses.Html : OgcAddresses.Json, "This document"),
            new(_urls.Landing(html ? "json" : "html"), "alternate", html ? OgcAddresses.Json : OgcAddresses.Html, html ? "This document as JSON" : "This document as HTML"),
            new(_urls.Landing("html"), "service-doc", OgcAddresses.Html, "The API described for people (this page as HTML)"),
            new(_urls.Conformance("json"), "conformance", OgcAddresses.Json, "Conformance classes implemented by this server"),
            new(_urls.Collections("json"), "data", OgcAddresses.Json, "The feature collections (published datasets with positions)"),
        ];
        const string description = "Varje publicerad datamängd med positioner som en samling geoobjekt (GeoJSON, WGS 84). "
                                   + "Every published dataset with positions as a feature collection (GeoJSON, WGS 84).";
        if (html)
        {
            await WriteHtmlAsync(ServiceTitle, page => page
                .Paragraph(description)
                .Links(links.Skip(3)));
            return;
        }
        await WriteJsonAsync(OgcAddresses.Json, json =>
        {
            json.WriteString("title", ServiceTitle);
            json.WriteString("description", description);
            OgcAddresses.Write(json, links);
        });
    }

    public async Task ConformanceAsync()
    {
        if (WantsHtml())
        {
            await WriteHtmlAsync("Conformance", page => page.List(ConformanceClasses));
            return;
        }
        await WriteJsonAsync(OgcAddresses.Json, json =>
        {
            json.WriteStartArray("conformsTo");
            foreach (var c in ConformanceClasses) json.WriteStringValue(c);
            json.WriteEndArray();
        });
    }

    // ---------------------------------------------------------------- collections

    public async Task CollectionsAsync()
    {
        var collections = await CollectionsOfAllAsync();
        var described = new List<(FeatureCollection Collection, double[]? Extent)>();
        foreach (var collection in collections) described.Add((collection, await extents.GetAsync(collection, executor, Aborted)));
        var html = WantsHtml();
        if (html)
        {
            await WriteHtmlAsync("Collections", page => page.Links(described.Select(d =>
                new OgcLink(_urls.Collection(d.Collection.Id, "html"), "item", OgcAddresses.Html, Title(d.Collection)))));
            return;
        }
        await WriteJsonAsync(OgcAddresses.Json, json =>
        {
            OgcAddresses.Write(json,
            [
                new(_urls.Collections("json"), "self", OgcAddresses.Json, "This document"),
                new(_urls.Collections("html"), "alternate", OgcAddresses.Html, "This document as HTML"),
            ]);
            json.WriteStartArray("collections");
            foreach (var (collection, extent) in described) WriteCollection(json, collection, extent);
            json.WriteEndArray();
        });
    }

    public async Task CollectionAsync(string id)
    {
        var collection = await FindAsync(id);
        var extent = await extents.GetAsync(collection, executor, Aborted);
        if (WantsHtml())
        {
            await WriteHtmlAsync(Title(collection), page => page
                .Paragraph(Description(collection))
                .Paragraph(extent is null ? "" : string.Create(CultureInfo.InvariantCulture,
                    $"Utbredning / extent (CRS84): {extent[0]}, {extent[1]} – {extent[2]}, {extent[3]}"))
                .Links(CollectionLinks(collection).Where(l => l.Rel != "self")));
            return;
        }
        await WriteJsonAsync(OgcAddresses.Json, json => WriteCollectionBody(json, collection, extent));
    }

    private void WriteCollection(Utf8JsonWriter json, FeatureCollection collection, double[]? extent)
    {
        json.WriteStartObject();
        WriteCollectionBody(json, collection, extent);
        json.WriteEndObject();
    }

    private void WriteCollectionBody(Utf8JsonWriter json, FeatureCollection collection, double[]? extent)
    {
        json.WriteString("id", collection.Id);
        json.WriteString("title", Title(collection));
        if (Description(collection) is { Length: > 0 } description) json.WriteString("description", description);
        json.WriteString("itemType", "feature");
        json.WriteStartArray("crs");
        json.WriteStringValue(FeatureRequestReader.Crs84);
        json.WriteEndArray();
        json.WriteString("storageCrs", FeatureRequestReader.Crs84);
        json.WriteStartObject("extent");
        json.WriteStartObject("spatial");
        json.WriteStartArray("bbox");
        json.WriteStartArray();
        foreach (var v in extent ?? [-180, -90, 180, 90]) json.WriteNumberValue(v);
        json.WriteEndArray();
        json.WriteEndArray();
        json.WriteString("crs", FeatureRequestReader.Crs84);
        json.WriteEndObject();
        json.WriteEndObject();
        OgcAddresses.Write(json, CollectionLinks(collection));
    }

    private IEnumerable<OgcLink> CollectionLinks(FeatureCollection collection)
    {
        var dataset = collection.Set.Dataset;
        var urls = new Core.Catalogue.PublicUrls(_urls.Root[..^OgcEndpoints.Prefix.Length]);
        return
        [
            new(_urls.Collection(collection.Id, "json"), "self", OgcAddresses.Json, "This collection"),
            new(_urls.Collection(collection.Id, "html"), "alternate", OgcAddresses.Html, "This collection as HTML"),
            new(_urls.Items(collection.Id, "json"), "items", OgcAddresses.GeoJson, "The features as GeoJSON"),
            new(_urls.Items(collection.Id, "html"), "items", OgcAddresses.Html, "The features as HTML"),
            new(_urls.Queryables(collection.Id, "json"), "http://www.opengis.net/def/rel/ogc/1.0/queryables", OgcAddresses.SchemaJson,
                "The properties that can be filtered on"),
            new(urls.DatasetPage(dataset.OrganisationSlug, dataset.DatasetSlug), "describedby", OgcAddresses.Html, "The dataset's page"),
            new(urls.ODataEntitySet(dataset.OrganisationSlug, dataset.DatasetSlug), "alternate", OgcAddresses.Json, "The same rows in OData"),
        ];
    }

    public async Task QueryablesAsync(string id)
    {
        var collection = await FindAsync(id);
        if (WantsHtml())
        {
            await WriteHtmlAsync("Queryables: " + Title(collection), page => page.List(collection.Properties.Select(p =>
                $"{p.Name}: {FeatureRequestReader.TypeText(p.Type)}{(FieldOf(collection, p) is { } f && Describe(f) is { } d ? " — " + d : "")}")));
            return;
        }
        await WriteJsonAsync(OgcAddresses.SchemaJson, json =>
        {
            json.WriteString("$schema", "https://json-schema.org/draft/2020-12/schema");
            json.WriteString("$id", _urls.Queryables(collection.Id, "json"));
            json.WriteString("type", "object");
            json.WriteString("title", Title(collection));
            json.WriteStartObject("properties");
            foreach (var property in collection.Properties)
            {
                json.WriteStartObject(property.Name);
                var field = FieldOf(collection, property);
                // The source's header (or the schema's title): the label of the identifier every format uses.
                if ((field?.Title ?? field?.Name) is { Length: > 0 } title) json.WriteString("title", title);
                if (field is not null && Describe(field) is { } description) json.WriteString("description", description);
                var (type, format) = JsonSchemaType(property.Type);
                json.WriteString("type", type);
                if (format is not null) json.WriteString("format", format);
                json.WriteEndObject();
            }
            json.WriteEndObject();
            json.WriteBoolean("additionalProperties", false);
        });
    }

    // ---------------------------------------------------------------- features

    public async Task ItemsAsync(string id)
    {
        var collection = await FindAsync(id);
        var html = WantsHtml();
        var request = FeatureRequestReader.Read(Request.Query, collection, executor.Syntax);
        var query = FeatureQuery.Build(collection, executor.Syntax, request);
        var matched = query.CountSql is null
            ? collection.Set.Dataset.RowCount
            : await executor.ExecuteCountAsync(query.CountSql, query.CountParameters!, Aborted);

        await using var lease = await executor.ExecuteReaderAsync(query.RowsSql, query.RowsParameters, Aborted);
        var writer = new RowValueWriter(executor.Syntax.Format, ieee754Compatible: false);
        Response.Headers["Content-Crs"] = "<" + FeatureRequestReader.Crs84 + ">";
        if (html)
        {
            await WriteFeatureTableAsync(collection, query, lease, writer, request, matched);
            return;
        }
        Response.ContentType = OgcAddresses.GeoJson;
        await using var json = new Utf8JsonWriter(Response.Body);
        json.WriteStartObject();
        json.WriteString("type", "FeatureCollection");
        json.WriteStartArray("features");
        var returned = 0;
        long? lastRow = null;
        var more = false;
        while (await executor.ReadAsync(lease))
        {
            if (returned == request.Limit) { more = true; break; }
            WriteFeature(json, collection, query, lease.Reader, writer, links: false);
            lastRow = lease.Reader.GetInt64(query.RowNumberOrdinal);
            returned++;
            if (json.BytesPending > 32 * 1024) await json.FlushAsync(Aborted);
        }
        json.WriteEndArray();
        json.WriteNumber("numberMatched", matched);
        json.WriteNumber("numberReturned", returned);
        var links = new List<OgcLink>
        {
            new(_urls.ItemsWith(collection.Id, Request.Query, "json", Request.Query["cursor"].FirstOrDefault()), "self", OgcAddresses.GeoJson, "This page"),
            new(_urls.ItemsWith(collection.Id, Request.Query, "html", Request.Query["cursor"].FirstOrDefault()), "alternate", OgcAddresses.Html, "This page as HTML"),
            new(_urls.Collection(collection.Id, "json"), "collection", OgcAddresses.Json, "The collection"),
        };
        if (more && lastRow is { } last)
            links.Add(new(_urls.ItemsWith(collection.Id, Request.Query, "json", FeatureCursor.Encode(collection, last)), "next", OgcAddresses.GeoJson, "The next page"));
        OgcAddresses.Write(json, links);
        json.WriteEndObject();
    }

    public async Task ItemAsync(string id, string featureId)
    {
        var collection = await FindAsync(id);
        var key = FeatureRequestReader.ParseId(featureId, collection, executor.Syntax)
                  ?? throw OgcException.NotFound($"'{featureId}' is not a feature of '{collection.Id}'.");
        var query = FeatureQuery.ById(collection, executor.Syntax, key);
        await using var lease = await executor.ExecuteReaderAsync(query.RowsSql, query.RowsParameters, Aborted);
        if (!await executor.ReadAsync(lease)) throw OgcException.NotFound($"'{featureId}' is not a feature of '{collection.Id}'.");
        var writer = new RowValueWriter(executor.Syntax.Format, ieee754Compatible: false);
        Response.Headers["Content-Crs"] = "<" + FeatureRequestReader.Crs84 + ">";
        if (WantsHtml())
        {
            var values = collection.Properties.Select((p, i) => (p.Name, Text(lease.Reader, writer, p, OrdinalOf(collection, p)))).ToList();
            var geometry = GeometryOf(collection, query, lease.Reader, executor.Syntax.Format);
            await WriteHtmlAsync(Title(collection) + ": " + featureId, page => page
                .Table(["Egenskap / property", "Värde / value"], values.Select(v => new[] { v.Name, v.Item2 ?? "" })
                    .Append(["geometry", geometry?.AsText() ?? ""]))
                .Links([new(_urls.Item(collection.Id, featureId, "json"), "alternate", OgcAddresses.GeoJson, "This feature as GeoJSON"),
                    new(_urls.Collection(collection.Id, "html"), "collection", OgcAddresses.Html, "The collection")]));
            return;
        }
        Response.ContentType = OgcAddresses.GeoJson;
        await using var json = new Utf8JsonWriter(Response.Body);
        WriteFeature(json, collection, query, lease.Reader, writer, links: true, featureId);
    }

    private void WriteFeature(Utf8JsonWriter json, FeatureCollection collection, FeatureQuery query, System.Data.Common.DbDataReader reader,
        RowValueWriter writer, bool links, string? featureId = null)
    {
        json.WriteStartObject();
        json.WriteString("type", "Feature");
        json.WritePropertyName("id");
        if (collection.Identifier == collection.Set.RowNumber) json.WriteNumberValue(reader.GetInt64(query.RowNumberOrdinal));
        else writer.WriteValue(json, reader, collection.Identifier, OrdinalOf(collection, collection.Identifier));
        json.WritePropertyName("geometry");
        GeometryText.WriteGeoJsonOrNull(json, GeometryOf(collection, query, reader, executor.Syntax.Format));
        json.WriteStartObject("properties");
        var ordinal = 0;
        foreach (var property in collection.Properties)
        {
            json.WritePropertyName(property.JsonName);
            writer.WriteValue(json, reader, property, ordinal);
            ordinal += property.SelectColumns.Count();
        }
        json.WriteEndObject();
        if (links && featureId is not null)
            OgcAddresses.Write(json,
            [
                new(_urls.Item(collection.Id, featureId, "json"), "self", OgcAddresses.GeoJson, "This feature"),
                new(_urls.Item(collection.Id, featureId, "html"), "alternate", OgcAddresses.Html, "This feature as HTML"),
                new(_urls.Collection(collection.Id, "json"), "collection", OgcAddresses.Json, "The collection"),
            ]);
        json.WriteEndObject();
    }

    /// <summary>The row's geometry as a NetTopologySuite geometry in WGS 84; null without a valid position.</summary>
    private static Geometry? GeometryOf(FeatureCollection collection, FeatureQuery query, System.Data.Common.DbDataReader reader, IRowFormat format)
    {
        var at = query.GeometryOrdinal;
        double latitude, longitude;
        if (collection.Geometry.Source == PropertySource.Location)
        {
            if (reader.IsDBNull(at) || reader.IsDBNull(at + 1)) return null;
            (latitude, longitude) = (reader.GetDouble(at), reader.GetDouble(at + 1));
        }
        else
        {
            if (reader.IsDBNull(at) || format.Read(reader, at, FieldType.GeoPoint) is not GeoPoint point) return null;
            (latitude, longitude) = (point.Latitude, point.Longitude);
        }
        if (latitude is < -90 or > 90 || longitude is < -180 or > 180 || !double.IsFinite(latitude) || !double.IsFinite(longitude)) return null;
        return Wgs84.CreatePoint(new Coordinate(longitude, latitude));
    }

    private static int OrdinalOf(FeatureCollection collection, PropertyBinding property)
    {
        var ordinal = 0;
        foreach (var p in collection.Properties)
        {
            if (p == property) return ordinal;
            ordinal += p.SelectColumns.Count();
        }
        throw new InvalidOperationException($"'{property.Name}' is not a property of '{collection.Id}'.");
    }

    private static string? Text(System.Data.Common.DbDataReader reader, RowValueWriter writer, PropertyBinding property, int ordinal) =>
        writer.RawValue(reader, property, ordinal);

    private async Task WriteFeatureTableAsync(FeatureCollection collection, FeatureQuery query, RowReaderLease lease, RowValueWriter writer,
        FeatureRequest request, long matched)
    {
        var rows = new List<string[]>();
        long? lastRow = null;
        var more = false;
        while (await executor.ReadAsync(lease))
        {
            if (rows.Count == request.Limit) { more = true; break; }
            var id = collection.Identifier == collection.Set.RowNumber
                ? lease.Reader.GetInt64(query.RowNumberOrdinal).ToString(CultureInfo.InvariantCulture)
                : Text(lease.Reader, writer, collection.Identifier, OrdinalOf(collection, collection.Identifier)) ?? "";
            var geometry = GeometryOf(collection, query, lease.Reader, executor.Syntax.Format);
            rows.Add([id, .. collection.Properties.Select(p => Text(lease.Reader, writer, p, OrdinalOf(collection, p)) ?? ""), geometry?.AsText() ?? ""]);
            lastRow = lease.Reader.GetInt64(query.RowNumberOrdinal);
        }
        var links = new List<OgcLink>
        {
            new(_urls.ItemsWith(collection.Id, Request.Query, "json", Request.Query["cursor"].FirstOrDefault()), "alternate", OgcAddresses.GeoJson, "This page as GeoJSON"),
            new(_urls.Collection(collection.Id, "html"), "collection", OgcAddresses.Html, "The collection"),
        };
        if (more && lastRow is { } last)
            links.Add(new(_urls.ItemsWith(collection.Id, Request.Query, "html", FeatureCursor.Encode(collection, last)), "next", OgcAddresses.Html, "Nästa sida / next page"));
        await WriteHtmlAsync(Title(collection), page => page
            .Paragraph(string.Create(CultureInfo.InvariantCulture, $"{rows.Count} av {matched} geoobjekt / {rows.Count} of {matched} features"))
            .Table(["id", .. collection.Properties.Select(p => p.Name), "geometry"], rows)
            .Links(links));
    }

    // ---------------------------------------------------------------- helpers

    private async Task<IReadOnlyList<FeatureCollection>> CollectionsOfAllAsync()
    {
        var datasets = await published.ListAsync(null, Aborted);
        var model = models.GetModel(null, datasets);
        return model.EntitySets.Select(FeatureCollection.Of).OfType<FeatureCollection>().ToList();
    }

    private async Task<FeatureCollection> FindAsync(string id) =>
        (await CollectionsOfAllAsync()).FirstOrDefault(c => string.Equals(c.Id, id, StringComparison.Ordinal))
        ?? throw OgcException.NotFound($"There is no collection '{id}'. The collections are listed at {_urls.Collections("json")}.");

    private string Title(FeatureCollection collection)
    {
        var dataset = collection.Set.Dataset;
        return English && dataset.TitleEn is { Length: > 0 } en ? en : dataset.Title;
    }

    private string? Description(FeatureCollection collection)
    {
        var dataset = collection.Set.Dataset;
        return English && dataset.DescriptionEn is { Length: > 0 } en ? en : dataset.Description;
    }

    private string? Describe(FieldDefinition field) =>
        English ? field.DescriptionEn ?? field.TitleEn ?? field.Description : field.Description ?? field.Title;

    private static FieldDefinition? FieldOf(FeatureCollection collection, PropertyBinding property)
    {
        var layout = collection.Set.Dataset.Layout;
        for (var i = 0; i < layout.ColumnNames.Count; i++)
            if (layout.ColumnNames[i] == property.Column) return collection.Set.Dataset.Schema.Fields[i];
        return null;
    }

    private static (string Type, string? Format) JsonSchemaType(FieldType type) => type switch
    {
        FieldType.Integer or FieldType.Year => ("integer", null),
        FieldType.Number or FieldType.Decimal => ("number", null),
        FieldType.Boolean => ("boolean", null),
        FieldType.Date => ("string", "date"),
        FieldType.DateTime => ("string", "date-time"),
        FieldType.Time => ("string", "time"),
        _ => ("string", null),
    };

    /// <summary><c>f=json</c> or <c>f=html</c> decides; without it, a browser (asking for HTML and not JSON) gets HTML.</summary>
    private bool WantsHtml()
    {
        var f = Request.Query["f"];
        if (f.Count > 0)
        {
            return f.ToString() switch
            {
                "html" => true,
                "json" or "geojson" => false,
                _ => throw OgcException.BadRequest("f is json or html.", "f"),
            };
        }
        var accept = Request.Headers.Accept.ToString();
        return accept.Contains("text/html", StringComparison.OrdinalIgnoreCase) && !accept.Contains("json", StringComparison.OrdinalIgnoreCase);
    }

    private async Task WriteJsonAsync(string mediaType, Action<Utf8JsonWriter> body)
    {
        Response.ContentType = mediaType;
        await using var json = new Utf8JsonWriter(Response.Body);
        json.WriteStartObject();
        body(json);
        json.WriteEndObject();
    }

    private async Task WriteHtmlAsync(string title, Action<HtmlPage> body)
    {
        Response.ContentType = "text/html; charset=utf-8";
        var page = new HtmlPage(title);
        body(page);
        await Response.WriteAsync(page.ToString(), Aborted);
    }
}
