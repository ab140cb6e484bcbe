using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using SmartMiljo.OpenData.Core.Harvesting;
using SmartMiljo.OpenData.Core.Tabular;
using SmartMiljo.OpenData.Harvesting.Fetching;
using SmartMiljo.OpenData.Specifications.Geography;
using SmartMiljo.OpenData.Specifications.Reading.Json;

namespace SmartMiljo.OpenData.Harvesting.Adapters;

/// <summary>What one fetched page says about the next.</summary>
public sealed record PageInfo(Uri Url, int Index, int Records, long Offset, string PagePath, FetchResult Fetched, SourceSettings Settings);

/// <summary>
/// Sources served page by page as JSON (APIs, WFS, ArcGIS REST). All pages are fetched into one work file
/// of JSON lines (one record or feature per line), hashed as a whole: an unchanged source publishes no
/// new version. Each page is streamed, so memory does not grow with the number of pages.
/// </summary>
public abstract class PagedJsonSourceAdapter(SourceFetcher fetcher, IOptions<HarvestOptions> options) : ISourceAdapter, IItemReader
{
    public abstract SourceKind Kind { get; }
    protected abstract JsonRowShape Shape { get; }
    protected abstract IReadOnlyDictionary<string, string> Facts { get; }

    protected virtual string ItemKey(HarvestSource source, SourceSettings settings) => source.Location;
    protected abstract Uri FirstPage(Uri location, SourceSettings settings);
    protected abstract IReadOnlyList<string> RecordsPath(SourceSettings settings);

    /// <summary>The next page's address, or null when this was the last.</summary>
    protected abstract Uri? NextPage(PageInfo page);

    public Task<IReadOnlyList<SourceItem>> GatherAsync(HarvestSource source, CancellationToken cancellationToken)
    {
        var settings = SourceSettings.Parse(source.SettingsJson);
        return Task.FromResult<IReadOnlyList<SourceItem>>([new SourceItem(ItemKey(source, settings), source.Location)]);
    }

    public async Task<FetchResult> FetchAsync(SourceItem item, HarvestSource source, FetchConditions conditions, string destinationPath, CancellationToken cancellationToken)
    {
        var settings = SourceSettings.Parse(source.SettingsJson);
        if (!Uri.TryCreate(item.Location, UriKind.Absolute, out var location) || location.IsFile)
            throw new FetchException($"A {Kind} source needs an http(s) address; '{item.Location}' is not one.");
        using var work = new WorkFiles(options.Value.WorkDirectory);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long bytes = 0, offset = 0;
        var visited = new HashSet<string>(StringComparer.Ordinal);
        await using (var output = new FileStream(destinationPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
        {
            Uri? next = FirstPage(location, settings);
            for (var index = 0; next is not null; index++)
            {
                if (index >= options.Value.MaxPages)
                    throw new FetchException($"The source has more than {options.Value.MaxPages:N0} pages (Harvesting:MaxPages); the harvest stopped.");
                if (!visited.Add(next.AbsoluteUri))
                    throw new FetchException($"The paging of {item.Location} leads back to {next}, a page already read; the harvest stopped instead of looping.");
                var pagePath = work.New(".page");
                var page = await fetcher.FetchAsync(next.AbsoluteUri, null, null, pagePath, cancellationToken);
                ContentChecks.RejectWebPage(page, next.AbsoluteUri);
                bytes += page.Bytes;
                var records = await CopyPageAsync(pagePath, new RecordLinesWriter(output, sha), settings, cancellationToken);
                next = NextPage(new PageInfo(next, index, records, offset, pagePath, page, settings));
                offset += records;
                File.Delete(pagePath);
            }
        }
        return new FetchResult(false, destinationPath, bytes, Convert.ToHexStringLower(sha.GetHashAndReset()), null, null, "application/x-ndjson");
    }

    public async Task<ITabularSource> OpenAsync(FetchResult fetched, SourceItem item, HarvestSource source, CancellationToken cancellationToken)
    {
        var path = fetched.LocalPath!;
        var settings = SourceSettings.Parse(source.SettingsJson);
        IJsonObjectCursor Open() => new JsonLinesCursor(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true));
        return Shape == JsonRowShape.Feature
            ? await GeoJsonTabularSource.OpenAsync(Open, cancellationToken)
            : await JsonRecordTabularSource.OpenAsync(Open, Shape, Facts, cancellationToken,
                unroll: settings.Unroll is { Length: > 1 } unroll ? JsonArrayStream.PathFromPointer(unroll) : null);
    }

    /// <summary>The rows a record of a page becomes, each a JSON object in UTF-8: the record itself, unless the
    /// source's shape is known to nest its rows (statistics APIs).</summary>
    protected virtual IEnumerable<byte[]> Lines(JsonElement record)
    {
        yield return OneLine(record);
    }

    /// <summary>A record as one line of the work file: as the source wrote it, or, when the source spread it over several
    /// lines (a pretty-printed answer), written again compactly, the same values.</summary>
    protected static byte[] OneLine(JsonElement record)
    {
        var raw = record.GetRawText();
        if (raw.AsSpan().IndexOfAny('\n', '\r') < 0) return Encoding.UTF8.GetBytes(raw);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer)) record.WriteTo(writer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Copies one page's records to the work file, one JSON line each; returns how many. By default the
    /// records are the objects of the array at <see cref="RecordsPath"/>, each becoming the rows <see cref="Lines"/> gives.</summary>
    protected virtual async Task<int> CopyPageAsync(string pagePath, RecordLinesWriter lines, SourceSettings settings, CancellationToken cancellationToken)
    {
        var records = 0;
        await using var cursor = new JsonArrayStream(File.OpenRead(pagePath), RecordsPath(settings));
        while (await cursor.NextAsync(cancellationToken) is { } record)
        {
            foreach (var line in Lines(record)) await lines.WriteAsync(line, cancellationToken);
            records++;
        }
        return records;
    }

    /// <summary>The work file of a fetch: one JSON object per line, hashed as it is written.</summary>
    public sealed class RecordLinesWriter(Stream output, IncrementalHash sha)
    {
        private static readonly byte[] Newline = "\n"u8.ToArray();

        public async ValueTask WriteAsync(byte[] line, CancellationToken cancellationToken)
        {
            sha.AppendData(line);
            sha.AppendData(Newline);
            await output.WriteAsync(line, cancellationToken);
            await output.WriteAsync(Newline, cancellationToken);
        }
    }

    protected internal static Uri WithQuery(Uri uri, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var query = QueryHelpers.ParseQuery(uri.Query);
        var merged = new List<KeyValuePair<string, string?>>();
        var replaced = parameters.ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, values) in query)
            if (!replaced.ContainsKey(key))
                merged.AddRange(values.Select(v => new KeyValuePair<string, string?>(key, v)));
        merged.AddRange(replaced.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value)));
        var bare = uri.GetLeftPart(UriPartial.Path);
        return new Uri(QueryHelpers.AddQueryString(bare, merged));
    }

    /// <summary>Reads one value of a (bounded) page by JSON pointer.</summary>
    protected static JsonElement? ReadPointer(string pagePath, string pointer)
    {
        using var stream = File.OpenRead(pagePath);
        using var document = JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true });
        var node = document.RootElement;
        foreach (var segment in JsonArrayStream.PathFromPointer(pointer))
        {
            if (node.ValueKind == JsonValueKind.Object && node.TryGetProperty(segment, out var child)) node = child;
            else if (node.ValueKind == JsonValueKind.Array && int.TryParse(segment, out var i) && i < node.GetArrayLength()) node = node[i];
            else return null;
        }
        return node.Clone();
    }
}

/// <summary>JSON APIs: a pointer to the array of records, and link, offset or page-number paging.</summary>
public sealed class JsonApiSourceAdapter(SourceFetcher fetcher, IOptions<HarvestOptions> options) : PagedJsonSourceAdapter(fetcher, options)
{
    public override SourceKind Kind => SourceKind.JsonApi;
    protected override JsonRowShape Shape => JsonRowShape.Record;
    protected override IReadOnlyDictionary<string, string> Facts { get; } = new Dictionary<string, string> { ["format"] = "JSON" };

    protected override IReadOnlyList<string> RecordsPath(SourceSettings settings) => JsonArrayStream.PathFromPointer(settings.RecordsPointer);

    protected override Uri FirstPage(Uri location, SourceSettings s) => s.Paging switch
    {
        PagingMode.Offset => WithQuery(location, [new(s.OffsetParameter, "0"), new(s.LimitParameter, s.PageSize.ToString())]),
        PagingMode.Page => WithQuery(location, [new(s.PageParameter, s.FirstPage.ToString()), new(s.LimitParameter, s.PageSize.ToString())]),
        _ => location,
    };

    protected override Uri? NextPage(PageInfo page)
    {
        var s = page.Settings;
        switch (s.Paging)
        {
            case PagingMode.Offset:
                return page.Records < s.PageSize || page.Records == 0 ? null
                    : WithQuery(page.Url, [new(s.OffsetParameter, (page.Offset + page.Records).ToString()), new(s.LimitParameter, s.PageSize.ToString())]);
            case PagingMode.Page:
                return page.Records < s.PageSize || page.Records == 0 ? null
                    : WithQuery(page.Url, [new(s.PageParameter, (s.FirstPage + page.Index + 1).ToString()), new(s.LimitParameter, s.PageSize.ToString())]);
            case PagingMode.Link:
                if (page.Records == 0) return null;
                if (s.NextLinkPointer is null) return page.Fetched.NextLink;
                return ReadPointer(page.PagePath, s.NextLinkPointer) is { ValueKind: JsonValueKind.String } link
                       && Uri.TryCreate(page.Url, link.GetString(), out var next) ? next : null;
            default:
                return null;
        }
    }
}

/// <summary>OGC WFS 2.0 GetFeature with <c>startIndex</c> paging. The answer may be GeoJSON or GML (3.2, 3.1 or 2, told by
/// its content, whatever was asked for); geometries in SWEREF 99, RT 90, Web Mercator or WGS84 in either axis order
/// are written to the work file as GeoJSON features in WGS84 longitude, latitude, every vertex kept.</summary>
public sealed class WfsSourceAdapter(SourceFetcher fetcher, IOptions<HarvestOptions> options) : PagedJsonSourceAdapter(fetcher, options)
{
    /// <summary>CRS84 is WGS84 in longitude, latitude order, as GeoJSON wants it.</summary>
    public const string DefaultSrsName = "urn:ogc:def:crs:OGC:1.3:CRS84";

    public const string DefaultOutputFormat = "application/json";

    public override SourceKind Kind => SourceKind.Wfs;
    protected override JsonRowShape Shape => JsonRowShape.Feature;
    protected override IReadOnlyDictionary<string, string> Facts { get; } = new Dictionary<string, string> { ["format"] = "WFS" };
    protected override IReadOnlyList<string> RecordsPath(SourceSettings settings) => ["features"];
    protected override string ItemKey(HarvestSource source, SourceSettings settings) => $"{source.Location}#{settings.TypeName}";

    protected override Uri FirstPage(Uri location, SourceSettings s) => Page(location, s, 0);

    private static Uri Page(Uri location, SourceSettings s, long startIndex) => WithQuery(location,
    [
        new("SERVICE", "WFS"), new("VERSION", "2.0.0"), new("REQUEST", "GetFeature"), new("TYPENAMES", s.TypeName ?? ""),
        new("OUTPUTFORMAT", s.OutputFormat ?? DefaultOutputFormat), new("SRSNAME", s.SrsName ?? DefaultSrsName),
        new("COUNT", s.PageSize.ToString()), new("STARTINDEX", startIndex.ToString()),
    ]);

    protected override Task<int> CopyPageAsync(string pagePath, RecordLinesWriter lines, SourceSettings settings, CancellationToken cancellationToken) =>
        FeaturePages.IsXml(pagePath)
            ? FeaturePages.CopyGmlAsync(pagePath, lines, settings.SrsName ?? DefaultSrsName, cancellationToken)
            : FeaturePages.CopyGeoJsonAsync(pagePath, lines, SourceCrs.Parse(settings.SrsName) ?? SourceCrs.Crs84(), cancellationToken);

    protected override Uri? NextPage(PageInfo page)
    {
        if (page.Records == 0) return null;
        var after = page.Offset + page.Records;
        // numberMatched says how many there are in all; without it a short page is the last one.
        var total = FeaturePages.IsXml(page.PagePath) ? FeaturePages.GmlNumberMatched(page.PagePath)
            : ReadPointer(page.PagePath, "/numberMatched") is { ValueKind: JsonValueKind.Number } matched && matched.TryGetInt64(out var n) ? n : null;
        if (total is { } all) return after < all ? Page(page.Url, page.Settings, after) : null;
        return page.Records < page.Settings.PageSize ? null : Page(page.Url, page.Settings, after);
    }
}

/// <summary>ArcGIS REST FeatureServer/MapServer layer query with <c>resultOffset</c> paging, as GeoJSON (<c>f=geojson</c>, the
/// default) or ArcGIS's own JSON (<c>format: "json"</c>, for servers older than 10.4 that know no GeoJSON); the latter's
/// geometries are read in the answer's spatial reference and written as GeoJSON in WGS84.</summary>
public sealed class ArcGisSourceAdapter(SourceFetcher fetcher, IOptions<HarvestOptions> options) : PagedJsonSourceAdapter(fetcher, options)
{
    public override SourceKind Kind => SourceKind.ArcGis;
    protected override JsonRowShape Shape => JsonRowShape.Feature;
    protected override IReadOnlyDictionary<string, string> Facts { get; } = new Dictionary<string, string> { ["format"] = "ArcGIS GeoJSON" };
    protected override IReadOnlyList<string> RecordsPath(SourceSettings settings) => ["features"];

    /// <summary>The layer URL (…/FeatureServer/0) gets <c>/query</c> unless it already ends with it.</summary>
    protected override Uri FirstPage(Uri location, SourceSettings s) => Page(QueryUrl(location), s, 0);

    private static Uri QueryUrl(Uri layer)
    {
        var path = layer.AbsolutePath.TrimEnd('/');
        if (path.EndsWith("/query", StringComparison.OrdinalIgnoreCase)) return layer;
        return new UriBuilder(layer) { Path = path + "/query" }.Uri;
    }

    private static Uri Page(Uri query, SourceSettings s, long offset) => WithQuery(query,
    [
        new("where", "1=1"), new("outFields", "*"), new("f", s.Format ?? "geojson"), new("outSR", "4326"),
        new("resultOffset", offset.ToString()), new("resultRecordCount", s.PageSize.ToString()),
    ]);

    protected override Task<int> CopyPageAsync(string pagePath, RecordLinesWriter lines, SourceSettings settings, CancellationToken cancellationToken) =>
        FeaturePages.CopyArcGisAsync(pagePath, lines, cancellationToken);

    protected override Uri? NextPage(PageInfo page)
    {
        if (page.Records == 0) return null;
        // The server may cap a page below what was asked; exceededTransferLimit says more remain.
        var more = ReadPointer(page.PagePath, "/properties/exceededTransferLimit") ?? ReadPointer(page.PagePath, "/exceededTransferLimit");
        if (more is { ValueKind: JsonValueKind.True } || page.Records >= page.Settings.PageSize)
            return Page(page.Url, page.Settings, page.Offset + page.Records);
        return null;
    }
}
