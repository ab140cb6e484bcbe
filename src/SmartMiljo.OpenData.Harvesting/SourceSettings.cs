using System.Text.Json;
using System.Text.Json.Serialization;
using SmartMiljo.OpenData.Core.Harvesting;

namespace SmartMiljo.OpenData.Harvesting;

/// <summary>Paging styles of JSON APIs.</summary>
public enum PagingMode { None, Link, Offset, Page }

/// <summary>What each harvest does with the rows already published: replace them all (the default), or append
/// to them, rows being identified by the specification's primary key (time series, monthly files).</summary>
public enum HarvestMode { Replace, Append }

/// <summary>Append mode: what a harvested row does to a published row with the same key.</summary>
public enum ExistingRows { Update, Keep }

/// <summary>
/// Adapter settings kept as JSON on the source (<see cref="HarvestSource.SettingsJson"/>). Each kind reads
/// the properties it needs; unknown properties are refused so a typo does not silently do nothing.
/// </summary>
public sealed class SourceSettings
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>XLSX: the sheet to read; the first sheet when absent.</summary>
    public string? Sheet { get; set; }

    /// <summary>JSON API: JSON pointer to the array of records, e.g. <c>/data/items</c>; the root when absent.</summary>
    public string? RecordsPointer { get; set; }

    /// <summary>JSON API: JSON pointer, within each record, to an array of records that each become a row (the record's
    /// other values repeated on each), e.g. <c>/tider</c>; one row per record when absent. Nested objects are always
    /// flattened into columns named by their path (<c>adress.gata</c>).</summary>
    public string? Unroll { get; set; }
    public PagingMode Paging { get; set; } = PagingMode.None;

    /// <summary>Link paging: JSON pointer to the next page's URL in the body; the HTTP Link header (rel=next) when absent.</summary>
    public string? NextLinkPointer { get; set; }
    public string OffsetParameter { get; set; } = "offset";
    public string LimitParameter { get; set; } = "limit";
    public string PageParameter { get; set; } = "page";
    public int FirstPage { get; set; } = 1;
    public int PageSize { get; set; } = 1000;

    /// <summary>WFS: the feature type, e.g. <c>namespace:badplatser</c>.</summary>
    public string? TypeName { get; set; }

    /// <summary>WFS: the CRS to ask for; CRS84 (longitude, latitude) when absent. SWEREF 99 (TM and the local zones), RT 90,
    /// Web Mercator and EPSG:4326 are converted to WGS84 when read.</summary>
    public string? SrsName { get; set; }

    /// <summary>WFS: the output format to ask for, e.g. <c>application/gml+xml; version=3.2</c> or <c>GML2</c>; GeoJSON when absent.
    /// The answer is read as GML or GeoJSON by its content.</summary>
    public string? OutputFormat { get; set; }

    /// <summary>ArcGIS: <c>geojson</c> (the default) or <c>json</c>, ArcGIS's own JSON, for servers that know no GeoJSON.</summary>
    public string? Format { get; set; }

    /// <summary>File drop: the file names to consider, e.g. <c>*.csv</c>: a file-name pattern (<c>*</c> and <c>?</c>)
    /// inside the drop folder, never a path (see <see cref="CheckPattern"/>).</summary>
    public string Pattern { get; set; } = "*.*";

    /// <summary>Catalogues: also load the data of each record's first supported distribution.</summary>
    public bool HarvestData { get; set; } = true;

    /// <summary>Replace the published rows at each harvest, or append to them by key.</summary>
    public HarvestMode Mode { get; set; } = HarvestMode.Replace;

    /// <summary>Append mode: a harvested row with a key already published updates that row, or is left out.</summary>
    public ExistingRows ExistingRows { get; set; } = ExistingRows.Update;

    /// <summary>Catalogues: whether the harvested records go into our own DCAT feed (/datasets/dcat). They are shown
    /// on the web either way. Off by default for DCAT and CKAN sources (dataportal.se may harvest those
    /// catalogues itself, and would list each record twice); on for every other kind.</summary>
    public bool? Republish { get; set; }

    /// <summary>Whether this source's datasets go into our DCAT feed (see <see cref="Republish"/>).</summary>
    public bool RepublishesRecords(SourceKind kind) => Republish ?? !SourceKinds.IsCatalogue(kind);

    /// <summary>How long an item may be missing before its dataset is withdrawn; the instance default when absent.</summary>
    public TimeSpan? WithdrawAfter { get; set; }

    /// <summary>The settings JSON with the harvest mode set, every other setting kept as it was.</summary>
    public static string WithMode(string? json, HarvestMode mode, ExistingRows existingRows)
    {
        var node = string.IsNullOrWhiteSpace(json) ? new System.Text.Json.Nodes.JsonObject()
            : System.Text.Json.Nodes.JsonNode.Parse(json) as System.Text.Json.Nodes.JsonObject ?? new System.Text.Json.Nodes.JsonObject();
        foreach (var name in node.Select(p => p.Key).Where(k => k.Equals("mode", StringComparison.OrdinalIgnoreCase)
            || k.Equals("existingRows", StringComparison.OrdinalIgnoreCase)).ToList()) node.Remove(name);
        if (mode == HarvestMode.Append)
        {
            node["mode"] = "Append";
            node["existingRows"] = existingRows.ToString();
        }
        return node.ToJsonString();
    }

    /// <summary>The settings JSON with "republish" set; the same text when that is already what it says.</summary>
    public static string? WithRepublish(SourceKind kind, string? json, bool republish)
    {
        if (Parse(json).RepublishesRecords(kind) == republish) return json;
        var node = string.IsNullOrWhiteSpace(json) ? new System.Text.Json.Nodes.JsonObject() : System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        node["republish"] = republish;
        return node.ToJsonString();
    }

    public static SourceSettings Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return new SourceSettings();
        return JsonSerializer.Deserialize<SourceSettings>(json, Json) ?? new SourceSettings();
    }

    /// <summary>Null when the settings suit the kind, otherwise what to fix.</summary>
    public static string? Validate(SourceKind kind, string? json)
    {
        SourceSettings settings;
        try { settings = Parse(json); }
        catch (JsonException ex) { return $"The settings are not understood: {ex.Message}"; }
        if (settings.PageSize is < 1 or > 100_000) return "pageSize must be between 1 and 100000.";
        if (settings.WithdrawAfter < TimeSpan.Zero) return "withdrawAfter cannot be negative.";
        if (kind == SourceKind.Wfs && string.IsNullOrWhiteSpace(settings.TypeName)) return "A WFS source needs typeName (the feature type to harvest).";
        if (kind == SourceKind.Wfs && settings.SrsName is { } srs && Specifications.Geography.SourceCrs.Parse(srs) is null)
            return $"srsName '{srs}' is not a coordinate system the platform converts; leave srsName out (CRS84), or give EPSG:4326, SWEREF 99 (EPSG:3006–3018), RT 90 (EPSG:3021) or EPSG:3857.";
        if (kind == SourceKind.ArcGis && settings.Format is { } format && format is not ("geojson" or "json"))
            return $"format '{format}' is neither geojson nor json.";
        if (settings.RecordsPointer is { Length: > 0 } p && !p.StartsWith('/')) return "recordsPointer is a JSON pointer and starts with '/', e.g. /data/items.";
        if (settings.Unroll is { } u && (u.Length < 2 || !u.StartsWith('/'))) return "unroll is a JSON pointer within each record and starts with '/', e.g. /tider.";
        if (kind == SourceKind.FileDrop && CheckPattern(settings.Pattern) is { } patternError) return patternError;
        return null;
    }

    /// <summary>Null when <paramref name="pattern"/> is a file-name pattern; otherwise what to fix. Folders, <c>..</c> and
    /// drive letters are refused, so a pattern cannot list files outside the source's own drop folder.</summary>
    public static string? CheckPattern(string? pattern)
    {
        if (string.IsNullOrWhiteSpace(pattern)) return "Mönstret (pattern) är tomt; ange t.ex. *.csv. / The pattern is empty; give e.g. *.csv.";
        if (pattern.IndexOfAny(['/', '\\', ':']) >= 0 || pattern.Contains("..", StringComparison.Ordinal) || pattern.Any(char.IsControl))
            return "Mönstret (pattern) får bara beskriva filnamn i mappen, t.ex. *.csv eller export_*.xlsx, utan mappar, / eller \\ och utan \"..\". " +
                   "/ The pattern may only describe file names in the folder, e.g. *.csv or export_*.xlsx: no folders, / or \\, and no \"..\".";
        return null;
    }
}
