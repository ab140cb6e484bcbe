using System.Text.Json;
using System.Xml;
using Microsoft.Extensions.Options;
using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Core.Tabular;
using SmartMiljo.OpenData.Harvesting.Fetching;

namespace SmartMiljo.OpenData.Harvesting.Adapters;

/// <summary>A layer list that cannot be read, in Swedish (<see cref="Swedish"/>) and English (the message).</summary>
public sealed class LayerListException(string swedish, string english) : Exception(english)
{
    public string Swedish => swedish;
}

/// <summary>A layer a map service offers: <see cref="Id"/> is what the source's settings or address take (a WFS
/// feature type name, an ArcGIS layer's URL), <see cref="Title"/> what people call it.</summary>
public sealed record ServiceLayer(string Id, string Title);

/// <summary>
/// What a source would give before it is registered, read by the harvester's own adapters (so the publishing wizard
/// shows exactly what the harvest will publish): the first item's data fetched and opened as a table, a catalogue's
/// records, and a map service's layers. Every request goes through <see cref="SourceFetcher"/> (the network guard,
/// its size limits and timeouts); the layer lists are read with bounded readers, the service being untrusted.
/// </summary>
public sealed class SourcePreview(IEnumerable<ISourceAdapter> adapters, IEnumerable<IItemReader> readers, SourceFetcher fetcher, IOptions<HarvestOptions> options)
{
    /// <summary>At most this many layers are listed; a service offering more is read no further.</summary>
    public const int MaxLayers = 1000;

    /// <summary>An ArcGIS service description larger than this is not a layer list.</summary>
    public const long MaxServiceDescriptionBytes = 8 * 1024 * 1024;

    /// <summary>A WFS capabilities document larger than this (in characters) is not read further.</summary>
    public const long MaxCapabilitiesCharacters = 64L * 1024 * 1024;

    public static bool IsCatalogue(SourceKind kind) => kind is SourceKind.Dcat or SourceKind.Ckan;

    /// <summary>True for the faults of a source (unreachable, refused, unreadable), which the publisher can act on;
    /// anything else is a fault of ours and goes to the error page and the log.</summary>
    public static bool IsSourceFault(Exception ex) => ex is LayerListException or Pipeline.HarvestException or FetchException or CatalogueFormatException
        or Specifications.Reading.Json.GeoJsonFormatException or Specifications.Reading.Json.JsonSourceFormatException
        or Specifications.Reading.TabularReadException or InvalidDataException or FormatException or JsonException or XmlException;

    /// <summary>A source fault in the words the harvest's run list uses.</summary>
    public static string Describe(Exception ex) => ex is LayerListException ? ex.Message : ex is JsonException or XmlException
        ? $"The answer could not be read: {ex.Message}"
        : Pipeline.HarvestErrors.Describe(ex);

    /// <summary>Copies the source's first item with data to <paramref name="destinationPath"/>, as the harvest's fetch stage would.</summary>
    public async Task<FetchResult> FetchAsync(HarvestSource source, string destinationPath, CancellationToken cancellationToken)
    {
        var item = await FirstItemAsync(source, cancellationToken);
        return await Reader(item.DataKind ?? source.Kind).FetchAsync(item, source, FetchConditions.None, destinationPath, cancellationToken);
    }

    /// <summary>Opens a copy made by <see cref="FetchAsync"/> (or an uploaded file) as the harvest's read stage would.</summary>
    public async Task<ITabularSource> OpenAsync(HarvestSource source, string localPath, CancellationToken cancellationToken)
    {
        var item = await FirstItemAsync(source, cancellationToken);
        var fetched = new FetchResult(false, localPath, new FileInfo(localPath).Length, null, null, null, null);
        return await Reader(item.DataKind ?? source.Kind).OpenAsync(fetched, item, source, cancellationToken);
    }

    /// <summary>The records a catalogue source would import (each with its data's address, if it has data).</summary>
    public Task<IReadOnlyList<SourceItem>> RecordsAsync(HarvestSource source, CancellationToken cancellationToken) =>
        Adapter(source.Kind).GatherAsync(source, cancellationToken);

    /// <summary>The feature types of a WFS, from its GetCapabilities answer.</summary>
    public async Task<IReadOnlyList<ServiceLayer>> WfsLayersAsync(string address, CancellationToken cancellationToken)
    {
        var location = HttpAddress(address);
        var capabilities = PagedJsonSourceAdapter.WithQuery(location,
            [new("SERVICE", "WFS"), new("REQUEST", "GetCapabilities"), new("ACCEPTVERSIONS", "2.0.0,1.1.0")]);
        using var work = new WorkFiles(options.Value.WorkDirectory);
        var path = work.New(".xml");
        var fetched = await fetcher.FetchAsync(capabilities.AbsoluteUri, null, null, path, cancellationToken);
        ContentChecks.RejectWebPage(fetched, capabilities.AbsoluteUri);
        return ReadWfsCapabilities(path);
    }

    /// <summary>The feature layers of an ArcGIS FeatureServer or MapServer (or the one layer the address names), each
    /// as the layer's own address, from the service's JSON description.</summary>
    public async Task<IReadOnlyList<ServiceLayer>> ArcGisLayersAsync(string address, CancellationToken cancellationToken)
    {
        var location = HttpAddress(address);
        var bare = new UriBuilder(location) { Query = "" }.Uri;
        var description = PagedJsonSourceAdapter.WithQuery(bare, [new("f", "json")]);
        using var work = new WorkFiles(options.Value.WorkDirectory);
        var path = work.New(".json");
        var fetched = await fetcher.FetchAsync(description.AbsoluteUri, null, null, path, cancellationToken);
        ContentChecks.RejectWebPage(fetched, description.AbsoluteUri);
        return ReadArcGisLayers(path, bare);
    }

    /// <summary>Reads the FeatureType names and titles of a capabilities document (WFS 1.1 or 2.0). No DTD, no external
    /// entities, a bounded size; an exception report is answered with the server's own words.</summary>
    public static IReadOnlyList<ServiceLayer> ReadWfsCapabilities(string path)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true, IgnoreWhitespace = true,
            MaxCharactersInDocument = MaxCapabilitiesCharacters, MaxCharactersFromEntities = 0, Async = false,
        };
        var layers = new List<ServiceLayer>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            using var reader = XmlReader.Create(path, settings);
            reader.MoveToContent();
            if (reader.LocalName is "ExceptionReport" or "ServiceExceptionReport")
            {
                var text = reader.ReadInnerXml();
                throw new LayerListException($"WFS-tjänsten svarade med ett fel i stället för sina lager: {StripTags(text)}",
                    $"The WFS answered with an error instead of its capabilities: {StripTags(text)}");
            }
            if (reader.LocalName != "WFS_Capabilities")
                throw new LayerListException($"Adressen svarade inte med en WFS-tjänsts beskrivning (dokumentet är en {reader.LocalName}); kontrollera att det är adressen till en WFS.",
                    $"The address did not answer with WFS capabilities (the document is a {reader.LocalName}); check that it is a WFS address.");
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "FeatureType") continue;
                string? name = null, title = null;
                using (var type = reader.ReadSubtree())
                {
                    type.Read();
                    type.Read();
                    while (!type.EOF)
                    {
                        if (type.NodeType == XmlNodeType.Element && type.Depth == 1 && type.LocalName is "Name" or "Title")
                        {
                            var isName = type.LocalName == "Name";
                            var value = type.ReadElementContentAsString().Trim();
                            if (isName) name ??= value;
                            else title ??= value;
                            continue;
                        }
                        type.Read();
                    }
                }
                if (string.IsNullOrEmpty(name) || !seen.Add(name)) continue;
                layers.Add(new ServiceLayer(name, string.IsNullOrEmpty(title) ? name : title));
                if (layers.Count >= MaxLayers) break;
            }
        }
        catch (XmlException ex)
        {
            throw new LayerListException($"WFS-tjänstens beskrivning kunde inte läsas: {ex.Message}", $"The WFS capabilities could not be read: {ex.Message}");
        }
        if (layers.Count == 0) throw new LayerListException("WFS-tjänsten räknar inte upp några lager.", "The WFS lists no feature types.");
        return layers;
    }

    /// <summary>Reads the layers of an ArcGIS service description (<c>?f=json</c>); group layers and raster layers, which
    /// cannot be queried for features, are left out. An address that is itself a feature layer is its own one layer.</summary>
    public static IReadOnlyList<ServiceLayer> ReadArcGisLayers(string path, Uri service)
    {
        if (new FileInfo(path).Length > MaxServiceDescriptionBytes)
            throw new LayerListException($"Tjänstens beskrivning är större än {MaxServiceDescriptionBytes / (1024 * 1024)} MB; det är ingen lista över lager.",
                $"The service description is larger than {MaxServiceDescriptionBytes / (1024 * 1024)} MB; it is not a layer list.");
        JsonDocument document;
        try
        {
            using var stream = File.OpenRead(path);
            document = JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true, MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            throw new LayerListException($"ArcGIS-tjänsten svarade inte med JSON: {ex.Message}", $"The ArcGIS service did not answer with JSON: {ex.Message}");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new LayerListException("ArcGIS-tjänstens svar är ingen beskrivning av en tjänst.", "The ArcGIS service's answer is not a service description.");
            if (root.TryGetProperty("error", out var error))
            {
                var message = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var m) ? m.ToString() : error.ToString();
                throw new LayerListException($"ArcGIS-servern svarade med ett fel: {message}", $"The ArcGIS server answered with an error: {message}");
            }
            var serviceAddress = service.AbsoluteUri.TrimEnd('/');
            var layers = new List<ServiceLayer>();
            if (root.TryGetProperty("layers", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var layer in list.EnumerateArray())
                {
                    if (layer.ValueKind != JsonValueKind.Object || !layer.TryGetProperty("id", out var id) || !id.TryGetInt32(out var number) || number < 0) continue;
                    if (layer.TryGetProperty("subLayerIds", out var sub) && sub.ValueKind == JsonValueKind.Array && sub.GetArrayLength() > 0) continue;
                    if (Text(layer, "type") is { } type && type != "Feature Layer") continue;
                    layers.Add(new ServiceLayer($"{serviceAddress}/{number}", Text(layer, "name") ?? $"{number}"));
                    if (layers.Count >= MaxLayers) break;
                }
            }
            else if (Text(root, "type") == "Feature Layer")
                layers.Add(new ServiceLayer(serviceAddress, Text(root, "name") ?? serviceAddress));
            if (layers.Count == 0)
                throw new LayerListException("ArcGIS-tjänsten räknar inte upp några lager med objekt; ange adressen till en FeatureServer eller MapServer.",
                    "The ArcGIS service lists no feature layers; give the address of a FeatureServer or MapServer.");
            return layers;
        }
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : null;

    private static string StripTags(string xml)
    {
        var text = System.Text.RegularExpressions.Regex.Replace(xml, "<[^>]*>", " ");
        text = System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ").Trim();
        return text.Length > 300 ? text[..300] + "…" : text;
    }

    private static Uri HttpAddress(string address)
    {
        if (!Uri.TryCreate(address.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new LayerListException($"'{address}' är ingen http(s)-adress.", $"'{address}' is not an http(s) address.");
        return uri;
    }

    private async Task<SourceItem> FirstItemAsync(HarvestSource source, CancellationToken cancellationToken)
    {
        var items = await Adapter(source.Kind).GatherAsync(source, cancellationToken);
        return items.FirstOrDefault(i => i.HasData) ?? throw new FetchException("The source has nothing to read.");
    }

    private ISourceAdapter Adapter(SourceKind kind) =>
        adapters.FirstOrDefault(a => a.Kind == kind) ?? throw new InvalidOperationException($"No adapter for {kind}.");

    private IItemReader Reader(SourceKind kind) =>
        readers.FirstOrDefault(r => r.Kind == kind) ?? throw new FetchException($"Sources of the kind {kind} are not read directly.");
}
