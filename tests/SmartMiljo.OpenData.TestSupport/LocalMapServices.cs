using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace SmartMiljo.OpenData.TestSupport;

/// <summary>A point feature of a test map service: its attributes and its place in WGS84.</summary>
public sealed record MapFeature(IReadOnlyDictionary<string, object?> Properties, double Longitude, double Latitude);

/// <summary>A layer of a test map service: the name the service knows it by, its title and its features.</summary>
public sealed record MapLayer(string Name, string Title, IReadOnlyList<MapFeature> Features);

/// <summary>
/// A municipality's map server on a <see cref="LocalHttpServer"/>, as GeoServer and ArcGIS Server answer: a WFS 2.0
/// (GetCapabilities lists the layers, GetFeature pages GeoJSON by STARTINDEX and COUNT) and an ArcGIS FeatureServer
/// (<c>?f=json</c> lists the layers, each layer's <c>/query</c> pages GeoJSON by resultOffset).
/// </summary>
public static class LocalMapServices
{
    public static void MapWfs(this LocalHttpServer server, string path, params MapLayer[] layers) => server.Map(path, async context =>
    {
        var q = context.Request.Query;
        var request = q.FirstOrDefault(p => p.Key.Equals("REQUEST", StringComparison.OrdinalIgnoreCase)).Value.ToString();
        if (request.Equals("GetCapabilities", StringComparison.OrdinalIgnoreCase))
        {
            var types = string.Concat(layers.Select(l =>
                $"<wfs:FeatureType><wfs:Name>{WebUtility.HtmlEncode(l.Name)}</wfs:Name><wfs:Title>{WebUtility.HtmlEncode(l.Title)}</wfs:Title>" +
                "<ows:Keywords><ows:Keyword>test</ows:Keyword></ows:Keywords><wfs:DefaultCRS>urn:ogc:def:crs:EPSG::3006</wfs:DefaultCRS></wfs:FeatureType>"));
            context.Response.ContentType = "application/xml";
            await context.Response.WriteAsync(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><wfs:WFS_Capabilities version=\"2.0.0\" xmlns:wfs=\"http://www.opengis.net/wfs/2.0\" " +
                "xmlns:ows=\"http://www.opengis.net/ows/1.1\"><ows:ServiceIdentification><ows:Title>Kartserver</ows:Title></ows:ServiceIdentification>" +
                $"<wfs:FeatureTypeList>{types}</wfs:FeatureTypeList></wfs:WFS_Capabilities>", Encoding.UTF8);
            return;
        }
        var typeName = q.FirstOrDefault(p => p.Key.Equals("TYPENAMES", StringComparison.OrdinalIgnoreCase)).Value.ToString();
        var layer = layers.FirstOrDefault(l => l.Name == typeName);
        if (!request.Equals("GetFeature", StringComparison.OrdinalIgnoreCase) || layer is null)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        var start = int.Parse(q["STARTINDEX"].FirstOrDefault() ?? "0", CultureInfo.InvariantCulture);
        var count = int.Parse(q["COUNT"].FirstOrDefault() ?? "1000", CultureInfo.InvariantCulture);
        await context.Response.WriteAsJsonAsync(Collection(layer, start, count, numberMatched: true), context.RequestAborted);
    });

    public static void MapArcGis(this LocalHttpServer server, string servicePath, params MapLayer[] layers)
    {
        server.Map(servicePath, async context => await context.Response.WriteAsJsonAsync(new
        {
            currentVersion = 11.1,
            layers = layers.Select((l, i) => new { id = i, name = l.Title, type = "Feature Layer", geometryType = "esriGeometryPoint" })
                .Append(new { id = layers.Length, name = "Grupp", type = "Group Layer", geometryType = "" }),
        }));
        for (var i = 0; i < layers.Length; i++)
        {
            var layer = layers[i];
            server.Map($"{servicePath}/{i}/query", async context =>
            {
                var offset = int.Parse(context.Request.Query["resultOffset"].FirstOrDefault() ?? "0", CultureInfo.InvariantCulture);
                var count = int.Parse(context.Request.Query["resultRecordCount"].FirstOrDefault() ?? "1000", CultureInfo.InvariantCulture);
                await context.Response.WriteAsJsonAsync(Collection(layer, offset, count, numberMatched: false), context.RequestAborted);
            });
        }
    }

    private static object Collection(MapLayer layer, int start, int count, bool numberMatched)
    {
        var features = layer.Features.Skip(start).Take(count).Select(f => new
        {
            type = "Feature", properties = f.Properties, geometry = new { type = "Point", coordinates = new[] { f.Longitude, f.Latitude } },
        }).ToList();
        return numberMatched
            ? (object)new { type = "FeatureCollection", numberMatched = layer.Features.Count, numberReturned = features.Count, features }
            : new { type = "FeatureCollection", features };
    }
}
