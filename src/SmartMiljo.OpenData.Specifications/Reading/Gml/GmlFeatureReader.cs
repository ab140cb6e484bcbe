using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using NetTopologySuite.Geometries;
using SmartMiljo.OpenData.Specifications.Geography;

namespace SmartMiljo.OpenData.Specifications.Reading.Gml;

/// <summary>The GML is not a feature collection this platform reads, or the server answered with an exception report.</summary>
public sealed class GmlFormatException(string message) : Exception(message);

/// <summary>One feature of a GML feature collection: its simple properties by name, and its first geometry in WGS84.</summary>
/// <param name="GeometryProblem">Why the feature's geometry could not be read (an unsupported curve, too many vertices), in
/// plain words; the feature is still returned so its row gets the note.</param>
public sealed record GmlFeature(string? Id, IReadOnlyList<KeyValuePair<string, string?>> Properties, Geometry? Geometry, string? GeometryProblem);

/// <summary>
/// Streams the features of a WFS GetFeature answer in GML 3.2, 3.1 or 2 (wfs:member, gml:featureMember(s)) one at a time:
/// memory is bounded by the largest feature, never the page. Reads Point, LineString, Polygon (with holes), their Multi
/// forms, Curve and Surface made of straight segments, and MultiGeometry; pos, posList (srsDimension 2 or 3), coordinates
/// and coord. Each geometry's srsName (or the one asked for, when the server leaves it out) says its system and axis
/// order; the result is WGS84 longitude, latitude. No DTDs, no external entities.
/// </summary>
public sealed class GmlFeatureReader : IDisposable
{
    private const string GmlNamespacePrefix = "http://www.opengis.net/gml";
    private const string XsiNamespace = "http://www.w3.org/2001/XMLSchema-instance";
    private const string XlinkNamespace = "http://www.w3.org/1999/xlink";

    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true, IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true, MaxCharactersFromEntities = 0, Async = false,
    };

    private static readonly HashSet<string> GeometryNames =
    [
        "Point", "LineString", "LinearRing", "Curve", "Polygon", "Surface", "MultiPoint", "MultiLineString", "MultiCurve",
        "MultiPolygon", "MultiSurface", "MultiGeometry", "CompositeCurve", "CompositeSurface", "OrientableCurve", "Solid", "Envelope",
    ];

    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    private readonly XmlReader _reader;
    private readonly string? _defaultSrsName;
    private readonly Dictionary<string, SourceCrs?> _systems = new(StringComparer.Ordinal);
    private bool _started;
    private string? _memberList; // inside gml:featureMembers (many features in one member element)

    /// <param name="defaultSrsName">The system asked for; used for geometries whose srsName the server left out.</param>
    public GmlFeatureReader(Stream stream, string? defaultSrsName)
    {
        _reader = XmlReader.Create(stream, Settings);
        _defaultSrsName = defaultSrsName;
    }

    /// <summary>numberMatched (WFS 2.0) or numberOfFeatures (WFS 1.1) of the collection, when the server says; read with the first feature.</summary>
    public long? NumberMatched { get; private set; }

    public long? NumberReturned { get; private set; }

    /// <summary>The systems the geometries came in, for the run's facts.</summary>
    public IEnumerable<string> SystemsMet => _systems.Values.Where(s => s is not null).Select(s => s!.Label).Distinct();

    /// <summary>Reads the collection's start (its counts), or throws the server's exception report.</summary>
    public void Open()
    {
        if (_started) return;
        try { Start(); }
        catch (XmlException ex) { throw new GmlFormatException($"The GML is not well-formed XML (line {ex.LineNumber}): {ex.Message}"); }
    }

    /// <summary>The next feature, or null at the end of the collection.</summary>
    public GmlFeature? Next()
    {
        Open();
        try
        {
            while (true)
            {
                if (_reader.EOF) return null;
                if (_reader.NodeType != XmlNodeType.Element)
                {
                    if (_reader.NodeType == XmlNodeType.EndElement && _memberList is not null && _reader.LocalName == _memberList) _memberList = null;
                    if (!_reader.Read()) return null;
                    continue;
                }
                var local = _reader.LocalName;
                if (_memberList is null && local is "member" or "featureMember")
                {
                    if (_reader.IsEmptyElement) { _reader.Read(); continue; }
                    _reader.Read(); // into the member: the feature element follows
                    while (_reader.NodeType is not (XmlNodeType.Element or XmlNodeType.EndElement) && _reader.Read()) { }
                    if (_reader.NodeType != XmlNodeType.Element) continue;
                    if (_reader.LocalName == "FeatureCollection" || _reader.LocalName == "additionalObjects")
                    {
                        _reader.Skip(); // joined or additional collections are not rows of this layer
                        continue;
                    }
                    return Feature((XElement)XNode.ReadFrom(_reader));
                }
                if (_memberList is null && local == "featureMembers")
                {
                    _memberList = local;
                    _reader.Read();
                    continue;
                }
                if (_memberList is not null) return Feature((XElement)XNode.ReadFrom(_reader));
                _reader.Skip(); // boundedBy, truncatedResponse and the like: not features

            }
        }
        catch (XmlException ex)
        {
            throw new GmlFormatException($"The GML is not well-formed XML (line {ex.LineNumber}): {ex.Message}");
        }
    }

    private void Start()
    {
        _started = true;
        while (_reader.Read() && _reader.NodeType != XmlNodeType.Element) { }
        if (_reader.NodeType != XmlNodeType.Element) throw new GmlFormatException("The answer is empty; no GML feature collection.");
        if (_reader.LocalName is "ExceptionReport" or "ServiceExceptionReport")
        {
            var report = (XElement)XNode.ReadFrom(_reader);
            var text = string.Join(" ", report.Descendants().Where(e => !e.HasElements).Select(e => e.Value.Trim()).Where(v => v.Length > 0));
            throw new GmlFormatException($"The WFS server answered with an exception: {Shorten(text)}");
        }
        if (_reader.LocalName != "FeatureCollection")
            throw new GmlFormatException($"The answer is <{_reader.Name}>, not a WFS or GML FeatureCollection.");
        NumberMatched = Number(_reader.GetAttribute("numberMatched") ?? _reader.GetAttribute("numberOfFeatures"));
        NumberReturned = Number(_reader.GetAttribute("numberReturned"));
        _reader.Read();
    }

    private static long? Number(string? text) => long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";

    private static bool IsGml(XElement element) => element.Name.NamespaceName.StartsWith(GmlNamespacePrefix, StringComparison.Ordinal);

    private GmlFeature Feature(XElement feature)
    {
        var id = feature.Attributes().FirstOrDefault(a => a.Name.LocalName is "id" or "fid")?.Value;
        var properties = new List<KeyValuePair<string, string?>>();
        Geometry? geometry = null;
        string? problem = null;
        foreach (var property in feature.Elements())
        {
            if (IsGml(property) && property.Name.LocalName == "boundedBy") continue;
            var name = property.Name.LocalName;
            var child = property.Elements().FirstOrDefault();
            if (child is not null && IsGml(child) && GeometryNames.Contains(child.Name.LocalName))
            {
                // A geometry property: the first is the feature's geometry; any further one is kept as a GeoJSON cell.
                Geometry? read = null;
                try { read = ReadGeometry(child, InheritedSrs(child)); }
                catch (GmlGeometryException ex) { if (geometry is null) problem ??= ex.Message; else properties.Add(new(name, ex.Message)); continue; }
                if (geometry is null && problem is null) geometry = read;
                else properties.Add(new(name, Core.Tabular.GeometryText.ToGeoJson(read)));
                continue;
            }
            if (property.Attribute(XName.Get("nil", XsiNamespace))?.Value is "true" or "1") { properties.Add(new(name, null)); continue; }
            if (!property.HasElements && property.IsEmpty && property.Attribute(XName.Get("href", XlinkNamespace)) is { } href)
            {
                properties.Add(new(name, href.Value));
                continue;
            }
            // Simple content, or a nested record whose text is kept rather than lost.
            properties.Add(new(name, property.HasElements
                ? string.Join(" ", property.Descendants().Where(e => !e.HasElements).Select(e => e.Value.Trim()).Where(v => v.Length > 0))
                : property.Value));
        }
        return new GmlFeature(id, properties, geometry, problem);
    }

    private string? InheritedSrs(XElement element)
    {
        for (var e = element; e is not null; e = e.Parent)
            if (e.Attribute("srsName")?.Value is { Length: > 0 } srs) return srs;
        return null;
    }

    private sealed class GmlGeometryException(string message) : Exception(message);

    private sealed class Budget
    {
        public int Vertices;

        public void Add(int n)
        {
            Vertices += n;
            if (Vertices > Core.Tabular.GeometryText.MaxVertices)
                throw new GmlGeometryException($"Geometrin har fler än {Core.Tabular.GeometryText.MaxVertices:N0} punkter. / The geometry has more than {Core.Tabular.GeometryText.MaxVertices:N0} vertices.");
        }
    }

    private Geometry ReadGeometry(XElement element, string? srsName)
    {
        var crs = System(srsName ?? _defaultSrsName);
        var geometry = Build(element, new Budget());
        return crs.ToWgs84(geometry);
    }

    private SourceCrs System(string? srsName)
    {
        var key = srsName ?? "";
        if (!_systems.TryGetValue(key, out var crs))
        {
            crs = srsName is null ? SourceCrs.Crs84() : SourceCrs.Parse(srsName);
            _systems[key] = crs;
        }
        return crs ?? throw new GmlGeometryException(
            $"Koordinatsystemet {srsName} känns inte igen (SWEREF 99, RT 90 eller WGS84 går bra). / The coordinate system {srsName} is not one this platform converts (SWEREF 99, RT 90 or WGS84).");
    }

    private static Geometry Build(XElement element, Budget budget)
    {
        switch (element.Name.LocalName)
        {
            case "Point":
                return Factory.CreatePoint(Positions(element, budget) is { Length: > 0 } p ? p[0] : null);
            case "LineString":
            case "LineStringSegment":
                return Factory.CreateLineString(Positions(element, budget));
            case "LinearRing":
                return Factory.CreateLinearRing(Closed(Positions(element, budget)));
            case "Curve":
                return Factory.CreateLineString(CurvePositions(element, budget));
            case "Ring":
                return Factory.CreateLinearRing(Closed(CurvePositions(element, budget)));
            case "Polygon":
            case "PolygonPatch":
                return PolygonOf(element, budget);
            case "Surface":
            {
                var patches = Children(element, "patches").SelectMany(p => p.Elements()).Select(p => PolygonOf(p, budget)).ToArray();
                return patches.Length == 1 ? patches[0] : Factory.CreateMultiPolygon(patches);
            }
            case "MultiPoint":
                return Factory.CreateMultiPoint(Members(element, "pointMember", "pointMembers").Select(m => (Point)Build(m, budget)).ToArray());
            case "MultiLineString":
            case "MultiCurve":
                return Factory.CreateMultiLineString(Members(element, "lineStringMember", "curveMember", "curveMembers")
                    .Select(m => Build(m, budget) as LineString ?? throw Unsupported(m)).ToArray());
            case "MultiPolygon":
            case "MultiSurface":
                return Factory.CreateMultiPolygon(Members(element, "polygonMember", "surfaceMember", "surfaceMembers")
                    .SelectMany(m => Build(m, budget) switch
                    {
                        Polygon polygon => [polygon],
                        MultiPolygon multi => multi.Geometries.Cast<Polygon>(),
                        _ => throw Unsupported(m),
                    }).ToArray());
            case "MultiGeometry":
                return Factory.CreateGeometryCollection(Members(element, "geometryMember", "geometryMembers").Select(m => Build(m, budget)).ToArray());
            default:
                throw Unsupported(element);
        }
    }

    private static GmlGeometryException Unsupported(XElement element) => new(
        $"GML-geometrin {element.Name.LocalName} stöds inte (bara punkter, linjer och ytor med raka kanter). / " +
        $"The GML geometry {element.Name.LocalName} is not supported (only points, lines and areas with straight edges).");

    private static IEnumerable<XElement> Children(XElement element, string localName) =>
        element.Elements().Where(e => IsGml(e) && e.Name.LocalName == localName);

    /// <summary>The geometries inside member properties: one per member, or several inside a plural member list.</summary>
    private static IEnumerable<XElement> Members(XElement element, params string[] memberNames) =>
        element.Elements().Where(e => IsGml(e) && memberNames.Contains(e.Name.LocalName)).SelectMany(m => m.Elements());

    private static Polygon PolygonOf(XElement polygon, Budget budget)
    {
        if (polygon.Name.LocalName is not ("Polygon" or "PolygonPatch")) throw Unsupported(polygon);
        LinearRing? shell = null;
        var holes = new List<LinearRing>();
        foreach (var boundary in polygon.Elements().Where(IsGml))
        {
            var ring = boundary.Elements().FirstOrDefault() is { } r ? Build(r, budget) as LinearRing : null;
            switch (boundary.Name.LocalName)
            {
                case "exterior" or "outerBoundaryIs": shell = ring ?? throw Unsupported(boundary); break;
                case "interior" or "innerBoundaryIs": holes.Add(ring ?? throw Unsupported(boundary)); break;
            }
        }
        return shell is null ? Factory.CreatePolygon() : Factory.CreatePolygon(shell, holes.ToArray());
    }

    /// <summary>A Curve's (or Ring's) straight segments joined, each joint vertex once.</summary>
    private static Coordinate[] CurvePositions(XElement curve, Budget budget)
    {
        var segments = curve.Name.LocalName == "Ring"
            ? Children(curve, "curveMember").SelectMany(m => m.Elements())
            : Children(curve, "segments").SelectMany(s => s.Elements());
        var result = new List<Coordinate>();
        foreach (var segment in segments)
        {
            var part = segment.Name.LocalName switch
            {
                "LineStringSegment" or "LineString" => Positions(segment, budget),
                "Curve" => CurvePositions(segment, budget),
                _ => throw Unsupported(segment),
            };
            var skip = result.Count > 0 && part.Length > 0 && result[^1].Equals2D(part[0]) ? 1 : 0;
            result.AddRange(part.Skip(skip));
        }
        return [.. result];
    }

    /// <summary>A ring that does not end where it starts is closed; GML requires it, so a server that forgets is repaired here.</summary>
    private static Coordinate[] Closed(Coordinate[] ring) =>
        ring.Length > 0 && !ring[0].Equals2D(ring[^1]) ? [.. ring, ring[0].Copy()] : ring;

    private static int Dimension(XElement element)
    {
        for (var e = element; e is not null; e = e.Parent)
            if (e.Attribute("srsDimension")?.Value is { } d && int.TryParse(d, CultureInfo.InvariantCulture, out var n) && n is >= 2 and <= 4) return n;
        return 2;
    }

    /// <summary>The positions of a point, line or ring in any of GML's encodings, as (first, second) axis values.</summary>
    private static Coordinate[] Positions(XElement element, Budget budget)
    {
        var result = new List<Coordinate>();
        foreach (var child in element.Elements().Where(IsGml))
        {
            switch (child.Name.LocalName)
            {
                case "posList":
                    result.AddRange(Tuples(child.Value, Dimension(child), budget));
                    break;
                case "pos":
                    result.AddRange(Tuples(child.Value, Dimension(child) is var pd && pd != 2 ? pd : 0, budget));
                    break;
                case "coordinates":
                    result.AddRange(LegacyCoordinates(child, budget));
                    break;
                case "coord":
                {
                    budget.Add(1);
                    var x = child.Elements().FirstOrDefault(e => e.Name.LocalName == "X")?.Value;
                    var y = child.Elements().FirstOrDefault(e => e.Name.LocalName == "Y")?.Value;
                    result.Add(new Coordinate(Value(x), Value(y)));
                    break;
                }
                case "pointProperty" or "pointRep" or "pointMember":
                    if (child.Elements().FirstOrDefault() is { Name.LocalName: "Point" } point)
                        result.AddRange(Positions(point, budget));
                    break;
            }
        }
        return [.. result];
    }

    /// <param name="dimension">Numbers per position; 0 for a single gml:pos, whose count is its dimension.</param>
    private static IEnumerable<Coordinate> Tuples(string text, int dimension, Budget budget)
    {
        var numbers = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (dimension == 0) dimension = Math.Max(2, numbers.Length);
        if (numbers.Length % dimension != 0)
            throw new GmlGeometryException($"En koordinatlista har {numbers.Length} tal, inte en multipel av {dimension}. / A coordinate list has {numbers.Length} numbers, not a multiple of {dimension}.");
        budget.Add(numbers.Length / dimension);
        var result = new Coordinate[numbers.Length / dimension];
        for (var i = 0; i < result.Length; i++) result[i] = new Coordinate(Value(numbers[i * dimension]), Value(numbers[i * dimension + 1]));
        return result;
    }

    /// <summary>GML 2's gml:coordinates: tuples separated by <c>ts</c> (space), values by <c>cs</c> (comma), decimal point <c>decimal</c>.</summary>
    private static IEnumerable<Coordinate> LegacyCoordinates(XElement coordinates, Budget budget)
    {
        var cs = coordinates.Attribute("cs")?.Value is { Length: > 0 } c ? c : ",";
        var ts = coordinates.Attribute("ts")?.Value is { Length: > 0 } t ? t : " ";
        var dec = coordinates.Attribute("decimal")?.Value is { Length: > 0 } d ? d : ".";
        var tuples = ts.Trim().Length == 0
            ? coordinates.Value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            : coordinates.Value.Split(ts, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        budget.Add(tuples.Length);
        foreach (var tuple in tuples)
        {
            var values = tuple.Split(cs, StringSplitOptions.TrimEntries);
            if (values.Length < 2) throw new GmlGeometryException($"Koordinaten '{Shorten(tuple)}' har inte två värden. / The coordinate '{Shorten(tuple)}' does not have two values.");
            yield return new Coordinate(Value(dec == "." ? values[0] : values[0].Replace(dec, ".")), Value(dec == "." ? values[1] : values[1].Replace(dec, ".")));
        }
    }

    private static double Value(string? text)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)) return value;
        throw new GmlGeometryException($"'{Shorten(text ?? "")}' är inte en koordinat. / '{Shorten(text ?? "")}' is not a coordinate.");
    }

    public void Dispose() => _reader.Dispose();
}
